// The boundary to the exercise UI (src/client/exercise/): every ```js exercise <id>``` cell is handed to
// `mountExercise` from src/client/exercise/mount.ts, loaded lazily (pages without exercises never fetch
// it); if it fails to load, exercise cells fall back to editable cells so the learner can still work.
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
 * Extra cell builtins from the exercise part (e.g. `learned(fn)`): src/client/exercise/builtins.ts
 * exports `createBuiltins(page, base)` returning runtime definitions (`name → () => value`).
 */
export type CreateBuiltins = (page: PageData, base: Record<string, unknown>) => Record<string, () => unknown>;

export async function loadExerciseBuiltins(page: PageData, base: Record<string, unknown>): Promise<Record<string, () => unknown>> {
  try {
    const {createBuiltins} = (await import("./exercise/builtins.ts")) as {createBuiltins: CreateBuiltins};
    return createBuiltins(page, base);
  } catch (error) {
    console.error("exercise builtins failed to load; cells that use them will say so", error);
    return {};
  }
}

export async function loadMountExercise(): Promise<MountExercise | null> {
  try {
    const {mountExercise} = (await import("./exercise/mount.ts")) as {mountExercise: MountExercise};
    return mountExercise;
  } catch (error) {
    console.error("the exercise UI failed to load; exercise cells fall back to editable cells", error);
    return null;
  }
}
