// Plain-text rendering of a report (CLI output, test failure messages).
import {formatNumber, formatShape} from "./dense.ts";
import type {Diagnosis, GradeReport, StepReport} from "./types.ts";

export function formatStep(s: StepReport): string {
  const name = s.name.padEnd(10);
  const where = s.line ? ` (line ${s.line})` : "";
  switch (s.status) {
    case "pass":
      return `✓ ${name} rel_error ${formatNumber(s.relError ?? 0)}`;
    case "missing":
      return `· ${name} not computed${s.output ? " (an output!)" : ""}`;
    case "shape":
      return `✗ ${name} shape ${formatShape(s.gotShape ?? [])}, expected ${formatShape(s.expectedShape)}${where}`;
    case "follows":
      return `✗ ${name} wrong only because ${s.cause} is wrong (its own rule is right)${where}`;
    case "fail": {
      const w = s.worst;
      const at = w ? ` at [${w.index.join(", ")}]: expected ${formatNumber(w.expected)}, got ${formatNumber(w.got)}` : "";
      return `✗ ${name} ${s.nonFinite ? "contains NaN/Inf" : `rel_error ${formatNumber(s.relError ?? NaN)}`}${at}${where}`;
    }
  }
}

export function formatReport(r: GradeReport): string {
  const lines = [`${r.fn}: ${r.status} — ${r.summary}`];
  if (r.caveat) lines.push(`note: ${r.caveat}`);
  if (r.steps.length) {
    lines.push(`steps (trial ${r.shownTrial}):`);
    for (const s of r.steps) lines.push(`  ${formatStep(s)}`);
  }
  if (r.logs) lines.push(`console output (trial ${r.shownTrial}):`, ...r.logs.replace(/\n$/, "").split("\n").map((l) => `  ${l}`));
  hintsToShow(r.diagnoses).forEach((d, i) => lines.push(`${i ? "other possible cause" : "hint"}${d.step ? ` [${d.step}]` : ""}: ${d.hint.nudge}`));
  return lines.join("\n");
}

/**
 * The diagnoses a learner reads: one per hint text. Several trials that catch the same mistake, or a trial
 * and the mutant that names it, carry the same hint; the report keeps every diagnosis id (the gradebook and
 * tests read them), the learner sees each hint once.
 */
export function hintsToShow(diagnoses: readonly Diagnosis[]): Diagnosis[] {
  const seen = new Set<string>();
  return diagnoses.filter((d) => !seen.has(d.hint.nudge) && (seen.add(d.hint.nudge), true));
}
