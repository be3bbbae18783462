// The numerical-gradient check. A finite-difference gradient re-runs the forward pass once or twice
// per input element, and every forward makes tensors as large as the input; a backward pass makes a
// fixed handful of them, however it loops (naive convolution loops make window-sized tensors). So the
// measure is the number of input-sized tensors a call makes (counted by the runtime itself,
// src/tensor/work.ts), against the reference forward + backward of the same trial. Far over budget
// is flagged: a failed exercise in final mode, a note in practice. Plain-JavaScript loops over
// `.data` or `.get()` make no tensors and are not counted: that kind of numerical gradient is not
// caught (README, "What the integrity check catches").
import {isDense, type Dense} from "./dense.ts";
import {tensorsOfSize} from "../tensor/work.ts";
import type {PreparedTrial} from "./prepare.ts";
import type {Hint, LearnerOutcome, PlainValue, TrialReport} from "./types.ts";

export interface WorkBudget {
  /** Allowed multiple of the reference's input-sized tensors. */
  factor: number;
  /** Allowed input-sized tensors on top of that. */
  floor: number;
}

export const defaultWorkBudget: WorkBudget = {factor: 8, floor: 40};

export const numericGradientHint: Hint = {
  nudge: "This computes a numerical gradient instead of the backward pass: it re-evaluated the forward pass far more often than a backward pass needs.",
  fix: "Finite differences are how you check a gradient, not how you compute it here: derive each gradient with the chain rule from the cache and dout."
};

/** The size that counts as input-sized in a trial: its largest argument tensor. */
function largestArgument(args: PlainValue[]): number {
  let max = 1;
  const visit = (v: PlainValue) => {
    if (isDense(v)) max = Math.max(max, (v as Dense).data.length);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") Object.values(v).forEach(visit);
  };
  args.forEach(visit);
  return max;
}

/** Adds the work figures to the trial and, when over budget, the integrity diagnosis. */
export function checkWork(report: TrialReport, trial: PreparedTrial, outcome: LearnerOutcome, budget: WorkBudget): void {
  if (!outcome.work) return;
  const size = largestArgument(trial.args);
  const learner = tensorsOfSize(outcome.work, size), reference = Math.max(1, tensorsOfSize(trial.referenceWork, size));
  report.work = {learner, reference};
  if (learner > budget.factor * reference + budget.floor) {
    report.diagnoses.push({
      step: "", kind: "integrity", id: "numeric-gradient", trial: report.name,
      hint: {nudge: `${numericGradientHint.nudge} (trial ${report.name}: ${learner} input-sized tensors against ${reference} for the reference forward and backward)`, fix: numericGradientHint.fix}
    });
  }
}

/** The first trial that was flagged. */
export function flaggedTrial(trials: TrialReport[]): TrialReport | undefined {
  return trials.find((t) => t.diagnoses.some((d) => d.kind === "integrity"));
}
