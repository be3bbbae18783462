// Grader internals the tests reach into.
export {prepareTrials, runForward, formatReport} from "../../../src/grader/index.ts";
import type {PreparedTrial} from "../../../src/grader/index.ts";

export function collectNamedForTest(trial: PreparedTrial): Record<string, unknown> {
  return trial.context.named;
}
