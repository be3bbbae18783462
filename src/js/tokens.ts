// Finds punctuation tokens between two AST positions, skipping whitespace, comments and parentheses,
// so string edits replace exactly the operator and never a comment or a closing paren.

/** Index of the first occurrence of `token` in source[from, to), outside comments; -1 when absent. */
export function findToken(source: string, from: number, to: number, token: string): number {
  let i = from;
  while (i < to) {
    if (source.startsWith("//", i)) {
      const end = source.indexOf("\n", i);
      i = end < 0 ? to : end + 1;
    } else if (source.startsWith("/*", i)) {
      const end = source.indexOf("*/", i + 2);
      i = end < 0 ? to : end + 2;
    } else if (source.startsWith(token, i)) {
      return i;
    } else {
      ++i;
    }
  }
  return -1;
}
