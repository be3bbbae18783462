// Inline `${expression}` in prose: a live value (an inline cell). Registered before the math rule so
// `${x} and $y$` is a placeholder and not math starting at the first `$`.
import type {StateInline} from "markdown-it";

export function parsePlaceholder(state: StateInline, silent: boolean): boolean {
  const {src, posMax} = state;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x24 /* $ */ || src.charCodeAt(start + 1) !== 0x7b /* { */) return false;
  const close = findClosingBrace(src, start + 2, posMax);
  if (close < 0) return false;
  if (!silent) {
    const token = state.push("bs_placeholder", "", 0);
    token.content = src.slice(start + 2, close);
    token.meta = {offset: start};
  }
  state.pos = close + 1;
  return true;
}

/** Index of the `}` that closes a `{` opened just before `from`, skipping strings, templates and comments. */
export function findClosingBrace(src: string, from: number, max: number): number {
  let depth = 0;
  for (let i = from; i < max; ++i) {
    const c = src[i];
    if (c === "{") ++depth;
    else if (c === "}") {
      if (depth === 0) return i;
      --depth;
    } else if (c === '"' || c === "'" || c === "`") {
      for (++i; i < max && src[i] !== c; ++i) if (src[i] === "\\") ++i;
    } else if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      if (end < 0) return -1;
      i = end + 1;
    }
  }
  return -1;
}
