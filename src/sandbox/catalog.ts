// The exercises the sandbox grades: the shared definitions (content/exercises) graded by the
// shared engine (src/grader), both run here on the trusted side with the real runtime.
import type {SandboxExercise} from "./exercises.ts";
import type {CallOutcome, ExerciseResult, Limits, PreparedCall, TrialResult} from "./types.ts";
import type {ExerciseDef, GradeReport, LearnerOutcome, TrialReport} from "../grader/types.ts";
import type {PreparedTrial} from "../grader/prepare.ts";

/** Points per exercise in the gradebook (split evenly over its trials). */
export const exercisePoints = 10;

let cached: Promise<SandboxExercise[]> | null = null;

export function loadCatalog(): Promise<SandboxExercise[]> {
  cached ??= loadShared();
  return cached;
}

async function loadShared(): Promise<SandboxExercise[]> {
  const [{exercises}, grader, {np, nn}] = await Promise.all([
    import("../../content/exercises/index.ts"),
    import("../grader/index.ts"),
    import("../tensor/index.ts")
  ]);
  const rt = {np, nn};
  return Object.values(exercises as Record<string, ExerciseDef>).map((def) => adaptExercise(def, grader, rt));
}

type Grader = typeof import("../grader/index.ts");

/** Deterministic 31-bit trial seed from the run's seed, the exercise and the trial index. */
export function trialSeed(seed: number, id: string, index: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (const ch of `${id}#${index}#${seed}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return (h >>> 1) & 0x7fffffff;
}

/** A shared exercise definition as the sandbox grades it (exported for tests with their own definitions). */
export function adaptExercise(def: ExerciseDef, grader: Grader, rt: {np: unknown; nn: unknown}): SandboxExercise {
  return {
    id: def.id,
    fn: def.fn,
    title: def.title,
    points: exercisePoints,
    params: def.params,
    outputs: def.returns,
    graded: grader.gradedReturns(def),
    prepare(seed) {
      const seeds = def.trials.map((_, i) => trialSeed(seed, def.id, i));
      return grader.prepareTrials(def, rt, {mode: "final", seeds});
    },
    judge(calls, outcomes, limits) {
      const prepared = calls as PreparedTrial[];
      const trials = outcomes.map((o, i) => grader.gradeTrial(def, prepared[i], toLearnerOutcome(def, o, limits), rt));
      const report = grader.summarize(def, "final", trials, prepared);
      return toExerciseResult(def, report, prepared, grader);
    },
    isUntouched: (source) => grader.isUntouched(def, source)
  };
}

function toLearnerOutcome(def: ExerciseDef, o: CallOutcome, limits: Limits): LearnerOutcome {
  const base = {observed: o.observed, ...(o.returned !== undefined ? {returned: o.returned} : {})} as LearnerOutcome;
  const e = o.error;
  if (e) {
    const line = e.line !== undefined ? {line: e.line} : {};
    switch (e.kind) {
      case "timeout": return {...base, error: {kind: "timeout", message: `${def.fn} timed out after ${limits.timeoutMs / 1000} s (an endless loop?)`}};
      case "memory": return {...base, error: {kind: "memory", message: `${def.fn} ran out of memory (limit ${limits.memoryMb} MB)`}};
      case "returned": return {...base, error: {kind: "returned", message: `${def.fn} ${e.message}`, ...line}};
      case "threw": return {...base, error: {kind: "threw", message: `${def.fn} threw ${e.message}`, ...line}};
      default: return {...base, error: {kind: "threw", message: `${def.fn} could not run: ${e.message}`, ...line}};
    }
  }
  if (o.mutations.length) {
    return {...base, error: {kind: "returned", message: `${def.fn} changes its inputs: ${o.mutations.slice(0, 3).join("; ")} (copy before modifying)`}};
  }
  return {...base, error: null};
}

function trialMessage(t: TrialReport, grader: Grader): string {
  if (t.error) return `${t.error.message}${t.error.line ? ` (line ${t.error.line})` : ""}`;
  if (t.status === "passed") {
    const worst = Math.max(0, ...t.steps.filter((s) => s.output).map((s) => s.relError ?? 0));
    return `passed (max relative error ${worst.toExponential(1)})`;
  }
  const first = t.steps.find((s) => s.name === t.firstWrong) ?? t.steps.find((s) => s.output && s.status !== "pass");
  return first ? grader.formatStep(first).replace(/\s+/g, " ").trim() : "wrong";
}

function toExerciseResult(def: ExerciseDef, report: GradeReport, prepared: PreparedCall[], grader: Grader): Omit<ExerciseResult, "logs" | "ms"> {
  const trials: TrialResult[] = prepared.map((p, i) => {
    const t = report.trials[i];
    if (!t) return {name: p.name, hidden: p.hidden, passed: false, message: "not run (an earlier trial was stopped)"};
    return {name: t.name, hidden: t.hidden, passed: t.status === "passed", message: trialMessage(t, grader), ...(t.status === "wrong" && t.firstWrong ? {failedStep: t.firstWrong} : {})};
  });
  const passed = trials.filter((t) => t.passed).length;
  const hint = report.diagnoses.find((d) => d.kind !== "error")?.hint.nudge;
  return {
    id: def.id,
    title: def.title,
    verdict: report.status === "passed" ? "passed" : report.status === "error" ? "error" : "failed",
    score: prepared.length ? (exercisePoints * passed) / prepared.length : 0,
    maxScore: exercisePoints,
    message: report.status === "wrong" ? `${report.summary} ${trials.find((t) => !t.passed)?.message ?? ""}`.trim() : report.summary,
    ...(report.status === "wrong" && report.firstWrong ? {failedStep: report.firstWrong} : {}),
    // A hint about a step only helps a wrong answer; after a crash, timeout or memory stop the message says it all.
    ...(report.status === "wrong" && hint ? {hint} : {}),
    trials,
    report
  };
}
