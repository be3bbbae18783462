// The end-of-run summary: how many passed, which exercise fails most often, which step.
import type {SubmissionResult} from "../sandbox/types.ts";

export interface Summary {
  submissions: number;
  /** Graded and every exercise passed. */
  passed: number;
  /** Graded with at least one failed exercise. */
  failed: number;
  /** Could not be graded (each row says why). */
  ungraded: number;
  /** Per exercise: attempts and failures, most failed first. */
  exercises: {id: string; attempted: number; failed: number}[];
  /** Most common first wrong step per exercise. */
  steps: {exercise: string; step: string; count: number}[];
}

export function summarize(results: SubmissionResult[]): Summary {
  const exercises = new Map<string, {attempted: number; failed: number}>();
  const steps = new Map<string, {exercise: string; step: string; count: number}>();
  let passed = 0, failed = 0, ungraded = 0;
  for (const r of results) {
    if (r.status === "error") {
      ungraded++;
      continue;
    }
    if (r.exercises.length && r.exercises.every((e) => e.verdict === "passed")) passed++;
    else failed++;
    for (const e of r.exercises) {
      const s = exercises.get(e.id) ?? {attempted: 0, failed: 0};
      s.attempted++;
      if (e.verdict !== "passed") s.failed++;
      exercises.set(e.id, s);
      if (e.verdict !== "passed" && e.failedStep) {
        const key = `${e.id}\0${e.failedStep}`;
        const st = steps.get(key) ?? {exercise: e.id, step: e.failedStep, count: 0};
        st.count++;
        steps.set(key, st);
      }
    }
  }
  return {
    submissions: results.length, passed, failed, ungraded,
    exercises: [...exercises].map(([id, s]) => ({id, ...s})).sort((a, b) => b.failed - a.failed || a.id.localeCompare(b.id)),
    steps: [...steps.values()].sort((a, b) => b.count - a.count || a.step.localeCompare(b.step))
  };
}

export interface Colors {
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

export function makeColors(enabled: boolean): Colors {
  const wrap = (code: string) => (s: string) => (enabled ? `\x1b[${code}m${s}\x1b[0m` : s);
  return {green: wrap("32"), red: wrap("31"), yellow: wrap("33"), bold: wrap("1"), dim: wrap("2")};
}

export function formatSummary(summary: Summary, c: Colors): string {
  const lines: string[] = [];
  const n = summary.submissions;
  lines.push(c.bold(`Graded ${n} submission${n === 1 ? "" : "s"}:`) + ` ${c.green(`${summary.passed} passed everything`)}, ` +
    `${summary.failed ? c.yellow(`${summary.failed} failed some exercise`) : "0 failed"}, ` +
    `${summary.ungraded ? c.red(`${summary.ungraded} could not be graded`) : "0 could not be graded"}.`);
  const worst = summary.exercises.find((e) => e.failed > 0);
  if (worst) {
    lines.push(`Fails most often: ${c.bold(worst.id)} (${worst.failed} of ${worst.attempted} attempts).`);
    const step = summary.steps.find((s) => s.exercise === worst.id);
    if (step) lines.push(`Most common first wrong step in ${worst.id}: ${c.bold(step.step)} (${step.count} submission${step.count === 1 ? "" : "s"}).`);
  } else if (summary.exercises.length) {
    lines.push(c.green("Every graded exercise passed."));
  }
  return lines.join("\n") + "\n";
}
