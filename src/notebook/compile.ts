// compileNotebook: a lesson's Markdown → static HTML (math pre-rendered), cells for the runtime, and diagnostics.
import {checkDefinitions} from "./cells.ts";
import {report, type NotebookEnv} from "./env.ts";
import {splitFrontMatter} from "./front-matter.ts";
import {createMarkdown} from "./markdown.ts";
import type {CompiledNotebook, CompileOptions} from "./types.ts";
import type {Token} from "markdown-it";

let markdown: ReturnType<typeof createMarkdown> | null = null;

export function compileNotebook(source: string, path: string, options: CompileOptions = {}): CompiledNotebook {
  markdown ??= createMarkdown();
  const front = splitFrontMatter(source);
  const env: NotebookEnv = {path, macros: {...(front.error ? {} : front.data.macros ?? {})}, diagnostics: [], cells: [], inlineCells: [], graphs: [], renderGraph: options.renderGraph};
  if (front.error) report(env, front.error.line, 1, front.error.message);
  const tokens = markdown.parse(front.body, env);
  const html = markdown.renderer.render(tokens, markdown.options, env);
  checkDefinitions(env);
  env.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    path,
    title: typeof front.data.title === "string" ? front.data.title : findHeading(tokens) ?? baseName(path),
    order: typeof front.data.order === "number" ? front.data.order : Infinity,
    frontMatter: front.data,
    html,
    cells: env.cells,
    inlineExpressions: env.inlineCells,
    graphs: env.graphs,
    diagnostics: env.diagnostics
  };
}

function findHeading(tokens: Token[]): string | null {
  const index = tokens.findIndex((t) => t.type === "heading_open" && t.tag === "h1");
  if (index < 0) return null;
  const inline = tokens[index + 1];
  return (inline.children ?? []).filter((t) => t.type === "text" || t.type === "code_inline").map((t) => t.content).join("") || inline.content;
}

function baseName(path: string): string {
  return path.replace(/^.*[\\/]/, "").replace(/\.md$/, "");
}
