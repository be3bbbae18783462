// Turns a passing learner source into a plain function for the page's later cells: same compiler as
// cells (operators, loop guard), no step observation.
import {transpileCode, type OperatorRuntime} from "../../js/index.ts";
import type {LoopGuard} from "../guard.ts";

export interface PageScope {
  np: unknown;
  nn: unknown;
  __bs: OperatorRuntime;
  __guard: LoopGuard;
}

export function instantiateLearnerFunction(source: string, fn: string, scope: PageScope): ((...args: unknown[]) => unknown) | null {
  try {
    const {code} = transpileCode(source, {observeSteps: false});
    const factory = new Function("__bs", "__guard", "np", "nn", `${code}\n;return typeof ${fn} === "function" ? ${fn} : null;\n//# sourceURL=exercise-${fn}.js`);
    return factory(scope.__bs, scope.__guard, scope.np, scope.nn);
  } catch {
    return null;
  }
}
