// The boundary to the exercise UI (src/client/exercise/, owned by the exercise part): if
// src/client/exercise/mount.ts exports `mountExercise`, every ```js exercise <id>``` cell is handed to it;
// otherwise exercise cells render as editable cells.
import type {CompileEdit} from "./editable.ts";
import type {CellHandle, Notebook} from "./notebook.ts";
import type {PageCell, PageData} from "./types.ts";

export interface ExerciseContext {
  page: PageData;
  notebook: Notebook;
  /** Builtins every cell sees (np, nn, __bs, Inputs, ...). */
  builtins: Record<string, unknown>;
  /** Compiles learner code the same way as edited cells (operators, loop guard). */
  compile: CompileEdit;
  /** The default behaviour: make the cell an editable, reactive cell; returns its handle. */
  defineEditable(root: HTMLElement, cell: PageCell): CellHandle;
}

export type MountExercise = (element: HTMLElement, cell: PageCell, context: ExerciseContext) => void | Promise<void>;

/**
 * Extra cell builtins from the exercise part (e.g. `learned(fn)`): src/client/exercise/builtins.ts may
 * export `createBuiltins(page, base)` returning runtime definitions (`name → () => value`).
 */
export type CreateBuiltins = (page: PageData, base: Record<string, unknown>) => Record<string, () => unknown>;

// Vite resolves the globs at build time: an empty object when the module does not exist.
const modules = import.meta.glob<{mountExercise?: MountExercise}>("./exercise/mount.ts");
const builtinModules = import.meta.glob<{createBuiltins?: CreateBuiltins}>("./exercise/builtins.ts");

export async function loadExerciseBuiltins(page: PageData, base: Record<string, unknown>): Promise<Record<string, () => unknown>> {
  const load = Object.values(builtinModules)[0];
  try {
    const create = load ? (await load()).createBuiltins : undefined;
    return create ? create(page, base) : {};
  } catch (error) {
    console.error("exercise builtins failed to load; cells that use them will say so", error);
    return {};
  }
}

export async function loadMountExercise(): Promise<MountExercise | null> {
  const load = Object.values(modules)[0];
  if (!load) return null;
  try {
    return (await load()).mountExercise ?? null;
  } catch (error) {
    console.error("the exercise UI failed to load; exercise cells fall back to editable cells", error);
    return null;
  }
}
