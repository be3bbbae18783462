// Compiles a learner's exercise source into a callable function in the current realm: tensor operators,
// step observation (`__observe`) and loop guards from src/js, then evaluation with only the runtime in
// scope. Used by the page's Worker and by tests; a sandbox may do the same inside its isolate.
import {createLoopGuard, createOperatorRuntime, transpileCode, type TensorOps} from "../js/index.ts";
import {gradeTrial, isUntouched, notAttempted, summarize} from "./grade.ts";
import {createConsoleCapture, type ConsoleCapture} from "./console-capture.ts";
import {callLearner, createObserver, type Observer} from "./learner.ts";
import {prepareTrials, type PrepareOptions} from "./prepare.ts";
import type {ExerciseDef, GradeReport, LearnerOutcome, PlainValue, Runtime, TrialReport} from "./types.ts";

export interface CompiledLearner {
  fn: (...args: unknown[]) => unknown;
  observer: Observer;
  /** Starts a fresh time budget (call before each trial). */
  resetClock(): void;
  call(args: PlainValue[]): LearnerOutcome;
  /** The learner's console output of the last call (when compiled with `captureConsole`). */
  logs(): string;
}

export type CompileResult = {ok: true; learner: CompiledLearner} | {ok: false; error: {message: string; line?: number; kind: "threw"}};

const sourceName = "exercise.js";
/** `new Function` puts two header lines before the body. */
const headerLines = 2;

/**
 * `captureConsole`: the learner's `console` writes into a capped buffer (read with `learner.logs()`,
 * reset before every call) instead of the realm's console.
 */
export function compileLearner(def: ExerciseDef, source: string, rt: Runtime, options: {limitMs?: number; captureConsole?: boolean | number} = {}): CompileResult {
  let code: string;
  try {
    code = transpileCode(source, {observeSteps: true, operators: true, guardLoops: true}).code;
  } catch (err) {
    const e = err as {message?: string; loc?: {line: number}};
    return {ok: false, error: {kind: "threw", message: `SyntaxError: ${String(e.message ?? err).replace(/\s*\(\d+:\d+\)$/, "")}`, line: e.loc?.line}};
  }
  const observer = createObserver();
  const guard = createLoopGuard({limitMs: options.limitMs ?? 3000, now: () => Date.now(), scheduleReset: null});
  const bs = createOperatorRuntime(rt.np as TensorOps);
  const capture: ConsoleCapture | null = options.captureConsole
    ? createConsoleCapture(typeof options.captureConsole === "number" ? options.captureConsole : undefined) : null;
  let fn: unknown;
  try {
    // `console` is a parameter (shadowing the realm's) only when captured; the header stays two lines.
    const factory = new Function("__bs", "__guard", "__observe", "np", "nn", ...(capture ? ["console"] : []),
      `${code}\n;return typeof ${def.fn} === "function" ? ${def.fn} : undefined;\n//# sourceURL=${sourceName}`);
    fn = factory(bs, guard, observer.observe, rt.np, rt.nn, ...(capture ? [capture.console] : []));
  } catch (err) {
    // e.g. "Identifier 'dx' has already been declared" is a SyntaxError raised here, not by the parser.
    return {ok: false, error: {kind: "threw", message: err instanceof Error ? `${err.name === "Error" ? "" : `${err.name}: `}${err.message}` : String(err)}};
  }
  if (typeof fn !== "function") return {ok: false, error: {kind: "threw", message: `define a function named ${def.fn}(${def.params.join(", ")})`}};
  const learner: CompiledLearner = {
    fn: fn as (...args: unknown[]) => unknown,
    observer,
    resetClock: () => guard.reset(),
    logs: () => capture?.text() ?? "",
    call(args) {
      guard.reset();
      capture?.reset();
      // Autograd is off while learner code runs: the exercise is to write the backward pass, not to
      // call backward() on a rebuilt forward.
      const noGrad = (rt.np as {no_grad?: <T>(f: () => T) => T}).no_grad ?? (<T>(f: () => T) => f());
      const outcome = noGrad(() => callLearner(learner.fn, args, rt, observer, {sourceName, lineOffset: headerLines}));
      if (outcome.error && /LoopLimitError/.test(outcome.error.message)) outcome.error.kind = "timeout";
      return outcome;
    }
  };
  return {ok: true, learner};
}

/**
 * Grades a learner's source end to end in this realm: references first (before any learner code
 * runs, so it cannot patch the runtime they use), then compile, then every trial.
 */
export function gradeSource(
  def: ExerciseDef,
  source: string,
  rt: Runtime,
  options: PrepareOptions & {limitMs?: number; starter?: string; captureConsole?: boolean} = {}
): GradeReport {
  const mode = options.mode ?? "practice";
  if (isUntouched({...def, starter: options.starter ?? def.starter}, source)) return notAttempted(def, mode);
  const prepared = prepareTrials(def, rt, options);
  const compiled = compileLearner(def, source, rt, {limitMs: options.limitMs, captureConsole: options.captureConsole});
  const trials: TrialReport[] = [];
  for (const trial of prepared) {
    const outcome: LearnerOutcome = compiled.ok ? compiled.learner.call(trial.args) : {observed: [], error: compiled.error};
    const report = gradeTrial(def, trial, outcome, rt);
    const logs = compiled.ok ? compiled.learner.logs() : "";
    if (logs) report.logs = logs;
    trials.push(report);
    if (outcome.error) break;
  }
  return summarize(def, mode, trials, prepared, {source});
}
