// Entry point of a lesson page: reads the page data the Vite plugin embedded, defines every cell on the
// Observable runtime, mounts editors and exercises, then marks the page ready (tests wait for it).
import "katex/dist/katex.min.css";
import "./style.css";
import {watchScrollableRegions, withGroupRoles} from "./a11y.ts";
import {nn, np} from "../tensor/index.ts";
import {createOperatorRuntime, type TensorOps} from "../js/index.ts";
import {compileEdit} from "./compile.ts";
import {setupEditable} from "./editable.ts";
import {loadExerciseBuiltins, loadMountExercise, type ExerciseContext} from "./exercise-hook.ts";
import {Inputs} from "./inputs.ts";
import {constantBuiltins, createNotebook, type CellHandle} from "./notebook.ts";
import type {PageCell, PageData} from "./types.ts";
import {observeWidth} from "./width.ts";

function readPageData(): PageData {
  const script = document.getElementById("bs-page-data");
  if (!script?.textContent) throw new Error("lesson page: missing #bs-page-data (was the page built by src/vite?)");
  return JSON.parse(script.textContent) as PageData;
}

function findRoot(cell: PageCell, main: Element): HTMLElement {
  const found = main.querySelector<HTMLElement>(`[data-cell-id="${CSS.escape(cell.id)}"]`);
  if (found) return found;
  // The compiler always emits a placeholder; this only keeps a cell visible if one went missing.
  const root = document.createElement(cell.mode === "inline" ? "span" : "div");
  root.className = cell.mode === "inline" ? "bs-inline" : "bs-cell";
  main.append(root);
  return root;
}

async function boot(): Promise<void> {
  const page = readPageData();
  const main = document.querySelector(".bs-lesson") ?? document.body;
  const values = {np, nn, __bs: createOperatorRuntime(np as unknown as TensorOps), Inputs};
  const notebook = createNotebook(page, {
    ...constantBuiltins(values),
    width: () => observeWidth(main),
    // Loaded only when a cell mentions them.
    Plot: () => import("@observablehq/plot").then((Plot) => ({...Plot, plot: (options: Parameters<typeof Plot.plot>[0]) => withGroupRoles(Plot.plot(options))})),
    graph: () => import("../graph/index.ts").then((m) => m.graph),
    ...(await loadExerciseBuiltins(page, values))
  });
  const defineEditable = (root: HTMLElement, cell: PageCell): CellHandle => {
    const editable = setupEditable(root, cell, page.lesson, compileEdit);
    const handle = notebook.defineCell(editable.initial, root);
    editable.attach(handle);
    return handle;
  };
  const mountExercise = page.cells.some((c) => c.options.exercise) ? await loadMountExercise() : null;
  const context: ExerciseContext = {page, notebook, builtins: values, compile: compileEdit, defineEditable};
  for (const cell of page.cells) {
    const root = findRoot(cell, main);
    if (cell.options.exercise && mountExercise) await mountExercise(root, cell, context);
    else if (cell.options.editable || cell.options.exercise) defineEditable(root, cell);
    else notebook.defineCell(cell, root);
  }
  watchScrollableRegions(main as HTMLElement);
  document.documentElement.dataset.backstep = "ready";
}

boot().catch((error) => {
  console.error(error);
  const box = document.createElement("div");
  box.className = "bs-error bs-boot-error";
  box.textContent = `Backstep could not start this page: ${error instanceof Error ? error.message : String(error)}`;
  document.body.prepend(box);
  document.documentElement.dataset.backstep = "failed";
});
