// Runs a lesson's cells on @observablehq/runtime, Framework-style: one variable per cell (named
// "cell <id>" when it declares several names, each name then its own variable), per-run `display`,
// `view` handed to the body, `__guard` shared, an observer per cell for pending/value/error.
import {Runtime, type Module, type Variable} from "@observablehq/runtime";
import {renderBlockValue, renderInlineValue} from "./display.ts";
import {cellSourceUrl, locateError} from "./errors.ts";
import {createLoopGuard, isLoopLimitError, type LoopGuard} from "./guard.ts";
import {observeInput, type InputElement} from "./inputs.ts";
import type {PageCell, PageData} from "./types.ts";

/** Names provided per cell run rather than by the runtime. */
const perRunNames = new Set(["display", "view"]);

export interface CellHandle {
  cell: PageCell;
  root: HTMLElement;
  output: HTMLElement;
  /** Replaces the cell's code (an edit) and re-runs it and its dependents. */
  redefine(cell: PageCell): void;
  /** Re-runs the cell with no loop limit (the "run without limit" button). */
  runWithoutLimit(): void;
}

export interface Notebook {
  runtime: Runtime;
  module: Module;
  guard: LoopGuard;
  cells: Map<string, CellHandle>;
  /** Defines a cell whose root element already exists in the page. */
  defineCell(cell: PageCell, root: HTMLElement): CellHandle;
}

/** Evaluates a compiled body with a sourceURL so stack frames name the cell. */
export function instantiateBody(lesson: string, cell: PageCell): (...args: unknown[]) => unknown {
  return (0, eval)(`(${cell.body}\n)\n//# sourceURL=${cellSourceUrl(lesson, cell.id)}`);
}

function setState(root: HTMLElement, state: "pending" | "fulfilled" | "rejected"): void {
  root.dataset.state = state;
}

/** Builtins are runtime definitions: wrap plain values (functions would otherwise be called). */
export function constantBuiltins(values: Record<string, unknown>): Record<string, () => unknown> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, () => value]));
}

