// The markdown-it instance for lessons: each syntax rule is a small function registered in markdown-it's chains.
import markdownIt from "markdown-it";
import type {MarkdownIt, StateCore, Token} from "markdown-it";
import {compileBlockCell, compileInlineCell, parseFenceInfo} from "./cells.ts";
import {report, type NotebookEnv} from "./env.ts";
import {compileGraphFence, isGraphFence} from "./graph-fence.ts";
import {parseDollarBlock, parseEnvironmentBlock} from "./math/block-rules.ts";
import {parseInlineMath} from "./math/inline-rule.ts";
import {escapeHtml, renderMath} from "./math/render.ts";
import {parsePlaceholder} from "./placeholder-rule.ts";
import type {NotebookCell} from "./types.ts";

export function createMarkdown(): MarkdownIt {
  const md = markdownIt({html: true, linkify: false, typographer: false});
  const blockAlt = {alt: ["paragraph", "reference", "blockquote", "list"]};
  md.block.ruler.before("fence", "math_dollar_block", parseDollarBlock, blockAlt);
  md.block.ruler.before("fence", "math_environment", parseEnvironmentBlock, blockAlt);
  // `${…}` must win over `$` math: the placeholder rule runs first.
  md.inline.ruler.before("text", "bs_placeholder", parsePlaceholder);
  md.inline.ruler.after("bs_placeholder", "math_inline", parseInlineMath);
  // After inline parsing every token knows its line: compile cells and render math in document order
  // (so `\gdef` in one formula is visible in the next).
  md.core.ruler.after("inline", "bs_compile", compileTokens);
  // Tokens our core rule did not reach (e.g. nested inline parses) fall back to their source text.
  md.renderer.rules.math_inline = (tokens, i) => metaOf(tokens[i]).html ?? escapeHtml(tokens[i].markup + tokens[i].content + tokens[i].markup);
  md.renderer.rules.math_block = (tokens, i) => `<div class="bs-math">${metaOf(tokens[i]).html}</div>\n`;
  md.renderer.rules.bs_placeholder = (tokens, i) => {
    const cell = metaOf(tokens[i]).cell;
    return cell ? renderInlineCell(cell) : escapeHtml("${" + tokens[i].content + "}");
  };
  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, i, options, env, self) => {
    const {cell, html} = metaOf(tokens[i]);
    if (html !== undefined) return html;
    return cell ? renderBlockCell(cell) : fence(tokens, i, options, env, self);
  };
  return md;
}

/** What our rules keep on a token: the inline rules' source offset, then the rendered math or the compiled cell. */
interface TokenMeta {
  offset?: number;
  display?: boolean;
  html?: string;
  cell?: NotebookCell;
}

function metaOf(token: Token): TokenMeta {
  return (token.meta ?? {}) as TokenMeta;
}

function compileTokens(state: StateCore): void {
  const env = state.env as unknown as NotebookEnv;
  // Inline tokens of table cells have no map of their own: use the enclosing row's.
  let lastMap: [number, number] = [0, 1];
  for (const token of state.tokens) {
    if (token.map) lastMap = token.map;
    if (token.type === "fence" && token.map && isGraphFence(token.info)) {
      token.meta = {html: compileGraphFence(env, token.info, token.content, token.map[0] + 1)};
    } else if (token.type === "fence" && token.map) {
      const fence = parseFenceInfo(token.info);
      if (!fence.live) continue;
      const source = token.content.replace(/\n$/, "");
      token.meta = {cell: compileBlockCell(env, source, token.map[0] + 2, fence)};
    } else if (token.type === "math_block" && token.map) {
      token.meta = {html: renderWithReport(env, token.content, true, token.map[0] + 1, 1)};
    } else if (token.type === "inline" && token.children) {
      compileInline(env, token, token.map ?? lastMap);
    }
  }
}

function compileInline(env: NotebookEnv, parent: Token, map: [number, number]): void {
  const content = parent.content;
  for (const child of parent.children!) {
    if (child.type !== "math_inline" && child.type !== "bs_placeholder") continue;
    const offset = metaOf(child).offset!;
    const before = content.slice(0, offset);
    const line = map[0] + 1 + countNewlines(before);
    const column = offset - before.lastIndexOf("\n");
    if (child.type === "bs_placeholder") {
      child.meta = {cell: compileInlineCell(env, child.content, line, column + 2)};
    } else {
      const display = metaOf(child).display === true;
      // Inline `$$…$$` in a sentence: display style, but kept inline in the paragraph.
      const tex = display ? `\\displaystyle ${child.content}` : child.content;
      const html = renderWithReport(env, tex, false, line, column);
      child.meta = {html: display ? `<span class="bs-math-inline-display">${html}</span>` : html};
    }
  }
}

function renderWithReport(env: NotebookEnv, tex: string, display: boolean, line: number, column: number): string {
  const result = renderMath(tex, {display, macros: env.macros});
  if (result.error !== null) report(env, line, column, `math: ${result.error}`);
  return result.html;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) ++n;
  return n;
}

function renderBlockCell(cell: NotebookCell): string {
  const {hidden, echo, editable, exercise} = cell.options;
  const attributes = [
    `class="bs-cell${editable ? " bs-cell--editable" : ""}${exercise ? " bs-cell--exercise" : ""}"`,
    `data-cell-id="${cell.id}"`,
    `data-line="${cell.line}"`,
    exercise ? `data-exercise="${escapeHtml(exercise)}"` : "",
    hidden ? "hidden" : ""
  ].filter(Boolean);
  const source = (echo || editable) && !hidden
    ? `<pre class="bs-cell-source"><code class="language-js">${escapeHtml(cell.source)}</code></pre>` : "";
  return `<div ${attributes.join(" ")}>${source}</div>\n`;
}

function renderInlineCell(cell: NotebookCell): string {
  return `<span class="bs-inline" data-cell-id="${cell.id}" data-line="${cell.line}"></span>`;
}

export {report};
