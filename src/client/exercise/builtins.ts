// Cell builtins from the exercise part, merged into every lesson's runtime by src/client/lesson.ts:
// `learned(fn)` returns the learner's last passing function named `fn` from any lesson (or null), so a
// later lesson can run the network on the learner's own backward passes.
import {getExercise} from "../../../content/exercises/index.ts";
import type {CreateBuiltins} from "../exercise-hook.ts";
import {createLoopGuard} from "../guard.ts";
import {readExerciseProgress} from "../progress.ts";
import {instantiateLearnerFunction, type PageScope} from "./learner-function.ts";
import {safeStorage} from "../storage.ts";

const passingKey = /^backstep:exercise:(.+):([^:]+):passing$/;

/** The newest passing source whose exercise's function is named `fn`, across lessons. */
export function findPassingSource(fn: string, store: Storage | null = safeStorage()): string | null {
  if (!store) return null;
  let best: {source: string; at: number} | null = null;
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    const m = key ? passingKey.exec(key) : null;
    if (!m || getExercise(m[2])?.fn !== fn) continue;
    const source = store.getItem(key!);
    if (source === null) continue;
    const at = readExerciseProgress(m[1], m[2])?.updatedAt ?? 0;
    if (!best || at > best.at) best = {source, at};
  }
  return best?.source ?? null;
}

export const createBuiltins: CreateBuiltins = (_page, base) => {
  const scope: PageScope = {np: base.np, nn: base.nn, __bs: base.__bs as PageScope["__bs"], __guard: createLoopGuard()};
  const learned = (fn: string): ((...args: unknown[]) => unknown) | null => {
    const source = findPassingSource(fn);
    return source === null ? null : instantiateLearnerFunction(source, fn, scope);
  };
  return {learned: () => learned};
};
