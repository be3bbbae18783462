// grades.csv: one row per submission, one column per exercise (its score), then the total.
import type {SubmissionResult} from "../sandbox/types.ts";

function cell(value: string | number): string {
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function formatGradesCsv(results: SubmissionResult[], exerciseIds: string[]): string {
  const header = ["submission", "status", "course", "lesson", ...exerciseIds, "total", "max", "message"];
  const lines = [header.map(cell).join(",")];
  for (const r of results) {
    const byId = new Map(r.exercises.map((e) => [e.id, e]));
    const scores = exerciseIds.map((id) => {
      const e = byId.get(id);
      return e ? round(e.score) : "";
    });
    lines.push([r.name, r.status, r.course ?? "", r.lesson ?? "", ...scores, round(r.score), round(r.maxScore), r.message].map(cell).join(","));
  }
  return lines.join("\n") + "\n";
}
