// Types of an exercise definition (content/exercises/*.ts) and of the grader's report.
// Definitions are pure data plus functions that receive the runtime as an argument, so the same
// module loads in the browser, in a Worker, in Node and inside an isolated-vm isolate.
import type {Dense} from "./dense.ts";

/** A runtime Tensor (src/tensor). Typed loosely here: definitions receive the runtime as an argument. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Tensor = any;

/** The runtime namespaces handed to definitions (`np`, `nn` from src/tensor/index.ts). */
export interface Runtime {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  np: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  nn: any;
}

/** Plain data that can cross a Worker/isolate boundary: numbers, Dense tensors, arrays and records. */
export type PlainValue = number | string | boolean | null | Dense | PlainValue[] | {[key: string]: PlainValue};

/** Two levels of help: a nudge first, the fix on a second ask. */
export interface Hint {
  nudge: string;
  fix: string;
}

export interface TrialDef {
  name: string;
  /** Seed for practice checks; a final grade replaces it with a fresh seed. */
  seed: number;
  /** Shapes and configuration read by makeInputs (N, D, stride, pad, scale…). */
  config: Record<string, number>;
  /**
   * What this trial exists to catch. Shown when the learner passes every trial that has no `catches`
   * but fails this one (e.g. stride 2 catches "stride ignored").
   */
  catches?: Hint;
  /** Hidden trials are graded but their details are not shown in practice. */
  hidden?: boolean;
}

/**
 * Where a step's reference gradient lives in the forward graph:
 * - `node`: the total gradient of the named tensor (`dxhat` → node `xhat`);
 * - `edge`: the gradient flowing along one use, from tensor `from` into the op that made `to`
 *   (`dxmu1` → edge xmu→xhat);
 * - `value`: the forward value of a named tensor (a loss the function also returns).
 */
export type StepTarget = {node: string} | {edge: [from: string, to: string]} | {value: string};

export interface StepDef {
  /** The learner's variable name (`dxhat`), also the name in the report. */
  name: string;
  target: StepTarget;
  /** Index of this value in the array the learner's function returns; outputs decide the verdict. */
  output?: number;
  /**
   * How to recompute this step from the learner's own upstream steps, to tell "wrong only because an
   * earlier step is wrong" from "this step's own rule is wrong". Maps a named tensor to the learner
   * step(s) whose sum is that tensor's total gradient; the set must cut every path to the output.
   */
  given?: Record<string, string | string[]>;
  /** Alternative to `given`: this step is the sum of these learner steps (`dx = dx1 + dx2`). */
  sumOf?: string[];
  /** Help when this step is wrong and no specific diagnosis matched. */
  hint?: Hint;
}

/** Everything known about one trial, as plain data; what mutants and invariants read. */
export interface TrialContext {
  config: Record<string, number>;
  /** The trial's inputs (including `dout` when the output is not a scalar loss). */
  inputs: Record<string, Dense>;
  /** Forward values of every named tensor. */
  named: Record<string, Dense>;
  /** Reference value of every step. */
  ref: Record<string, Dense>;
}

/** A reference-derived wrong answer: if the learner's step matches it, its hint explains the mistake. */
export interface MutantDef {
  id: string;
  step: string;
  /** The wrong value for this trial, or null when the mutant is not defined here (e.g. needs ties). */
  value(ctx: TrialContext): Dense | null;
  hint: Hint;
}

/** A property every correct value has (batchnorm: Σₙ dx ≈ 0); a violation explains the mistake. */
export interface InvariantDef {
  id: string;
  step: string;
  /** Size of the violation relative to the value's scale; about 0 for a correct value. */
  residual(got: Dense, ctx: TrialContext): number;
  tol: number;
  hint: Hint;
}

export interface ExerciseDef {
  id: string;
  title: string;
  /** Lesson that hosts the exercise (used for progress keys and the submission header). */
  lesson?: string;
  /** The learner's function name and parameters, cs231n style: `batchnorm_backward(dout, cache)`. */
  fn: string;
  params: string[];
  /** Names of the returned values, in order (`[dx, dgamma, dbeta]`); one name means a single value. */
  returns: string[];
  /** Builds one trial's inputs with the seeded generator (already seeded by the grader). */
  makeInputs(config: Record<string, number>, rt: Runtime): Record<string, Tensor>;
  /** Inputs the reference differentiates; `dout` (if present) is the upstream gradient. */
  differentiable: string[];
  /** The forward pass with the runtime; names its intermediates with `.named()`; returns the output. */
  forward(inputs: Record<string, Tensor>, config: Record<string, number>, rt: Runtime): Tensor;
  /** The learner's arguments for one trial, from plain inputs and forward values (`[dout, cache]`). */
  args(ctx: Omit<TrialContext, "ref">): PlainValue[];
  /** Steps in graph order (backward order: from the output towards the inputs). */
  steps: StepDef[];
  trials: TrialDef[];
  /** The code the editor starts with. */
  starter: string;
  /** General hints, most gentle first. */
  hints: Hint[];
  mutants: MutantDef[];
  invariants?: InvariantDef[];
  /** Help when a learner value has NaN/Inf entries while the reference is finite. */
  nonFiniteHint?: Hint;
  /** Relative-error tolerance; cs231n's rel_error ≤ 1e-7 in float64 by default. */
  tol?: number;
  /**
   * A reference solution the lesson allows learners to see, as the last level of help (after every
   * nudge and fix). Leave unset (the default) to never ship a reference backward to the browser.
   */
  reveal?: string;
}

