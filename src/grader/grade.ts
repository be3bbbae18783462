// Grades learner outcomes against prepared references: per step shape, then rel_error; which step is
// the first wrong one; which later steps are wrong only because of it; diagnoses; the verdict.
import {compareDense, formatShape, isDense, matches, sameShape, type Dense} from "./dense.ts";
import {broadcastNote, diagnoseStep, sortByRank} from "./diagnose.ts";
import {broadcastTo} from "./broadcast.ts";
import {rank} from "./rules.ts";
import {explainError, namesInScope} from "./error-hint.ts";
import {recomputeGiven} from "./given.ts";
import {prepareTrials, type PrepareOptions, type PreparedTrial} from "./prepare.ts";
import {gradedReturns} from "./returns.ts";
import {checkWork, defaultWorkBudget, flaggedTrial, numericGradientHint, type WorkBudget} from "./integrity.ts";
import type {CallSpec} from "./learner.ts";
import type {
  Diagnosis, ExerciseDef, ExerciseState, GradeReport, Hint, LearnerOutcome, PlainValue, Runtime, StepDef, StepReport, TrialReport
} from "./types.ts";

export const defaultTol = 1e-7;
/** Float64 elements one call may hand back (outputs plus observed steps). */
export const defaultMaxResultElements = 1 << 20;
/** A later step "follows" an earlier mistake when it matches its rule applied to the learner's inputs this closely. */
const followsTol = 1e-6;

/** The learner's value for every step: outputs from the returned value, the rest from observation. */
export function learnerValues(def: ExerciseDef, outcome: LearnerOutcome): {values: Map<string, Dense>; lines: Map<string, number>; problem?: string} {
  const values = new Map<string, Dense>(), lines = new Map<string, number>();
  for (const o of outcome.observed) {
    if (o.value) values.set(o.name, o.value);
    lines.set(o.name, o.line);
  }
  if (outcome.error) return {values, lines};
  const list = returnedList(def, outcome.returned);
  if (typeof list === "string") return {values, lines, problem: list};
  for (const step of def.steps) {
    if (step.output === undefined) continue;
    const v = list[step.output];
    if (isDense(v)) values.set(step.name, v);
    else values.delete(step.name);
  }
  return {values, lines};
}

function isRecord(v: PlainValue | undefined): v is {[key: string]: PlainValue} {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !isDense(v);
}

function returnedList(def: ExerciseDef, returned: PlainValue | undefined): PlainValue[] | string {
  const expected = def.returns.length === 1 ? def.returns[0] : `[${def.returns.join(", ")}]`;
  if (returned === undefined) return `${def.fn} returned nothing; end it with \`return ${expected}\`.`;
  // Also accepted: `return {dx, dgamma, dbeta}` (names as in the signature).
  if (isRecord(returned) && def.returns.every((name) => name in returned)) return def.returns.map((name) => returned[name]);
  if (def.returns.length === 1) return [returned];
  if (!Array.isArray(returned) || returned.length !== def.returns.length) {
    const what = Array.isArray(returned) ? `an array of ${returned.length}` : isDense(returned) ? "a single tensor"
      : isRecord(returned) ? `an object with ${Object.keys(returned).join(", ") || "no keys"}` : typeof returned;
    return `${def.fn} should return ${expected}; it returned ${what}.`;
  }
  return returned;
}

