// Display math blocks: `$$` starting a line (closing `$$` on the same or a later line, blank lines allowed inside)
// and raw `\begin{align}…\end{align}`-style environments without dollars (indented up to 3 spaces).
// A line like `$$x$$ and more text` is not a block: the inline rule renders it inside the paragraph.
import type {StateBlock} from "markdown-it";

const environment = /^\\begin\{((?:align|alignat|aligned|equation|gather|gathered|multline|flalign|eqnarray|split|CD)\*?)\}/;

function lineText(state: StateBlock, line: number): string {
  return state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
}

export function parseDollarBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const first = lineText(state, startLine);
  if (!first.startsWith("$$")) return false;
  const rest = first.slice(2);
  let content: string;
  let nextLine: number;
  const sameLine = rest.indexOf("$$");
  if (sameLine >= 0) {
    if (rest.slice(sameLine + 2).trim() !== "" || rest.slice(0, sameLine).trim() === "") return false;
    content = rest.slice(0, sameLine);
    nextLine = startLine + 1;
  } else {
    const lines = [rest];
    let line = startLine + 1;
    for (; line < endLine; ++line) {
      const text = lineText(state, line);
      const close = text.indexOf("$$");
      if (close < 0) {
        lines.push(text);
        continue;
      }
      if (text.slice(close + 2).trim() !== "") return false;
      lines.push(text.slice(0, close));
      break;
    }
    if (line >= endLine) return false;
    content = lines.join("\n");
    nextLine = line + 1;
  }
  if (silent) return true;
  pushBlock(state, content, "$$", startLine, nextLine);
  return true;
}

export function parseEnvironmentBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const match = environment.exec(lineText(state, startLine));
  if (!match) return false;
  const end = `\\end{${match[1]}}`;
  const lines: string[] = [];
  let line = startLine;
  for (; line < endLine; ++line) {
    const text = lineText(state, line);
    lines.push(text);
    if (text.includes(end)) break;
  }
  if (line >= endLine) return false;
  if (silent) return true;
  pushBlock(state, lines.join("\n"), "environment", startLine, line + 1);
  return true;
}

function pushBlock(state: StateBlock, tex: string, markup: string, startLine: number, nextLine: number): void {
  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.content = tex;
  token.markup = markup;
  token.map = [startLine, nextLine];
  state.line = nextLine;
}
