// Inline math: `$…$` and `$$…$$` inside a sentence (the latter rendered display-style, inline in the paragraph).
// A `$` followed by a space, a candidate closing `$` followed by a digit, or `$5 … $` (number after the opening,
// space before the closing) is not math (`costs $5 and $10`). Math never runs into a code span.
// `\$` is markdown-it's escape rule's job; code spans are consumed by the backticks rule before we see their `$`.
import type {StateInline} from "markdown-it";

export function parseInlineMath(state: StateInline, silent: boolean): boolean {
  const {src, posMax} = state;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x24 /* $ */) return false;
  if (src.charCodeAt(start + 1) === 0x24) {
    const close = findClosing(src, start + 2, posMax, "$$");
    if (close < 0 || close === start + 2) {
      // An unmatched `$$`: keep both as text, so the second `$` does not open inline math.
      if (!silent) state.pending += "$$";
      state.pos = start + 2;
      return true;
    }
    if (!silent) pushMath(state, src.slice(start + 2, close), true, start);
    state.pos = close + 2;
    return true;
  }
  const next = src.charCodeAt(start + 1);
  if (Number.isNaN(next) || next === 0x20 || next === 0x09 || next === 0x0a) return false;
  let close = start + 1;
  for (;;) {
    close = findClosing(src, close, posMax, "$");
    if (close < 0) return false;
    if (!isDigit(src.charCodeAt(close + 1))) break;
    ++close;
  }
  if (close === start + 1) return false;
  const tex = src.slice(start + 1, close);
  // `$5 and $` is prices, not math: a number after the opening and a space before the closing `$`.
  if (isDigit(next) && /\s$/.test(tex)) return false;
  if (!silent) pushMath(state, tex, false, start);
  state.pos = close + 1;
  return true;
}

/** Index of `delimiter` at or after `from` that is not escaped by a backslash; -1 when absent before `max`. */
function findClosing(src: string, from: number, max: number, delimiter: string): number {
  for (let i = from; i < max; ++i) {
    const c = src.charCodeAt(i);
    if (c === 0x5c /* \ */) {
      ++i;
    } else if (c === 0x60 /* ` */) {
      return -1; // math never runs into a code span
    } else if (src.startsWith(delimiter, i) && i + delimiter.length <= max) {
      return i;
    }
  }
  return -1;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function pushMath(state: StateInline, tex: string, display: boolean, offset: number): void {
  const token = state.push("math_inline", "math", 0);
  token.content = tex;
  token.markup = display ? "$$" : "$";
  token.meta = {display, offset};
}