export function gradeTrial(def: ExerciseDef, trial: PreparedTrial, outcome: LearnerOutcome, rt?: Runtime): TrialReport {
  const tol = def.tol ?? defaultTol;
  const {values, lines, problem} = learnerValues(def, outcome);
  const steps: StepReport[] = def.steps.map((step) => compareStep(step, trial.context.ref[step.name], values.get(step.name), lines.get(step.name), tol));
  // A value that broadcasts to the right one stands for its broadcast from here on (later steps built on it are judged on it).
  const notes: Diagnosis[] = [];
  for (const [i, step] of def.steps.entries()) {
    const r = steps[i];
    if (!r.broadcastFrom) continue;
    notes.push(broadcastNote(def, trial, step, values.get(step.name)!));
    values.set(step.name, broadcastTo(values.get(step.name)!, r.expectedShape)!);
  }
  const byName = new Map(steps.map((s) => [s.name, s]));

  // A wrong step whose own rule holds on the learner's upstream values inherits the upstream mistake.
  for (const [i, step] of def.steps.entries()) {
    const report = steps[i];
    if (report.status !== "fail") continue;
    const upstream = upstreamOf(step);
    const wrongUp = upstream.map((n) => byName.get(n)).find((s) => s && s.status !== "pass");
    if (!wrongUp) continue;
    const expected = expectedFromUpstream(def, trial, step, values, rt);
    if (expected && matches(expected, values.get(step.name)!, followsTol)) {
      report.status = "follows";
      report.cause = wrongUp.cause ?? wrongUp.name;
    }
  }

  const diagnoses: Diagnosis[] = [];
  for (const [i, step] of def.steps.entries()) {
    const r = steps[i];
    if (r.status === "fail" || r.status === "shape") diagnoses.push(...diagnoseStep(def, trial, step, values.get(step.name)!, values));
  }
  diagnoses.push(...notes);
  // Aliasing: a wrong output that is an argument itself (`dx = dout`, then changed) or another output.
  for (const a of outcome.aliases ?? []) {
    const step = def.steps.find((s) => s.output !== undefined && def.returns[s.output] === a.output);
    const r = step && byName.get(step.name);
    if (!step || !r || r.status === "pass") continue;
    diagnoses.push({step: step.name, kind: "mutant", id: "aliased", rank: rank.outputsSwapped - 2, trial: trial.name, hint: {
      nudge: `${a.output} is the very same tensor as ${a.sameAs} (no copy was made), so changing one changed the other.`,
      fix: `Make a new tensor before changing it: const ${a.output} = ${a.sameAs}.copy(); (or build it with np.zeros_like and fill it).`
    }});
  }
  const firstWrong = steps.find((s) => s.status === "fail" || s.status === "shape" || (s.output && s.status === "missing"))?.name;
  const outputsPass = steps.every((s) => !s.output || s.status === "pass");
  const report: TrialReport = {
    name: trial.name, seed: trial.seed, config: trial.config, hidden: trial.hidden,
    status: outcome.error || problem ? "error" : outputsPass ? "passed" : "wrong",
    steps, firstWrong, diagnoses
  };
  if (outcome.error) report.error = outcome.error;
  else if (problem) report.error = {message: problem, kind: "returned"};
  return report;
}

function compareStep(step: StepDef, expected: Dense, got: Dense | undefined, line: number | undefined, tol: number): StepReport {
  const base: StepReport = {name: step.name, target: step.target, output: step.output !== undefined, status: "missing", expectedShape: expected.shape};
  if (line !== undefined) base.line = line;
  if (!got) return base;
  base.gotShape = got.shape;
  if (!sameShape(expected.shape, got.shape)) {
    // Only an intermediate may lean on broadcasting; a returned value must have its own shape.
    const spread = step.output === undefined ? broadcastTo(got, expected.shape) : null;
    if (spread && !(compareDense(expected, spread).relError > tol)) {
      const cmp = compareDense(expected, spread);
      return {...base, status: "pass", relError: cmp.relError, worst: cmp.worst, nonFinite: cmp.nonFinite, broadcastFrom: got.shape};
    }
    return {...base, status: "shape"};
  }
  const cmp = compareDense(expected, got);
  // `!(err <= tol)` so that NaN fails.
  return {...base, status: !(cmp.relError <= tol) ? "fail" : "pass", relError: cmp.relError, worst: cmp.worst, nonFinite: cmp.nonFinite};
}

function upstreamOf(step: StepDef): string[] {
  if (step.sumOf) return step.sumOf;
  if (!step.given) return [];
  return Object.values(step.given).flatMap((v) => (Array.isArray(v) ? v : [v]));
}

function expectedFromUpstream(def: ExerciseDef, trial: PreparedTrial, step: StepDef, values: Map<string, Dense>, rt?: Runtime): Dense | null {
  const ref = trial.context.ref[step.name];
  if (step.sumOf) {
    const parts = step.sumOf.map((n) => values.get(n));
    if (parts.some((p) => !p || !sameShape(p.shape, ref.shape))) return null;
    const data = new Float64Array(ref.data.length);
    for (const p of parts) p!.data.forEach((v, k) => (data[k] += v));
    return {$tensor: true, shape: ref.shape.slice(), data};
  }
  if (step.given && rt) {
    try {
      return recomputeGiven(def, trial, step, values, rt);
    } catch {
      return null; // diagnosis only; the verdict never depends on it
    }
  }
  return null;
}

