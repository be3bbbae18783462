// How a learner's returned value is read, one rule for every realm that grades (the page's Worker,
// tests, the `backstep grade` sandbox): only the slots a step grades (`output: i`) are read; other
// slots (a cs231n-style `cache` next to `out`) are the learner's business and never fail a check.
import type {ExerciseDef} from "./types.ts";

/** For each name in `def.returns`: whether some step grades that slot. */
export function gradedReturns(def: Pick<ExerciseDef, "returns" | "steps">): boolean[] {
  const graded = def.returns.map(() => false);
  for (const step of def.steps) if (step.output !== undefined && step.output < graded.length) graded[step.output] = true;
  return graded;
}
