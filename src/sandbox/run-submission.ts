// Grades one submission file inside isolated-vm (runs in the trusted child process, see worker.ts).
// Each exercise gets a fresh isolate: the frozen runtime bundle, then the learner's module, then one
// timed call per trial whose result is copied out inside the timed call.
import ivm from "isolated-vm";
import {randomInt} from "node:crypto";
import {readSubmission} from "./read-submission.ts";
import {capText, compileLearnerCode, editDistance, escapeControl, type CallSpec, type LearnerOutcome} from "../grader/index.ts";
import type {SandboxExercise} from "./exercises.ts";
import type {ExerciseResult, Limits, PreparedCall, SubmissionResult} from "./types.ts";

export interface GradeJob {
  name: string;
  file: string;
  /** Exercise ids or function names to grade; empty = every exercise the file exports. */
  exercises: string[];
  seed: number;
  limits: Limits;
  /** Set when the path must not be read (a FIFO, a link out of the folder): the row's message; nothing runs. */
  problem?: string;
  /** Carried to the row (e.g. a symbolic link graded once). */
  note?: string;
}

export interface GradeContext {
  catalog: SandboxExercise[];
  bundle: string;
  /** Called when a timed phase starts, so the host watchdog knows the child is alive. */
  onPhase(label: string): void;
  /**
   * Called when an isolate did not stop cleanly (a timeout, memory, a failed disposal): its thread may
   * still be running, so the child must be replaced before it grades anyone else.
   */
  markUnclean(why: string): void;
}

const trialCache = new Map<string, PreparedCall[]>();
function trialsFor(ex: SandboxExercise, seed: number): PreparedCall[] {
  const key = `${ex.id}:${seed}`;
  let trials = trialCache.get(key);
  if (!trials) {
    trials = ex.prepare(seed);
    trialCache.set(key, trials);
  }
  return trials;
}

/** Loop-guard limit per trial (ms), as in the page's Worker. */
const loopLimitMs = 3000;

let bundleCache: {code: string; data?: ivm.ExternalCopy<ArrayBuffer>} | null = null;

/** The row as it leaves the child: text that came from the submission has its control characters shown, not obeyed. */
export async function gradeSubmission(job: GradeJob, ctx: GradeContext): Promise<SubmissionResult> {
  return sanitizeRow(await gradeRow(job, ctx));
}

function sanitizeRow(r: SubmissionResult): SubmissionResult {
  // Escaping can lengthen text (one byte → "\\x01"), so the cap applies to what is written.
  const text = (s: string, max = 2000) => capText(escapeControl(s), max);
  return {
    ...r, message: text(r.message, 8000), ...(r.course !== undefined ? {course: text(capText(r.course, 200))} : {}), ...(r.lesson !== undefined ? {lesson: text(capText(r.lesson, 200))} : {}),
    exercises: r.exercises.map((e) => ({
      ...e, message: text(e.message), ...(e.hint !== undefined ? {hint: text(e.hint)} : {}),
      trials: e.trials.map((t) => ({...t, message: text(t.message)}))
    }))
  };
}