/** What a call needs to know about the exercise (plain data; it crosses into the isolate). */
export function callSpec(def: ExerciseDef): CallSpec {
  return {params: def.params.slice(), returns: def.returns.slice(), graded: gradedReturns(def), maxResultElements: defaultMaxResultElements};
}

export interface JudgeOptions {
  mode?: "practice" | "final";
  /** The learner's source, so error hints can quote the offending line and recognise Python habits. */
  source?: string;
  /** When a trial's tensor work counts as a numerical gradient (default `defaultWorkBudget`). */
  workBudget?: WorkBudget;
}

/**
 * The judge, the same for every realm: grades each outcome against its prepared trial (outcomes may
 * stop early: after an error the later trials were not run), applies the integrity check and
 * assembles the report.
 */
export function judgeOutcomes(def: ExerciseDef, prepared: PreparedTrial[], outcomes: LearnerOutcome[], rt: Runtime, options: JudgeOptions = {}): GradeReport {
  const mode = options.mode ?? "practice";
  const budget = options.workBudget ?? defaultWorkBudget;
  const trials = outcomes.map((outcome, i) => {
    const report = gradeTrial(def, prepared[i], outcome, rt);
    if (outcome.logs) report.logs = outcome.logs;
    // Only a gradient can be computed numerically; forward-only exercises are not checked.
    if (!isForwardOnly(def)) checkWork(report, prepared[i], outcome, budget);
    return report;
  });
  return summarize(def, mode, trials, prepared, {source: options.source});
}

/** Runs every trial through `call` and assembles the report. `call` runs the learner's code. */
export function gradeExercise(
  def: ExerciseDef,
  call: (args: PlainValue[], trial: PreparedTrial) => LearnerOutcome,
  options: PrepareOptions & JudgeOptions & {rt: Runtime}
): GradeReport {
  const mode = options.mode ?? "practice";
  if (options.source !== undefined && isUntouched(def, options.source)) return notAttempted(def, mode);
  const prepared = prepareTrials(def, options.rt, options);
  const outcomes: LearnerOutcome[] = [];
  for (const trial of prepared) {
    const outcome = call(trial.args, trial);
    outcomes.push(outcome);
    // A crash or a timeout would repeat on every trial; stop at the first.
    if (outcome.error) break;
  }
  return judgeOutcomes(def, prepared, outcomes, options.rt, options);
}

/** True when the source is still the starter code (whitespace aside). */
export function isUntouched(def: ExerciseDef, source: string): boolean {
  const squash = (s: string) => s.replace(/\s+/g, " ").trim();
  return squash(source) === squash(def.starter);
}

export function notAttempted(def: ExerciseDef, mode: "practice" | "final"): GradeReport {
  return {
    exercise: def.id, fn: def.fn, mode, status: "not-attempted", steps: [], shownTrial: "", diagnoses: def.hints.length
      ? [{step: "", kind: "general", id: "start", hint: def.hints[0]}] : [],
    trials: [], score: {passed: 0, total: def.trials.length}, stepsDone: {done: 0, total: def.steps.length},
    summary: `Not attempted: ${def.fn} is still the starter code.`
  };
}

/**
 * Combines trial reports into the exercise verdict, with cross-trial diagnoses (what a trial catches).
 * `source` (the learner's code) lets error hints quote the offending line and recognise Python habits.
 */
