// checkNotebook: everything compileNotebook reports (front matter, Markdown math, cell syntax, duplicate
// definitions) plus exercise ids (of exercise cells and graph figures) that are not in the exercise registry.
import {compileNotebook} from "./compile.ts";
import type {CheckOptions, Diagnostic} from "./types.ts";

export function checkNotebook(source: string, path: string, {exerciseIds}: CheckOptions = {}): Diagnostic[] {
  const notebook = compileNotebook(source, path);
  const diagnostics = [...notebook.diagnostics];
  if (exerciseIds) {
    const known = new Set(exerciseIds);
    const hint = known.size ? ` (known: ${[...known].sort().join(", ")})` : "";
    // Cells point at their fence line (the line before the source); graph figures are the fence line.
    const uses = [
      ...notebook.cells.map((cell) => ({id: cell.options.exercise, line: cell.line - 1})),
      ...notebook.graphs.map((figure) => ({id: figure.exercise, line: figure.line}))
    ];
    for (const {id, line} of uses) {
      if (id !== undefined && !known.has(id)) {
        diagnostics.push({file: path, line, column: 1, message: `unknown exercise '${id}'${hint}`, severity: "error"});
      }
    }
  }
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity === "warning" ? "warning: " : ""}${d.message}`;
}