async function gradeRow(job: GradeJob, ctx: GradeContext): Promise<SubmissionResult> {
  const started = performance.now();
  const row = (status: "graded" | "error", message: string, extra: Partial<SubmissionResult> = {}): SubmissionResult => ({
    name: job.name, file: job.file, status, message, score: 0, maxScore: 0, exercises: [], ms: 0, ...extra,
    ...(extra.ms === undefined ? {ms: Math.round(performance.now() - started)} : {})
  });
  ctx.onPhase("read");
  const read = readSubmission(job.file, job.limits.maxFileBytes);
  if (!read.ok) return row("error", read.message);
  const sub = read.submission;
  const header = {...(sub.course ? {course: sub.course} : {}), ...(sub.lesson ? {lesson: sub.lesson} : {})};

  const wanted = job.exercises.length
    ? ctx.catalog.filter((e) => job.exercises.includes(e.id) || job.exercises.includes(e.fn))
    : ctx.catalog.filter((e) => sub.exports.includes(e.fn));
  if (!wanted.length) {
    const names = ctx.catalog.map((e) => e.fn);
    const guess = suggest(sub.exports, names);
    const found = sub.exports.length ? `it exports ${sub.exports.join(", ")}` : "it exports nothing";
    const expected = names.length <= 4 ? names.join(", ") : `${names.slice(0, 3).join(", ")}, … (${names.length} in all)`;
    const fix = guess ? ` — rename ${guess} to ${names.find((n) => suggest([guess], [n]))}` : `; expected one of ${expected}`;
    return row("error", `no exercise function found: ${found}${fix}`, header);
  }

  let code: string;
  try {
    code = compileLearnerCode(sub.source, "module");
  } catch (e) {
    return row("error", `could not compile: ${(e as Error).message}`, header);
  }

  const exercises: ExerciseResult[] = [];
  for (const ex of wanted) {
    const t0 = performance.now();
    if (!sub.exports.includes(ex.fn)) {
      const guess = suggest(sub.exports, [ex.fn]);
      exercises.push({
        id: ex.id, title: ex.title, verdict: "failed", score: 0, maxScore: ex.points, trials: [], logs: "", ms: 0,
        message: `missing function ${ex.fn}${guess ? `; the file exports ${guess} — rename it to ${ex.fn}` : `; the file exports ${sub.exports.join(", ") || "nothing"}`}`
      });
      continue;
    }
    const fnSource = sub.functionSources[ex.fn];
    if (fnSource !== undefined && ex.isUntouched?.(fnSource)) {
      exercises.push({id: ex.id, title: ex.title, verdict: "failed", score: 0, maxScore: ex.points, trials: [], logs: "", ms: 0,
        message: `not attempted: ${ex.fn} is still the starter code`});
      continue;
    }
    const calls = trialsFor(ex, job.seed);
    const result = await gradeExercise(ex, calls, code, job, ctx);
    if ("loadError" in result) return row("error", result.loadError, header);
    const judged = ex.judge(calls, result.outcomes, job.limits, sub.source);
    exercises.push({...judged, logs: result.logs, ms: Math.round(performance.now() - t0)});
  }
  const score = exercises.reduce((s, e) => s + e.score, 0);
  const maxScore = exercises.reduce((s, e) => s + e.maxScore, 0);
  const passed = exercises.filter((e) => e.verdict === "passed").length;
  // The row's message says why at a glance (the gradebook's CSV shows only this): each exercise that did not pass, and its first problem.
  const problems = exercises.filter((e) => e.verdict !== "passed").map((e) => `${e.id}: ${e.message}`);
  const message = [`${passed}/${exercises.length} exercises passed`, ...problems].join(" — ");
  return row("graded", message, {...header, exercises, score, maxScore});
}

type ExerciseRun = {outcomes: LearnerOutcome[]; logs: string} | {loadError: string};

async function gradeExercise(ex: SandboxExercise, calls: PreparedCall[], code: string, job: GradeJob, ctx: GradeContext): Promise<ExerciseRun> {
  const {limits} = job;
  const isolate = new ivm.Isolate({memoryLimit: limits.memoryMb});
  try {
    const context = await isolate.createContext();
    await runBundle(isolate, context, ctx.bundle);
    // The loop guard stops a runaway trial with the same message as in the page; the isolate's own
    // timeout (all trials together) stays the hard stop.
    await context.eval(`__backstep.configure(${Math.max(50, Math.min(loopLimitMs, limits.timeoutMs - 250))}, ${limits.maxLogBytes})`, {timeout: 1000});
    ctx.onPhase(`load ${ex.fn}`);
    const loaded = await loadModule(isolate, context, code, limits);
    if ("error" in loaded) {
      // A load that threw an ordinary error stopped cleanly; anything else may leave the isolate's thread busy.
      if (!loaded.clean) ctx.markUnclean(`loading: ${loaded.error}`);
      return {loadError: loaded.error};
    }
    const fnRef = await loaded.namespace.get(ex.fn, {reference: true});
    const shim = (await context.eval("__backstep.call", {reference: true})) as ivm.Reference<Function>;
    const spec: CallSpec = {...ex.spec, maxResultElements: limits.maxResultElements};
    ctx.onPhase(`run ${ex.fn}`);
    const deadline = performance.now() + limits.timeoutMs;
    const outcomes: LearnerOutcome[] = [];
    let logs = "";
    for (const trial of calls) {
      const left = Math.max(1, Math.round(deadline - performance.now()));
      const outcome = await callTrial(isolate, shim, fnRef, trial, spec, left, limits.timeoutMs);
      outcomes.push(outcome);
      if (!logs && outcome.logs) logs = outcome.logs;
      if (outcome.error && (outcome.error.kind === "sandbox" || (outcome.error.kind === "timeout" && !outcome.error.name) || outcome.error.kind === "memory")) {
        ctx.markUnclean(`${ex.fn}: ${outcome.error.kind}`);
      }
      // As in the page: an error would repeat on every trial, so grading stops at the first.
      if (outcome.error) break;
    }
    return {outcomes, logs};
  } finally {
    try {
      if (!isolate.isDisposed) isolate.dispose();
    } catch (e) {
      ctx.markUnclean(`dispose failed: ${(e as Error)?.message}`);
    }
  }
}