export function summarize(def: ExerciseDef, mode: "practice" | "final", trials: TrialReport[], prepared: PreparedTrial[], extra: {source?: string} = {}): GradeReport {
  const failing = trials.find((t) => t.status !== "passed");
  // An error is the verdict, so the report shows the trial that errored (not an earlier wrong one).
  const errored = trials.find((t) => t.status === "error");
  const shown = errored ?? failing ?? trials[0];
  // A numerical gradient fails a final grade (its outputs may well be right) and is a note in practice.
  const flagged = flaggedTrial(trials);
  const status: ExerciseState = errored ? "error" : failing || trials.length < prepared.length || (flagged && mode === "final") ? "wrong" : "passed";
  const diagnoses: Diagnosis[] = [];
  if (flagged) diagnoses.push(...flagged.diagnoses.filter((d) => d.kind === "integrity"));
  if (shown?.error) {
    diagnoses.push({step: "", kind: "error", id: shown.error.kind ?? "threw", hint: errorHint(def, shown.error, prepared, extra.source), trial: shown.name});
    // Where the code stopped: the step assigned on the failing line, else the first step it did not
    // reach; and how to compute it.
    const missing = def.steps.filter((d) => shown.steps.find((s) => s.name === d.name)?.status === "missing" && d.hint);
    const failingLine = extra.source && shown.error.line ? extra.source.split("\n")[shown.error.line - 1] ?? "" : "";
    const stuck = missing.find((d) => new RegExp(`(^|[^\\w$])${d.name}\\s*[-+*/]?=(?!=)`).test(failingLine)) ?? missing[0];
    if (stuck && shown.error.kind !== "returned") diagnoses.push({step: stuck.name, kind: "step", id: "not-reached", hint: stuck.hint!, trial: shown.name});
  }

  // "Right on stride 1, wrong on stride 2": the trial that exists to catch it names the mistake.
  const plain = trials.filter((t) => !prepared.find((p) => p.name === t.name)?.catches);
  if (plain.length && plain.every((t) => t.status === "passed")) {
    for (const t of trials) {
      const catches = prepared.find((p) => p.name === t.name)?.catches;
      if (catches && t.status === "wrong") diagnoses.push({step: t.firstWrong ?? "", kind: "trial", id: `trial:${t.name}`, hint: catches, trial: t.name});
    }
  }
  // The shown trial's diagnoses first, then what other failing trials add (a mistake may show only there).
  if (shown) diagnoses.push(...shown.diagnoses);
  const isSpecific = (d: Diagnosis) => d.kind === "integrity" || d.kind === "shape" || d.kind === "mutant" || d.kind === "invariant" || d.kind === "nonfinite";
  const explained = new Set(diagnoses.filter((d) => d.step && isSpecific(d)).map((d) => d.step));
  for (const t of trials) {
    if (t === shown || t.status === "passed") continue;
    // One explanation per step: another trial's shape or generic hint for a step already explained is
    // noise (an N=1 trial would add "reshape it to (1,5)" on top of the real mistake); a mutant that
    // only this trial can tell apart (e.g. square w) is kept.
    const fresh = t.diagnoses.filter((d) => !d.step || !explained.has(d.step) || !(d.kind === "shape" || d.kind === "step"));
    diagnoses.push(...fresh);
    for (const d of fresh) if (d.step && isSpecific(d)) explained.add(d.step);
  }
  // A specific diagnosis of a step makes its generic step hint redundant.
  const specific = new Set(diagnoses.filter(isSpecific).map((d) => d.step));
  for (let i = diagnoses.length - 1; i >= 0; i--) {
    const d = diagnoses[i];
    if (d.kind === "step" && d.id === "step" && specific.has(d.step)) diagnoses.splice(i, 1);
  }
  if (status === "wrong" && diagnoses.length === 0 && def.hints.length) diagnoses.push({step: shown?.firstWrong ?? "", kind: "general", id: "general", hint: def.hints[0]});
  // One primary hint: errors, then the integrity flag, then the best explanation of the first wrong
  // step; every other diagnosis follows as "other possible causes".
  const firstWrong = shown?.firstWrong;
  const order = (d: Diagnosis) => (d.kind === "error" ? 0 : d.kind === "integrity" ? 1 : d.step === firstWrong ? 2 : d.kind === "trial" ? 3 : d.rank === undefined || d.rank > 20 ? 4 : 5);
  const ranked = sortByRank(diagnoses).map((d, i) => ({d, i})).sort((a, b) => order(a.d) - order(b.d) || a.i - b.i).map((x) => x.d);
  diagnoses.splice(0, diagnoses.length, ...ranked);

  const steps = shown?.steps ?? [];
  const done = steps.filter((s) => s.status === "pass").length;
  return {
    exercise: def.id, fn: def.fn, mode, status, steps, shownTrial: shown?.name ?? "",
    firstWrong: shown?.firstWrong, diagnoses: dedupe(diagnoses), trials, error: shown?.error,
    // A flagged numerical gradient earns nothing in a final grade, whatever its outputs.
    score: {passed: flagged && mode === "final" ? 0 : trials.filter((t) => t.status === "passed").length, total: prepared.length},
    stepsDone: {done, total: def.steps.length},
    summary: flagged && !errored && (mode === "final" || !failing) ? integritySummary(def, mode) : summaryLine(def, status, shown, trials.length, prepared.length),
    ...(status === "passed" ? (flagged ? {caveat: numericGradientHint.nudge} : hiddenWrongStep(steps)) : {}),
    ...(shown?.logs ? {logs: shown.logs} : {}),
    ...(def.reveal !== undefined && status !== "passed" ? {reveal: def.reveal} : {})
  };
}

