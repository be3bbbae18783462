// The exercises the sandbox grades: the shared definitions (content/exercises) graded by the
// shared engine (src/grader), both run here on the trusted side with the real runtime.
import type {SandboxExercise} from "./exercises.ts";
import type {ExerciseResult, Limits, PreparedCall, TrialResult} from "./types.ts";
import type {ExerciseDef, GradeReport, LearnerOutcome, PreparedTrial, TrialReport} from "../grader/index.ts";

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
    ...(def.lesson ? {lesson: def.lesson} : {}),
    starter: def.starter,
    points: exercisePoints,
    spec: grader.callSpec(def),
    prepare(seed) {
      const seeds = def.trials.map((_, i) => trialSeed(seed, def.id, i));
      return grader.prepareTrials(def, rt, {mode: "final", seeds});
    },
    judge(calls, outcomes, limits, source) {
      // The same judge as the page's check; only the host-side stops (the isolate's time and memory) are worded here.
      const report = grader.judgeOutcomes(def, calls as PreparedTrial[], outcomes.map((o) => hostStops(def, o, limits)), rt,
        {mode: "final", source, workBudget: limits.workBudget});
      return toExerciseResult(def, report, calls, grader);
    },
    isUntouched: (source) => grader.isUntouched(def, source)
  };
}

/** Errors raised by the host rather than the learner realm (the isolate's timeout, memory, a failure) get the exercise's words. */
function hostStops(def: ExerciseDef, o: LearnerOutcome, limits: Limits): LearnerOutcome {
  const e = o.error;
  if (e?.kind === "memory") return {...o, error: {...e, message: `${def.fn} ran out of memory (limit ${limits.memoryMb} MB)`}};
  if (e?.kind === "sandbox") return {...o, error: {...e, message: `${def.fn} could not run: ${e.message}`}};
  return o;
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
  const passed = report.score.passed;
  const mistake = report.diagnoses.find((d) => d.kind !== "error");
  const hint = mistake?.hint.nudge;
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
    stepsDone: report.stepsDone,
    ...(report.status === "wrong" && mistake ? {mistake: {id: `${mistake.step ? `${mistake.step}: ` : ""}${mistake.id}`, text: mistake.hint.nudge}} : {}),
    trials,
    report
  };
}
