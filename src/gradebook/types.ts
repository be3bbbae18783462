// The gradebook's rows: what `backstep grade` records per submission, exercise and trial. The sandbox
// fills them in; every output (grades.csv, report.json, Gradescope results) is written from them.
import type {GradeReport} from "../grader/index.ts";

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
  /** Steps right / steps, in the report's shown trial (for per-step credit). */
  stepsDone?: {done: number; total: number};
  /** The primary diagnosis of a wrong answer: its id and sentence (the class report counts them). */
  mistake?: {id: string; text: string};
  trials: TrialResult[];
  logs: string;
  ms: number;
  /** The grading engine's full report (per-step results and diagnoses), when it graded this exercise. */
  report?: GradeReport;
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
  /** Something the instructor should know about the path (a symbolic link graded once, a retry). */
  note?: string;
  /** The row's folder under gradescope/ (unique in the run, recorded so names that sanitise alike stay apart). */
  gradescopeFolder?: string;
}
