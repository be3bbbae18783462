// Judges what a learner's function returned against trusted references (runs outside the isolate,
// so nothing the submission did can change the comparison). NaN-safe: a value passes only when
// `err <= tol` is true, so NaN never passes.
import type {CallOutcome, ExerciseResult, PlainTensor, PlainValue, PreparedCall, Trial, TrialResult} from "./types.ts";
/** What the fallback judge needs to know about an exercise. */
export interface JudgedExercise {
  id: string;
  fn: string;
  title: string;
  points: number;
  outputs: string[];
  tolerance: number;
  hint?(step: string): string | undefined;
}

const formatShape = (shape: number[]) => `(${shape.join(shape.length === 1 ? "" : ",")}${shape.length === 1 ? "," : ""})`;

/** cs231n's rel_error: max |a-b| / max(1e-8, |a|+|b|); NaN when any element is not finite. */
export function relError(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i] - b[i]) / Math.max(1e-8, Math.abs(a[i]) + Math.abs(b[i]));
    if (Number.isNaN(e)) return NaN;
    if (e > worst) worst = e;
  }
  return worst;
}

/** Why `got` does not match `want`, or null when it does. */
export function compareTensor(name: string, got: PlainTensor, want: PlainTensor, tol: number): {message: string; error?: number} | null {
  const same = got.shape.length === want.shape.length && got.shape.every((n, i) => n === want.shape[i]);
  if (!same) return {message: `${name} has shape ${formatShape(got.shape)}; expected ${formatShape(want.shape)}`};
  for (let i = 0; i < got.data.length; i++) {
    const v = got.data[i];
    if (!Number.isFinite(v)) return {message: `${name} contains ${Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity"} (first at element ${i})`};
  }
  const err = relError(got.data, want.data);
  if (!(err <= tol)) return {message: `${name} is wrong: relative error ${err.toExponential(1)} (tolerance ${tol.toExponential(0)})`, error: err};
  return null;
}

function describeFailure(outcome: CallOutcome, fn: string, limits: {timeoutMs: number; memoryMb: number}): string {
  const e = outcome.error!;
  const at = e.line ? ` (line ${e.line})` : "";
  switch (e.kind) {
    case "threw": return `${fn} threw ${e.message}${at}`;
    case "returned": return `${fn} ${e.message}${at}`;
    case "timeout": return `${fn} timed out after ${limits.timeoutMs / 1000} s (an endless loop?)`;
    case "memory": return `${fn} ran out of memory (limit ${limits.memoryMb} MB)`;
    default: return `${fn} could not run: ${e.message}`;
  }
}

export function judgeTrial(ex: JudgedExercise, trial: Trial, outcome: CallOutcome, limits: {timeoutMs: number; memoryMb: number}): TrialResult {
  const base = {name: trial.name, hidden: trial.hidden};
  const failedStep = firstWrongStep(outcome, trial, ex.tolerance);
  if (outcome.error) return {...base, passed: false, message: describeFailure(outcome, ex.fn, limits), ...(failedStep ? {failedStep} : {})};
  if (outcome.mutations.length) {
    return {...base, passed: false, message: `${ex.fn} changes its inputs: ${outcome.mutations.slice(0, 3).join("; ")}`};
  }
  const outputs = splitReturned(ex, outcome.returned);
  if (typeof outputs === "string") return {...base, passed: false, message: outputs};
  let worst = 0;
  for (const name of ex.outputs) {
    const problem = compareTensor(name, outputs[name], trial.expected[name], ex.tolerance);
    if (problem) {
      const step = failedStep ?? (trial.steps[name] ? undefined : name);
      return {...base, passed: false, message: problem.message, failedStep: step ?? name, ...(problem.error !== undefined ? {maxRelError: problem.error} : {})};
    }
    worst = Math.max(worst, relError(outputs[name].data, trial.expected[name].data));
  }
  return {...base, passed: true, message: `passed (max relative error ${worst.toExponential(1)})`, maxRelError: worst};
}

/** The returned value split into named outputs, or why it cannot be. */
function splitReturned(ex: JudgedExercise, returned: PlainValue | undefined): Record<string, PlainTensor> | string {
  const expected = ex.outputs.length === 1 ? ex.outputs[0] : `[${ex.outputs.join(", ")}]`;
  if (returned === undefined) return `${ex.fn} returned nothing; end it with \`return ${expected}\``;
  const list = ex.outputs.length === 1 ? [returned] : returned;
  if (!Array.isArray(list) || list.length !== ex.outputs.length) {
    const what = Array.isArray(list) ? `an array of ${list.length}` : isPlainTensor(list) ? "a single tensor" : typeof list;
    return `${ex.fn} should return ${expected}; it returned ${what}`;
  }
  const out: Record<string, PlainTensor> = {};
  for (const [i, name] of ex.outputs.entries()) {
    const v = list[i];
    if (!isPlainTensor(v)) return `${name} is not a tensor`;
    out[name] = v;
  }
  return out;
}

function isPlainTensor(v: unknown): v is PlainTensor {
  return typeof v === "object" && v !== null && (v as PlainTensor).$tensor === true;
}

/** The first observed intermediate (`dxhat`, `dvar`…) that disagrees with its reference. */
function firstWrongStep(outcome: CallOutcome, trial: Trial, tol: number): string | undefined {
  const checked = new Set<string>();
  for (const step of outcome.observed) {
    const want = trial.steps[step.name];
    if (!want || checked.has(step.name)) continue;
    checked.add(step.name);
    if (!step.value || compareTensor(step.name, step.value, want, Math.max(tol, 1e-6))) return step.name;
  }
  return undefined;
}

export function summarizeExercise(ex: JudgedExercise, trials: TrialResult[], calls: PreparedCall[]): Omit<ExerciseResult, "logs" | "ms"> {
  for (const call of calls.slice(trials.length)) trials.push({name: call.name, hidden: call.hidden, passed: false, message: "not run (an earlier trial was stopped)"});
  const passed = trials.filter((t) => t.passed).length;
  const firstFail = trials.find((t) => !t.passed);
  const failedStep = firstFail?.failedStep;
  const hint = failedStep ? ex.hint?.(failedStep) : undefined;
  return {
    id: ex.id,
    title: ex.title,
    verdict: firstFail ? "failed" : "passed",
    score: trials.length ? (ex.points * passed) / trials.length : 0,
    maxScore: ex.points,
    message: firstFail ? `${passed}/${trials.length} trials passed; ${firstFail.name}: ${firstFail.message}` : `all ${trials.length} trials passed`,
    ...(failedStep ? {failedStep} : {}),
    ...(hint ? {hint} : {}),
    trials
  };
}