/** `builtins` maps names to definitions (see constantBuiltins); `__guard` is added here. */
export function createNotebook(page: PageData, builtins: Record<string, () => unknown>): Notebook {
  const guard = createLoopGuard();
  const runtime = new Runtime({...builtins, __guard: () => guard});
  const module = runtime.module();
  const cells = new Map<string, CellHandle>();
  const sourceCells = new Map<string, PageCell>(); // current version of every cell, for error lines
  const fileName = page.file.split("/").pop() ?? page.file;
  /**
   * The cell whose failure this error repeats: the runtime rejects dependents of a failed variable with
   * RuntimeError(message, input) where `input` names the failed variable.
   */
  const upstreamCell = (error: unknown, self: string): PageCell | undefined => {
    const input = error instanceof Error && error.name === "RuntimeError" ? (error as {input?: unknown}).input : undefined;
    if (typeof input !== "string" || /is defined more than once$/.test(error instanceof Error ? error.message : "")) return undefined;
    const id = input.startsWith("cell ") ? input.slice(5) : [...sourceCells.values()].find((c) => c.outputs.includes(input))?.id;
    return id !== undefined && id !== self ? sourceCells.get(id) : undefined;
  };

  function defineCell(initial: PageCell, root: HTMLElement): CellHandle {
    let cell = initial;
    let version = 0;
    let unlimited = false;
    let variables: Variable[] = [];
    const inline = cell.mode === "inline";
    const output = root.querySelector<HTMLElement>(":scope > .bs-output") ?? root.appendChild(document.createElement(inline ? "span" : "div"));
    output.classList.add("bs-output");
    root.dataset.cellId = cell.id;

    const clear = () => output.replaceChildren();
    const showError = (error: unknown) => {
      clear();
      const upstream = upstreamCell(error, cell.id);
      const box = document.createElement(inline ? "span" : "div");
      box.className = "bs-error";
      if (upstream) {
        // An input failed; say where instead of repeating its message as if it were ours.
        box.classList.add("bs-error-upstream");
        box.textContent = `waiting for ${fileName}:${upstream.line}, which failed`;
      } else {
        const {text} = locateError(error, cell, page.lesson, fileName, sourceCells);
        box.append(document.createTextNode(text));
        if (isLoopLimitError(error)) {
          box.classList.add("bs-error-loop");
          const button = document.createElement("button");
          button.type = "button";
          button.className = "bs-run-unlimited";
          button.textContent = "run without limit";
          button.addEventListener("click", () => handle.runWithoutLimit());
          box.append(" ", button);
        }
      }
      output.append(box);
    };

    // A hidden cell still shows its errors: otherwise its dependents would point at nothing visible.
    const authoredHidden = root.hidden;
    const observer = {
      pending: () => setState(root, "pending"),
      fulfilled: () => {
        setState(root, "fulfilled");
        root.hidden = authoredHidden;
      },
      rejected: (error: unknown) => {
        setState(root, "rejected");
        root.hidden = false;
        showError(error);
      }
    };

    function define(): void {
      for (const v of variables) v.delete();
      variables = [];
      sourceCells.set(cell.id, cell);
      setState(root, "pending"); // until the runtime computes it (tests and CSS wait on this)
      if (cell.error) {
        const error = new SyntaxError(cell.error.message);
        const line = cell.error.line;
        clear();
        setState(root, "rejected");
        root.hidden = false;
        const box = document.createElement(inline ? "span" : "div");
        box.className = "bs-error";
        box.textContent = `${fileName}:${line}: ${error.name}: ${error.message}`;
        output.append(box);
        // Still define the names so dependents say "waiting" instead of "not defined".
        const failing = () => Promise.reject(error);
        for (const name of cell.outputs) variables.push(module.variable(true).define(name, [], failing));
        return;
      }
      let body: (...args: unknown[]) => unknown;
      try {
        body = instantiateBody(page.lesson, cell);
      } catch (error) {
        cell = {...cell, error: {message: `compiled code failed to load: ${(error as Error).message}`, line: cell.line}};
        return define();
      }
      const current = cell;
      const runtimeInputs = current.inputs.filter((name) => !perRunNames.has(name));
      const definition = (...values: unknown[]) => {
        const run = ++version;
        let shown = false;
        const display = (value: unknown) => {
          if (run !== version) return value; // a stale run (e.g. a late timer) must not draw
          if (!shown) clear(), (shown = true);
          output.append(inline ? renderInlineValue(value) : renderBlockValue(value));
          return value;
        };
        const view = (input: InputElement<unknown>) => observeInput(display(input) as InputElement<unknown>);
        const args = current.inputs.map((name) =>
          name === "display" ? display : name === "view" ? view : values[runtimeInputs.indexOf(name)]
        );
        const finish = (result: unknown) => {
          if (current.autodisplay && run === version) display(result);
          else if (!shown && run === version) clear();
          return result;
        };
        // A throw here becomes the variable's rejection (the runtime calls definitions inside a promise).
        const result = unlimited ? guard.withLimit(Infinity, () => body(...args)) : body(...args);
        return result instanceof Promise ? result.then(finish) : finish(result);
      };
      if (current.outputs.length <= 1 && !(current.outputs.length === 1 && current.autodisplay)) {
        // One declared name (or none): the body returns {name: value}; unwrap it.
        const name = current.outputs[0] ?? null;
        const unwrap = name === null ? definition : (...values: unknown[]) => {
          const result = definition(...values);
          return result instanceof Promise ? result.then((r) => (r as Record<string, unknown>)?.[name]) : (result as Record<string, unknown>)?.[name];
        };
        variables.push(module.variable(observer).define(name, runtimeInputs, unwrap));
      } else {
        const cellName = `cell ${current.id}`;
        variables.push(module.variable(observer).define(cellName, runtimeInputs, definition));
        for (const name of current.outputs) {
          variables.push(module.variable(true).define(name, [cellName], (all: Record<string, unknown>) => all?.[name]));
        }
      }
    }

    const handle: CellHandle = {
      get cell() {
        return cell;
      },
      root,
      output,
      redefine(next) {
        cell = next;
        unlimited = false;
        define();
      },
      runWithoutLimit() {
        unlimited = true;
        define();
      }
    };
    cells.set(cell.id, handle);
    define();
    return handle;
  }

  return {runtime, module, guard, cells, defineCell};
}
