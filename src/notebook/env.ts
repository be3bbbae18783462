// The state one compilation threads through markdown-it's rules (markdown-it passes it as `env`).
import type {CompileOptions, Diagnostic, GraphFigure, NotebookCell} from "./types.ts";

export interface NotebookEnv {
  path: string;
  /** Shared by all math in the lesson (front matter macros, then `\gdef`/`\newcommand` as they appear). */
  macros: Record<string, string>;
  diagnostics: Diagnostic[];
  cells: NotebookCell[];
  inlineCells: NotebookCell[];
  graphs: GraphFigure[];
  renderGraph?: CompileOptions["renderGraph"];
  /** markdown-it's env is an open record. */
  [key: string | symbol]: unknown;
}

export function report(env: NotebookEnv, line: number, column: number, message: string, severity: Diagnostic["severity"] = "error"): void {
  env.diagnostics.push({file: env.path, line, column, message, severity});
}
