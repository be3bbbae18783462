// Types at the boundary of src/js: what the cell/exercise compiler hands to the browser runtime and grader.

/** A cell compiled for @observablehq/runtime (shape follows Observable Framework's `define` calls). */
export interface CompiledCell {
  /**
   * Names the body reads, in parameter order: other cells' variables, builtins (`np`, `display`, `view`)
   * and the compiler's runtime helpers `__bs` (tensor operators) and `__guard` (loop guard), which the
   * client registers as module builtins.
   */
  inputs: string[];
  /** Top-level names the cell declares; the body returns them as an object `{x, y}`. */
  outputs: string[];
  /** True when the cell is a single expression whose value is displayed. */
  expression: boolean;
  /** True when the body uses top-level `await` (the body is then an async arrow function). */
  async: boolean;
  /**
   * Function source: `(a, b) => {…\n…\nreturn {x, y};\n}`. Line 1 of `body` is a header; body line k ≥ 2
   * is line k - 1 of the cell's source (see `bodyLineToSourceLine`). Evaluate with `(0, eval)("(" + body + ")")`
   * (the added "(" stays on line 1).
   */
  body: string;
}

/** Options for compiling cell or exercise code. */
export interface TranspileOptions {
  /** Rewrite arithmetic/comparison/indexing to `__bs.*` calls (default true). */
  operators?: boolean;
  /** Insert loop/recursion guards calling `__guard()` (default true). */
  guardLoops?: boolean;
  /** Report `d*` variables inside named functions via `__observe(name, value, line)` (default false). */
  observeSteps?: boolean;
  /** Line of the first source line in the enclosing file (1-based), used for `__observe` lines and errors. */
  line?: number;
}

/** A JavaScript syntax error located in the source (1-based line, 0-based column). */
export interface SourceError {
  message: string;
  line: number;
  column: number;
}

/** The tensor-operator helpers compiled code calls as `__bs.<name>(…)`. */
export interface OperatorRuntime {
  add(a: unknown, b: unknown): unknown;
  sub(a: unknown, b: unknown): unknown;
  mul(a: unknown, b: unknown): unknown;
  div(a: unknown, b: unknown): unknown;
  mod(a: unknown, b: unknown): unknown;
  pow(a: unknown, b: unknown): unknown;
  lt(a: unknown, b: unknown): unknown;
  le(a: unknown, b: unknown): unknown;
  gt(a: unknown, b: unknown): unknown;
  ge(a: unknown, b: unknown): unknown;
  neg(a: unknown): unknown;
  pos(a: unknown): unknown;
  /** `x[i, j]` / `x[i]`: tensors use `x.get(...index)`, anything else plain `x[i]`. */
  get(x: unknown, index: unknown[]): unknown;
  /** `x[i, j] = v`: tensors use `x.set(index, v)`; returns v. */
  set(x: unknown, index: unknown[], value: unknown): unknown;
  /** Compound assignment on a member: `x[i] += v` → `update(x, [i], __bs.add, v)`, `o.p *= v` → `update(o, "p", __bs.mul, v)`. */
  update(x: unknown, key: unknown[] | string, op: (a: unknown, b: unknown) => unknown, value: unknown): unknown;
}
