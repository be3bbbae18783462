// Gradescope autograder results.json for one submission (see Gradescope's "Autograder
// Specifications"): a visible test per exercise, and hidden (`after_published`) tests per trial.
import type {ExerciseResult, SubmissionResult} from "../sandbox/types.ts";

export interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
  output_format: "text";
  visibility: "visible" | "after_published";
}

export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  output_format: "text";
  visibility: "visible";
  stdout_visibility: "hidden";
  tests: GradescopeTest[];
}

const round = (x: number) => Math.round(x * 10000) / 10000;

/**
 * Per exercise: a visible test with its score, verdict, first wrong step and hint (no trial data),
 * then one test per trial with the details. The trials ran on seeds the learners never saw, so
 * their tests stay hidden until grades are published; they carry no points of their own (the
 * exercise test does), so Gradescope's total is the same before and after publishing.
 */
function exerciseTests(e: ExerciseResult): GradescopeTest[] {
  const summary = [e.message, e.failedStep ? `First wrong step: ${e.failedStep}` : "", e.hint ? `Hint: ${e.hint}` : ""].filter(Boolean).join("\n");
  const status = e.verdict === "passed" ? "passed" : "failed";
  const head: GradescopeTest = {name: `${e.title} (${e.id})`, score: round(e.score), max_score: e.maxScore, status, output: summary,
    output_format: "text", visibility: "visible"};
  return [head, ...e.trials.map((t): GradescopeTest => ({
    name: `${e.id}: trial ${t.name}`,
    score: 0,
    max_score: 0,
    status: t.passed ? "passed" : "failed",
    output: t.message,
    output_format: "text",
    visibility: "after_published"
  }))];
}

export function toGradescope(r: SubmissionResult): GradescopeResults {
  return {
    score: round(r.score),
    execution_time: Math.round(r.ms / 1000),
    output: r.status === "error" ? `This submission could not be graded: ${r.message}` : r.message,
    output_format: "text",
    visibility: "visible",
    stdout_visibility: "hidden",
    tests: r.exercises.flatMap(exerciseTests)
  };
}
