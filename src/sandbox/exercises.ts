// What the sandbox needs to know about an exercise: the exported function name, the names of its
// outputs, trusted trials for a seed and how to judge them. catalog.ts builds these from the shared
// definitions (content/exercises) and the shared grading engine (src/grader).
import type {CallSpec, LearnerOutcome} from "../grader/index.ts";
import type {ExerciseResult, Limits, PreparedCall} from "./types.ts";

export interface SandboxExercise {
  id: string;
  /** The function the submission must export. */
  fn: string;
  title: string;
  /** The lesson that hosts it (a submission's `// lessons:` header names lessons). */
  lesson?: string;
  /** The code the editor starts with (similarity sets it aside). */
  starter: string;
  points: number;
  /** What the one learner call needs (parameters, returned names, graded slots). */
  spec: CallSpec;
  /** Trusted: inputs and references, computed outside the sandbox. Same seed → same trials. */
  prepare(seed: number): PreparedCall[];
  /** Trusted: turns what the isolate returned for each prepared call into the exercise's result. */
  judge(calls: PreparedCall[], outcomes: LearnerOutcome[], limits: Limits, source?: string): Omit<ExerciseResult, "logs" | "ms">;
  /** True when the exported function is still the starter code (not attempted). */
  isUntouched?(functionSource: string): boolean;
}
