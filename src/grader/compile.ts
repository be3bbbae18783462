// The page's side of the one learner call: compiles an exercise cell's source (learner-code.ts) into
// a function of this realm with only the learner scope (learner.ts) in reach, and grades it. Used by
// the page's check Worker and by tests; `backstep grade` runs the same compile and call inside its
// isolate (src/sandbox), and both hand their outcomes to the same judge (grade.ts).
import {callLearner, createLearnerScope, type CallSpec, type LearnerScope} from "./learner.ts";
import {compileLearnerCode, LearnerSyntaxError} from "./learner-code.ts";
import {callSpec, judgeOutcomes, isUntouched, notAttempted, type JudgeOptions} from "./grade.ts";
import {prepareTrials, type PrepareOptions, type PreparedTrial} from "./prepare.ts";
import type {ExerciseDef, GradeReport, LearnerError, LearnerOutcome, PlainValue, Runtime} from "./types.ts";

export interface CompiledLearner {
  scope: LearnerScope;
  call(args: PlainValue[]): LearnerOutcome;
}

export type CompileResult = {ok: true; learner: CompiledLearner} | {ok: false; error: LearnerError};

/** `new Function` puts two header lines before the body. */
const headerLines = 2;
const sourceName = "exercise.js";

export interface CompileOptions {
  /** Loop-guard limit per trial (ms). */
  limitMs?: number;
  /** Console output kept per call (characters). */
  logLimit?: number;
  /** Result-size cap per call (elements). */
  maxResultElements?: number;
}

export function compileLearner(def: ExerciseDef, source: string, rt: Runtime, options: CompileOptions = {}): CompileResult {
  let code: string;
  try {
    code = compileLearnerCode(source, "script");
  } catch (err) {
    const e = err as LearnerSyntaxError;
    return {ok: false, error: {kind: "threw", name: "SyntaxError", message: `SyntaxError: ${e.message}`, ...(e.line !== undefined ? {line: e.line} : {})}};
  }
  const scope = createLearnerScope(rt, {limitMs: options.limitMs, logLimit: options.logLimit, place: {sourceName, lineOffset: headerLines}});
  const names = Object.keys(scope.globals) as (keyof LearnerScope["globals"])[];
  let fn: unknown;
  try {
    const factory = new Function(...names, `${code}\n;return typeof ${def.fn} === "function" ? ${def.fn} : undefined;\n//# sourceURL=${sourceName}`);
    fn = factory(...names.map((n) => scope.globals[n]));
  } catch (err) {
    // e.g. "Identifier 'dx' has already been declared" is raised here, not by the parser; or top-level code threw.
    const e = err as Error;
    return {ok: false, error: {kind: "threw", message: err instanceof Error ? `${e.name === "Error" ? "" : `${e.name}: `}${e.message}` : String(err)}};
  }
  if (typeof fn !== "function") return {ok: false, error: {kind: "returned", message: `define a function named ${def.fn}(${def.params.join(", ")})`}};
  const spec: CallSpec = {...callSpec(def), ...(options.maxResultElements ? {maxResultElements: options.maxResultElements} : {})};
  return {ok: true, learner: {scope, call: (args) => callLearner(fn, args, spec, scope, rt)}};
}

export interface GradeSourceOptions extends PrepareOptions, CompileOptions, Omit<JudgeOptions, "mode" | "source"> {
  /** The cell's starter (the source untouched → "not attempted"). */
  starter?: string;
  /** Trials already prepared (the Worker prepares once and also draws their graphs). */
  prepared?: PreparedTrial[];
}

/**
 * Grades a learner's source end to end in this realm: references first (before any learner code
 * runs, so it cannot patch the runtime they use), then compile, then every trial, then the judge.
 */
export function gradeSource(def: ExerciseDef, source: string, rt: Runtime, options: GradeSourceOptions = {}): GradeReport {
  const mode = options.mode ?? "practice";
  if (isUntouched({...def, starter: options.starter ?? def.starter}, source)) return notAttempted(def, mode);
  const prepared = options.prepared ?? prepareTrials(def, rt, options);
  const compiled = compileLearner(def, source, rt, options);
  const outcomes: LearnerOutcome[] = [];
  for (const trial of prepared) {
    const outcome: LearnerOutcome = compiled.ok ? compiled.learner.call(trial.args) : {observed: [], error: compiled.error};
    outcomes.push(outcome);
    // A crash or a timeout would repeat on every trial; stop at the first.
    if (outcome.error) break;
  }
  return judgeOutcomes(def, prepared, outcomes, rt, {...options, mode, source});
}