function dedupe(list: Diagnosis[]): Diagnosis[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.step}|${d.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Hint for an error, by kind; the names in scope come from the signature and the trial's record arguments (cache). */
function errorHint(def: ExerciseDef, error: {message: string; line?: number; kind?: string}, prepared: PreparedTrial[], source?: string): Hint {
  const records: Record<string, string[]> = {};
  const args = prepared[0]?.args ?? [];
  def.params.forEach((name, i) => {
    const a = args[i];
    if (a && typeof a === "object" && !Array.isArray(a) && !isDense(a)) records[name] = Object.keys(a);
  });
  return explainError(error, {source, records, names: namesInScope(def.params, records, source)});
}

/** True when the exercise grades forward values only (no gradient step): its summary speaks of outputs. */
function isForwardOnly(def: ExerciseDef): boolean {
  return def.steps.every((s) => "value" in s.target);
}

/**
 * Outputs can pass while an intermediate step is wrong (broadcasting repaired a wrong shape): the verdict
 * stays "passed" but says so, naming the step.
 */
function hiddenWrongStep(steps: StepReport[]): {caveat?: string} {
  const wrong = steps.find((s) => !s.output && (s.status === "shape" || s.status === "fail" || s.broadcastFrom));
  if (!wrong) return {};
  if (wrong.broadcastFrom) {
    return {caveat: `Outputs correct, but step ${wrong.name} has the wrong shape, ${formatShape(wrong.broadcastFrom)} instead of ${formatShape(wrong.expectedShape)} (broadcasting hid it).`};
  }
  const what = wrong.status === "shape"
    ? `${wrong.name} has the wrong shape, ${formatShape(wrong.gotShape ?? [])} instead of ${formatShape(wrong.expectedShape)} (broadcasting hid it)`
    : `${wrong.name} does not hold its gradient (check what that variable holds)`;
  return {caveat: `Outputs correct, but step ${what}.`};
}

function integritySummary(def: ExerciseDef, mode: "practice" | "final"): string {
  return mode === "final"
    ? `Not accepted: ${def.fn} computes a numerical gradient instead of the backward pass.`
    : `The outputs match, but ${def.fn} computes a numerical gradient instead of the backward pass (a final grade fails it).`;
}

function summaryLine(def: ExerciseDef, status: ExerciseState, shown: TrialReport | undefined, ran: number, total: number): string {
  if (status === "passed") {
    return isForwardOnly(def)
      ? `All ${total} trials pass: ${def.fn} computes the same ${def.returns.length > 1 ? "outputs" : "output"} as the reference.`
      : `All ${total} trials pass: every output of ${def.fn} matches the reference gradients.`;
  }
  if (status === "error") {
    const e = shown?.error;
    if (e && /\bSyntaxError\b/.test(e.message)) return `Syntax error${e.line ? ` on line ${e.line}` : ""}: ${e.message.replace(/^.*?SyntaxError:\s*/, "")}`;
    return `Error in trial ${shown?.name}${e?.line ? `, line ${e.line}` : ""}: ${e?.message}`;
  }
  const first = shown?.steps.find((s) => s.name === shown.firstWrong);
  const detail = !first ? "" : first.status === "shape"
    ? ` — ${first.name} has shape ${formatShape(first.gotShape ?? [])}, expected ${formatShape(first.expectedShape)}`
    : first.status === "missing" ? ` — ${first.name} was not returned` : ` — first wrong step: ${first.name}`;
  return `Wrong in trial ${shown?.name} (${ran < total ? `${ran} of ${total} run` : `${total} trials`})${detail}.`;
}
