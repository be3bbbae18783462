// Every correct solution the tests hold, per exercise id: the reference solutions, the course's own
// and the "guided" ones written only with what the lessons teach. Test data, never imported by the page.
import * as graderSolutions from "../unit/grader/solutions/others.ts";
import {compact, staged} from "../unit/grader/solutions/batchnorm_backward.ts";
import * as courseSolutions from "../unit/course/solutions.ts";
import * as guidedSolutions from "../unit/course/guided.ts";

export interface Solution {
  exercise: string;
  /** Where it comes from ("reference", "course", "guided", "staged", "compact"). */
  variant: string;
  source: string;
}

function fromModule(mod: Record<string, unknown>, variant: string): Solution[] {
  return Object.entries(mod).filter(([, v]) => typeof v === "string").map(([exercise, source]) => ({exercise, variant, source: source as string}));
}

export const correctSolutions: Solution[] = [
  ...fromModule(graderSolutions, "reference"),
  {exercise: "batchnorm_backward", variant: "staged", source: staged},
  {exercise: "batchnorm_backward", variant: "compact", source: compact},
  ...fromModule(courseSolutions, "course"),
  ...fromModule(guidedSolutions, "guided")
];