// ---- what the learner's side hands back ----

export interface ObservedStep {
  name: string;
  line: number;
  value: Dense | null;
}

/**
 * Why a call gave no gradable result: it threw, ran out of time or memory, returned something that
 * cannot be read, changed its inputs, asked for autograd, or (host side only) the sandbox failed.
 */
export type LearnerErrorKind = "threw" | "timeout" | "memory" | "returned" | "mutated" | "autograd" | "sandbox";

export interface LearnerError {
  kind: LearnerErrorKind;
  /** "TypeError: x.foo is not a function" (the error's name, then its message; capped). */
  message: string;
  /** The error's name when it was an Error ("ReferenceError"). */
  name?: string;
  /** Line in the learner's source. */
  line?: number;
}

/** One call of the learner's function, as plain data (made by callLearner, in whatever realm ran it). */
export interface LearnerOutcome {
  /** The returned value (Dense values, arrays of them, numbers), undefined when the call threw. */
  returned?: PlainValue;
  /** Last observed value of every `d<name>` variable, in first-observation order. */
  observed: ObservedStep[];
  error: LearnerError | null;
  /** Tensor work the call did (elements of every tensor it made), for the numerical-gradient check. */
  work?: {elements: number; tensors: number; bySize: number[]};
  /** The learner's console output during the call (capped). */
  logs?: string;
  /** Returned values that are the same tensor (or storage) as an argument or another returned value. */
  aliases?: {output: string; sameAs: string}[];
}

// ---- the report ----

export type StepStatus = "pass" | "fail" | "shape" | "missing" | "follows";

export interface StepReport {
  name: string;
  /** Where the step's reference lives in the forward graph (as in the definition). */
  target: StepTarget;
  output: boolean;
  status: StepStatus;
  expectedShape: number[];
  gotShape?: number[];
  relError?: number;
  worst?: {index: number[]; expected: number; got: number} | null;
  nonFinite?: boolean;
  /** Learner line where the step was last assigned. */
  line?: number;
  /** For "follows": the earlier wrong step this one inherits its error from. */
  cause?: string;
  /** Set when the learner's value had another shape that broadcasts to the right value (accepted, with a note). */
  broadcastFrom?: number[];
}

export interface Diagnosis {
  step: string;
  kind: "shape" | "nonfinite" | "mutant" | "invariant" | "trial" | "step" | "general" | "error" | "integrity";
  id: string;
  hint: Hint;
  trial?: string;
  /** How specific the explanation is (rules.ts `rank`); the report's primary hint is the highest. */
  rank?: number;
}

export type TrialStatus = "passed" | "wrong" | "error";

export interface TrialReport {
  name: string;
  seed: number;
  config: Record<string, number>;
  hidden: boolean;
  status: TrialStatus;
  steps: StepReport[];
  error?: LearnerError;
  firstWrong?: string;
  diagnoses: Diagnosis[];
  /**
   * Input-sized tensors the learner's call made in this trial against the reference forward +
   * backward's (the integrity check's measure), when measured.
   */
  work?: {learner: number; reference: number};
  /** The learner's console output during this trial (capped), when captured. */
  logs?: string;
}

export type ExerciseState = "not-attempted" | "error" | "wrong" | "passed";

export interface GradeReport {
  exercise: string;
  fn: string;
  mode: "practice" | "final";
  status: ExerciseState;
  /** Steps of the first failing trial (or of the first trial when all pass), in graph order. */
  steps: StepReport[];
  /** Name of the trial `steps` come from. */
  shownTrial: string;
  firstWrong?: string;
  /** Most specific first; the UI shows hint.nudge, then hint.fix when asked again. */
  diagnoses: Diagnosis[];
  trials: TrialReport[];
  error?: LearnerError;
  /** Trials passed / trials run. */
  score: {passed: number; total: number};
  /** Steps correct / steps, in the shown trial (for progress). */
  stepsDone: {done: number; total: number};
  summary: string;
  /**
   * Set on a passing report whose outputs match but whose intermediate step is wrong (e.g. a wrong shape
   * that broadcasting repaired): "Outputs correct, but step dsquare has the wrong shape (…)".
   */
  caveat?: string;
  /** Console output of the learner's code in the shown trial (capped), when the checker captured it. */
  logs?: string;
  /** The reference solution, only when the definition allows it (`reveal`) and the check did not pass. */
  reveal?: string;
}
