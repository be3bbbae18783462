// checkNotebook: everything compileNotebook reports (front matter, Markdown math, cell syntax, duplicate
// definitions) plus exercise ids that are not in the exercise registry.
import {compileNotebook} from "./compile.ts";
import type {CheckOptions, Diagnostic} from "./types.ts";

export function checkNotebook(source: string, path: string, {exerciseIds}: CheckOptions = {}): Diagnostic[] {
  const notebook = compileNotebook(source, path);
  const diagnostics = [...notebook.diagnostics];
  if (exerciseIds) {
    const known = new Set(exerciseIds);
    for (const cell of notebook.cells) {
      const id = cell.options.exercise;
      if (id !== undefined && !known.has(id)) {
        const hint = known.size ? ` (known: ${[...known].sort().join(", ")})` : "";
        diagnostics.push({file: path, line: cell.line - 1, column: 1, message: `unknown exercise '${id}'${hint}`, severity: "error"});
      }
    }
  }
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity === "warning" ? "warning: " : ""}${d.message}`;
}
