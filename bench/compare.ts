// Checks that the columns of one workload computed the same numbers (so they did the same work).
import {maxAbs, maxAbsDiff} from "./data.ts";
import type {Outputs} from "./workloads.ts";

export interface Agreement {
  /** Worst max-abs-diff over outputs, relative to that output's largest magnitude (≥1). */
  worst: number;
  /** Per output: "name diff (max|ref|)". */
  detail: string[];
  ok: boolean;
}

/**
 * Compares `got` with the hand-written reference output by output. `tolerance` is relative to
 * max(1, max|ref|): float64 columns differ only by summation order (1e-9), tfjs by float32 rounding (1e-4).
 */
export function compareOutputs(got: Outputs, reference: Outputs, tolerance: number): Agreement {
  const detail: string[] = [];
  let worst = 0;
  for (const [name, ref] of Object.entries(reference)) {
    const value = got[name];
    const scale = Math.max(1, maxAbs(ref));
    const diff = value ? maxAbsDiff(value, ref) : Infinity;
    worst = Math.max(worst, diff / scale);
    detail.push(value ? `${name} ${diff.toExponential(1)} (${formatMagnitude(maxAbs(ref))})` : `${name} missing`);
    if (value && value.length !== ref.length) detail[detail.length - 1] = `${name} length ${value.length}≠${ref.length}`;
  }
  return {worst, detail, ok: worst <= tolerance};
}

function formatMagnitude(v: number): string {
  return v >= 0.01 && v < 1000 ? v.toPrecision(3) : v.toExponential(1);
}

/** Tolerances relative to max(1, max|ref|): float64 columns differ only by summation order, tfjs by float32 rounding. */
export const tolerance = {backstep: 1e-9, tfjs: 1e-4} as const;

/** Compares the Backstep and tfjs columns of a prepared workload with its hand-written column. */
export function checkAgainstHand(steps: Record<"backstep" | "tfjs" | "hand", {results: () => Outputs} | null>): Partial<Record<"backstep" | "tfjs", Agreement>> {
  const reference = steps.hand?.results();
  const agreement: Partial<Record<"backstep" | "tfjs", Agreement>> = {};
  if (!reference) return agreement;
  for (const column of ["backstep", "tfjs"] as const) {
    const step = steps[column];
    if (step) agreement[column] = compareOutputs(step.results(), reference, tolerance[column]);
  }
  return agreement;
}
