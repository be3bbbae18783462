// Data that crosses the sandbox boundary. Everything here is plain, structured-clonable data:
// no live objects ever go from the trusted side into the isolate or back.

/** A tensor as plain data (row-major). */
export interface PlainTensor {
  $tensor: true;
  shape: number[];
  data: Float64Array;
}

export type PlainValue = number | string | boolean | null | PlainTensor | PlainValue[] | {[key: string]: PlainValue};

/** Limits for one submission; times in milliseconds, sizes in bytes. */
export interface Limits {
  /** Time for one exercise (all its trials together), and separately for loading the module. */
  timeoutMs: number;
  /** Isolate heap and ArrayBuffer limit (isolated-vm's memoryLimit). */
  memoryMb: number;
  /** Submission files larger than this are rejected before reading. */
  maxFileBytes: number;
  /** console output kept per exercise; the rest is dropped with a note. */
  maxLogBytes: number;
  /** Total number of float64 elements a call may hand back (outputs plus observed steps). */
  maxResultElements: number;
}

export const defaultLimits: Limits = {
  timeoutMs: 5000,
  memoryMb: 256,
  maxFileBytes: 1 << 20,
  maxLogBytes: 16 << 10,
  maxResultElements: 1 << 20
};

/** One call of the learner's function, prepared on the trusted side. */
export interface PreparedCall {
  name: string;
  /** Hidden trials are shown to learners only after grades are published. */
  hidden: boolean;
  /** Arguments passed to the learner's function (copied into the isolate). */
  args: PlainValue[];
}

/** What the isolate hands back for one call of a learner function (the grader's LearnerOutcome plus
 * what only the sandbox checks). */
export interface CallOutcome {
  /** The returned value as plain data (tensors → PlainTensor), undefined when the call failed. */
  returned?: PlainValue;
  /** Last value of every `d<name>` step the learner computed, in first-observation order. */
  observed: {name: string; line: number; value: PlainTensor | null}[];
  error: {kind: "threw" | "returned" | "timeout" | "memory" | "sandbox"; message: string; line?: number} | null;
  /** Inputs the function changed in place (`cache.xhat`, `dout`). */
  mutations: string[];
  logs: string;
}

export type Verdict = "passed" | "failed" | "error";

export interface TrialResult {
  name: string;
  hidden: boolean;
  passed: boolean;
  message: string;
  /** First step (named intermediate gradient) that disagrees with the reference, when known. */
  failedStep?: string;
  maxRelError?: number;
}

export interface ExerciseResult {
  id: string;
  title: string;
  verdict: Verdict;
  score: number;
  maxScore: number;
  message: string;
  failedStep?: string;
  hint?: string;
  trials: TrialResult[];
  logs: string;
  ms: number;
  /** The grading engine's full report (per-step results and diagnoses), when it graded this exercise. */
  report?: unknown;
}

export interface SubmissionResult {
  /** Path as given (relative to the folder it was found in, when a folder was given). */
  name: string;
  file: string;
  /** `error` means the submission could not be graded; `message` says why. */
  status: "graded" | "error";
  message: string;
  course?: string;
  lesson?: string;
  score: number;
  maxScore: number;
  exercises: ExerciseResult[];
  ms: number;
}
