// ```graph <exercise-id> [gradients]``` fences: a static figure of an exercise's forward graph. The compiler
// only parses the fence and places the figure; drawing needs the tensor runtime and the exercise registry,
// so whoever has them (the Vite plugin) passes `renderGraph`. Without it the figure is an empty placeholder.
import {report, type NotebookEnv} from "./env.ts";
import markdownIt from "markdown-it";
import type {StateInline, Token} from "markdown-it";
import {parseInlineMath} from "./math/inline-rule.ts";
import {escapeHtml, renderMath} from "./math/render.ts";
import type {GraphFigure} from "./types.ts";

export function isGraphFence(info: string): boolean {
  return info.trim().split(/\s+/)[0] === "graph";
}

/** Parses the fence (`line` is its 1-based file line), reports bad options, and returns the figure's HTML. */
export function compileGraphFence(env: NotebookEnv, info: string, body: string, line: number): string {
  const [, id, ...words] = info.trim().split(/\s+/);
  if (!id) {
    report(env, line, 1, "graph fence needs an exercise id: ```graph <exercise-id>```");
    return "";
  }
  const figure: GraphFigure = {line, exercise: id, gradients: false, caption: body.trim()};
  for (const word of words) {
    if (word === "gradients") figure.gradients = true;
    else report(env, line, 1, `unknown graph option '${word}' (options: gradients)`);
  }
  env.graphs.push(figure);
  let svg = "";
  if (env.renderGraph) {
    try {
      svg = env.renderGraph(figure);
    } catch (error) {
      const message = (error as Error).message.replace(/^graph: /, "");
      report(env, line, 1, `graph: ${message}`);
      svg = `<span class="bs-graph-error">${escapeHtml(message)}</span>`;
    }
  }
  const caption = figure.caption ? `<figcaption>${renderCaption(env, figure.caption, line)}</figcaption>` : "";
  // A graph is often wider than the text column: it scrolls sideways, its caption stays put.
  return `<figure class="bs-graph-figure" data-exercise="${escapeHtml(id)}" data-line="${line}" style="margin:1em 0">` +
    `<div class="bs-graph-scroll" style="overflow-x:auto">${svg}</div>${caption}</figure>\n`;
}

/**
 * Captions are inline Markdown (`code`, *emphasis*, $math$) without raw HTML: a caption is one short
 * sentence, so a small inline-only parser is enough (no cells, no placeholders).
 */
const captionMarkdown = markdownIt({html: false, linkify: false, typographer: false});
captionMarkdown.inline.ruler.before("text", "math_inline", (state: StateInline, silent: boolean) => parseInlineMath(state, silent));

function renderCaption(env: NotebookEnv, caption: string, line: number): string {
  const renderer = captionMarkdown.renderer;
  renderer.rules.math_inline = (tokens: Token[], i: number) => {
    const token = tokens[i];
    const display = (token.meta as {display?: boolean} | null)?.display === true;
    const result = renderMath(display ? `\\displaystyle ${token.content}` : token.content, {display: false, macros: env.macros});
    if (result.error !== null) report(env, line, 1, `math: ${result.error}`);
    return result.html;
  };
  return captionMarkdown.renderInline(caption, {});
}
