// Converts the compiler's output (src/notebook) into the JSON a lesson page carries (src/client/types.ts).
import type {CompiledNotebook, NotebookCell} from "../notebook/types.ts";
import type {PageCell, PageData} from "../client/types.ts";

export function toPageCell(cell: NotebookCell): PageCell {
  const compiled = cell.compiled;
  return {
    id: cell.id,
    mode: cell.inline ? "inline" : "block",
    line: cell.line,
    source: cell.source,
    options: {...cell.options},
    inputs: compiled?.inputs ?? [],
    outputs: compiled?.outputs ?? [],
    body: compiled?.body ?? "() => {}",
    autodisplay: false, // the compiler already wraps expression cells in display(…)
    bodyFirstLine: 2,
    // The page prefixes "file:line: " itself.
    ...(compiled ? {} : {error: {message: cell.error?.message ?? "the cell did not compile", line: cell.error?.line ?? cell.line}})
  };
}

export function lessonName(path: string): string {
  return (path.split("/").pop() ?? path).replace(/\.md$/, "");
}

export function toPageData(notebook: CompiledNotebook, file: string): PageData {
  const cells = [...notebook.cells, ...notebook.inlineExpressions].map(toPageCell);
  const exercises = [...new Set(notebook.cells.flatMap((c) => (c.options.exercise ? [c.options.exercise] : [])))];
  return {lesson: lessonName(file), file, title: notebook.title, cells, exercises};
}

/** JSON safe inside <script type="application/json"> (no "</script>", no "<!--"). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
