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
  /**
   * When a trial's tensor work counts as a numerical gradient: more than `factor` × the reference's
   * input-sized tensors plus `floor` (src/grader/integrity.ts; default there).
   */
  workBudget?: {factor: number; floor: number};
  /**
   * Resident memory a child process may reach (MB), watched from outside the isolate: the backstop for
   * anything that escapes the isolate's own limit. Default: memoryMb + 768.
   */
  processMemoryMb?: number;
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

// The rows a run produces (SubmissionResult, ExerciseResult, TrialResult) belong to the gradebook:
// src/gradebook/types.ts. Re-exported here for the sandbox's callers.
export type {Verdict, TrialResult, ExerciseResult, SubmissionResult} from "../gradebook/types.ts";
