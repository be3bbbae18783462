// What the sandbox needs to know about an exercise: the exported function name, the names of its
// outputs, trusted trials for a seed and how to judge them. catalog.ts builds these from the shared
// definitions (content/exercises) and the shared grading engine (src/grader).
import type {CallOutcome, ExerciseResult, Limits, PreparedCall} from "./types.ts";

export interface SandboxExercise {
  id: string;
  /** The function the submission must export. */
  fn: string;
  title: string;
  points: number;
  /** Parameter names, for messages such as "cache.xhat was changed in place". */
  params: string[];
  /** Names of the returned values, in order (`[dx, dgamma, dbeta]`). */
  outputs: string[];
  /** Per output: whether it is graded (src/grader/returns.ts); ungraded slots are not read. Default: all. */
  graded?: boolean[];
  /** Trusted: inputs and references, computed outside the sandbox. Same seed → same trials. */
  prepare(seed: number): PreparedCall[];
  /** Trusted: turns what the isolate returned for each prepared call into the exercise's result. */
  judge(calls: PreparedCall[], outcomes: CallOutcome[], limits: Limits): Omit<ExerciseResult, "logs" | "ms">;
  /** True when the exported function is still the starter code (not attempted). */
  isUntouched?(functionSource: string): boolean;
}
