// Gradescope autograder results.json for one submission (see Gradescope's "Autograder
// Specifications"): a visible test per exercise, and hidden (`after_published`) tests per trial.
import type {GradeReport} from "../grader/index.ts";
import type {ExerciseResult, SubmissionResult} from "./types.ts";

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
  const summary = visibleSummary(e);
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

/**
 * What a learner may see before grades are published: the verdict, the first wrong step and a hint
 * that names no hidden trial and shows none of its values (no trial names, expected/got numbers,
 * shapes, or text the learner's own code put in an error message — that could carry hidden inputs out).
 */
export function visibleSummary(e: ExerciseResult): string {
  const report = e.report as GradeReport | undefined;
  if (e.verdict === "passed") return report?.caveat && !/numerical gradient/.test(report.caveat) ? "Passed every trial (with a note on an intermediate step)." : "Passed every trial.";
  // Not graded by the engine (not attempted, a missing function): the message names no trial.
  if (!report) return [e.message, e.failedStep ? `First wrong step: ${e.failedStep}` : "", e.hint ? `Hint: ${e.hint}` : ""].filter(Boolean).join("\n");
  const lines: string[] = [];
  const integrity = report.diagnoses.find((d) => d.kind === "integrity");
  if (integrity) lines.push("Not accepted: the code computes a numerical gradient instead of the backward pass.");
  if (report.status === "error" && report.error) {
    const err = report.error;
    const at = err.line ? ` at line ${err.line}` : "";
    lines.push(err.kind === "threw" || err.kind === "autograd" ? `Your code stopped with ${err.name ?? "an error"}${at}.` : `Your code could not be graded: ${err.kind === "timeout" ? "it did not finish in time" : err.kind === "memory" ? "it ran out of memory" : err.kind === "mutated" ? "it changed its inputs in place" : err.kind === "returned" ? "it did not return what the signature names" : "the sandbox stopped it"}${at}.`);
  }
  if (report.firstWrong) lines.push(`First wrong step: ${report.firstWrong}.`);
  const hint = report.diagnoses.find((d) => d.kind === "mutant" || d.kind === "invariant" || d.kind === "step" || d.kind === "general" || d.kind === "trial" || (d.kind === "error" && report.error?.kind !== "threw"));
  if (hint && !integrity) lines.push(`Hint: ${hint.hint.nudge.replace(/\(\s*\d+(\s*,\s*\d*)*\s*\)/g, "(…)")}`);
  if (!lines.length) lines.push("Not passing yet.");
  return lines.join("\n");
}

export function toGradescope(r: SubmissionResult): GradescopeResults {
  return {
    score: round(r.score),
    execution_time: Math.round(r.ms / 1000),
    // The row's own message quotes hidden trials; the visible output is built from verdicts only.
    output: r.status === "error" ? `This submission could not be graded: ${r.message}`
      : `${r.exercises.filter((e) => e.verdict === "passed").length}/${r.exercises.length} exercises passed` +
        r.exercises.map((e) => `\n${e.id}: ${e.verdict === "passed" ? "passed" : "not passing"}`).join(""),
    output_format: "text",
    visibility: "visible",
    stdout_visibility: "hidden",
    tests: r.exercises.flatMap(exerciseTests)
  };
}
