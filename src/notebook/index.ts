// Public entry of src/notebook (no node: imports; the CLI does the file reading).
export type {CompiledNotebook, NotebookCell, CellOptions, Diagnostic, FrontMatter, CheckOptions, CompileOptions, GraphFigure} from "./types.ts";
export {compileNotebook} from "./compile.ts";
export {checkNotebook, formatDiagnostic} from "./check.ts";
export {renderMath} from "./math/render.ts";
