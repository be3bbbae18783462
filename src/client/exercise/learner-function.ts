// Turns a passing learner source into a plain function for the page's later cells: the same compile
// as the checker (src/grader: operators, loop guard, strict mode), with step observation ignored.
import {compileLearnerCode} from "../../grader/index.ts";
import type {OperatorRuntime} from "../../js/index.ts";
import type {LoopGuard} from "../guard.ts";

export interface PageScope {
  np: unknown;
  nn: unknown;
  __bs: OperatorRuntime;
  __guard: LoopGuard;
}

const ignoreStep = <T>(_name: string, value: T): T => value;

export function instantiateLearnerFunction(source: string, fn: string, scope: PageScope): ((...args: unknown[]) => unknown) | null {
  try {
    const code = compileLearnerCode(source, "script");
    const factory = new Function("__bs", "__guard", "__observe", "np", "nn", `${code}\n;return typeof ${fn} === "function" ? ${fn} : null;\n//# sourceURL=exercise-${fn}.js`);
    return factory(scope.__bs, scope.__guard, ignoreStep, scope.np, scope.nn);
  } catch {
    return null;
  }
}
