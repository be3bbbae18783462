// Types at the boundary of src/notebook: what compileNotebook gives the Vite plugin, client and `backstep check`.
import type {CompiledCell} from "../js/types.ts";

/** A problem in a lesson file, located at a 1-based line and column (column 1 when unknown). */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
  severity: "error" | "warning";
}

/** Options from the fence info string, e.g. ```js echo editable``` or ```js exercise batchnorm_backward```. */
export interface CellOptions {
  /** Runs but shows no output (and no source). */
  hidden: boolean;
  /** Shows the source above the output. */
  echo: boolean;
  /** The learner can edit it (CodeMirror); implies the source is shown. */
  editable: boolean;
  /** The exercise id this cell belongs to (```js exercise <id>```). */
  exercise?: string;
}

/** One ```js fence (block cell) or `${…}` (inline cell). */
export interface NotebookCell {
  /** Stable within a lesson: "cell-1", "cell-2", … for blocks, "inline-1", … for `${…}`, in document order. */
  id: string;
  /** 1-based line in the .md file of the cell's first source line (the line after the fence). */
  line: number;
  /** The author's source (without the fence lines). */
  source: string;
  /** Hash of `source` (8 hex chars, FNV-1a): lets the client see that the authored version changed. */
  hash: string;
  lang: "js";
  inline: boolean;
  options: CellOptions;
  /** Null when the source has a syntax error (see the lesson's diagnostics and `error`). */
  compiled: CompiledCell | null;
  /** The syntax error, located in the .md file; null when it compiled. */
  error: CellError | null;
}

/** A ```graph <exercise-id> [gradients]``` fence: a static drawing of the exercise's forward graph. */
export interface GraphFigure {
  /** 1-based line of the fence in the .md file. */
  line: number;
  exercise: string;
  /** Also draw the reference gradients (red). Off by default: they are the exercise's answers. */
  gradients: boolean;
  /** The fence's text, shown as the figure's caption ("" for none). */
  caption: string;
}

export interface CompileOptions {
  /**
   * Draws a graph figure as SVG markup at compile time (the Vite plugin passes one). Throwing reports the
   * message at the fence line. Without it, graph figures are empty placeholders.
   */
  renderGraph?: (figure: GraphFigure) => string;
}

export interface FrontMatter {
  title?: string;
  order?: number;
  /** KaTeX macros shared by all math in the lesson, e.g. {"\\RR": "\\mathbb{R}"}. */
  macros?: Record<string, string>;
  [key: string]: unknown;
}

export interface CompiledNotebook {
  path: string;
  /** Front matter title, else the first `# heading`, else the file name. */
  title: string;
  /** Front matter `order` (lessons sort by it), else Infinity. */
  order: number;
  frontMatter: FrontMatter;
  /**
   * Static HTML of the lesson: prose with KaTeX already rendered. Each block cell is a
   * `<div class="bs-cell" data-cell-id="cell-N" data-line="L">` (hidden cells get the `hidden` attribute;
   * echo/editable cells contain `<pre class="bs-cell-source"><code class="language-js">…</code></pre>`),
   * each inline cell a `<span class="bs-inline" data-cell-id="inline-N" data-line="L"></span>`.
   * Math errors are `<span class="bs-math-error" title="message"><code>TeX</code> <span class="bs-math-error-message">message</span></span>`.
   */
  html: string;
  /** Block cells in document order (inline cells are in `inlineExpressions`). */
  cells: NotebookCell[];
  inlineExpressions: NotebookCell[];
  /** ```graph``` figures in document order (drawn into `html` when a renderGraph was given). */
  graphs: GraphFigure[];
  diagnostics: Diagnostic[];
}

export interface CheckOptions {
  /** Known exercise ids; when given, ```js exercise <id>``` or ```graph <id>``` with another id is an error. */
  exerciseIds?: Iterable<string>;
}

/** Where and why a cell did not compile, in .md coordinates. */
export interface CellError {
  message: string;
  file: string;
  line: number;
  column: number;
}