async function runBundle(isolate: ivm.Isolate, context: ivm.Context, code: string): Promise<void> {
  if (!bundleCache || bundleCache.code !== code) bundleCache = {code};
  // V8's code cache makes every isolate after the first skip parsing the runtime.
  const options: ivm.ScriptInfo & ivm.CachedDataResult = {
    filename: "backstep-runtime.js",
    ...(bundleCache.data ? {cachedData: bundleCache.data} : {produceCachedData: true})
  };
  const script = await isolate.compileScript(code, options);
  const produced = options.cachedData ?? (script as unknown as ivm.CachedDataResult).cachedData;
  if (!bundleCache.data && produced) bundleCache.data = produced;
  await script.run(context, {timeout: 10_000});
  script.release();
}

/** Host-side watchdog: isolated-vm's timeout does not cover promises that never settle. */
function withWatchdog<T>(isolate: ivm.Isolate, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const watchdog = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      if (!isolate.isDisposed) isolate.dispose();
      reject(new Error("Script execution timed out."));
    }, ms + 250);
  });
  return Promise.race([work, watchdog]).finally(() => clearTimeout(timer));
}

async function loadModule(isolate: ivm.Isolate, context: ivm.Context, code: string, limits: Limits): Promise<{namespace: ivm.Reference} | {error: string; clean: boolean}> {
  let module: ivm.Module;
  const nonce = randomInt(2 ** 47);
  try {
    module = await isolate.compileModule(`${code}\n;__backstep.loaded(${nonce});\n`, {filename: "submission.js"});
  } catch (e) {
    return {error: `syntax error: ${messageOf(e)}`, clean: true};
  }
  try {
    await module.instantiate(context, (specifier) => {
      throw new Error(`imports are not allowed in submissions (import '${specifier}')`);
    });
  } catch (e) {
    return {error: messageOf(e), clean: true};
  }
  try {
    await withWatchdog(isolate, limits.timeoutMs, module.evaluate({timeout: limits.timeoutMs, promise: true}));
  } catch (e) {
    const kind = classify(e);
    if (kind === "timeout") return {error: `loading the module timed out after ${limits.timeoutMs / 1000} s (top-level code never finished)`, clean: false};
    if (kind === "memory") return {error: `loading the module ran out of memory (limit ${limits.memoryMb} MB)`, clean: false};
    return {error: `the module threw while loading: ${messageOf(e)}`, clean: kind === "threw"};
  }
  const done = await context.eval(`__backstep.isLoaded(${nonce})`, {timeout: 1000, copy: true}).catch(() => false);
  if (done !== true) return {error: "the module never finished loading (its top-level code awaits a promise that never settles)", clean: false};
  return {namespace: module.namespace};
}

async function callTrial(isolate: ivm.Isolate, shim: ivm.Reference<Function>, fnRef: ivm.Reference, trial: PreparedCall, spec: CallSpec, timeout: number, limitMs: number): Promise<LearnerOutcome> {
  try {
    return (await withWatchdog(isolate, timeout, shim.apply(undefined, [
      fnRef.derefInto(),
      new ivm.ExternalCopy(trial.args).copyInto({release: true}),
      new ivm.ExternalCopy(spec).copyInto({release: true})
    ], {timeout, result: {copy: true}}))) as LearnerOutcome;
  } catch (e) {
    const kind = classify(e);
    return {observed: [], error: {kind, message: kind === "timeout" ? `did not finish within the time limit (${limitMs / 1000} s for all trials): an endless loop?` : messageOf(e)}};
  }
}

function classify(e: unknown): "timeout" | "memory" | "sandbox" | "threw" {
  const m = messageOf(e);
  if (/timed out/i.test(m)) return "timeout";
  if (/memory limit|allocation failed|out of memory|disposed/i.test(m)) return "memory";
  if (e instanceof Error) return "threw";
  return "sandbox";
}

/** A host-side description of an error from the isolate: capped (a load error arrives uncapped) and never throwing. */
function messageOf(e: unknown): string {
  try {
    if (e instanceof Error) {
      const stack = typeof e.stack === "string" ? e.stack.slice(-20_000) : "";
      const line = /submission\.js:(\d+)/.exec(stack)?.[1];
      const name = capText(String(e.name), 100);
      return `${name && name !== "Error" ? `${name}: ` : ""}${capText(String(e.message), 1000)}${line ? ` (line ${line})` : ""}`;
    }
    return e === null ? "the sandbox was stopped" : capText(String(e), 1000);
  } catch {
    return "an error that could not be described";
  }
}

/** The closest name (edit distance ≤ 3 or same letters ignoring case/underscores), if any. */
function suggest(names: string[], targets: string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[_$]/g, "");
  let best: {name: string; d: number} | undefined;
  for (const n of names) for (const t of targets) {
    const d = norm(n) === norm(t) ? 0 : editDistance(n, t);
    if (d <= 3 && n !== t && (!best || d < best.d)) best = {name: n, d};
  }
  return best?.name;
}
