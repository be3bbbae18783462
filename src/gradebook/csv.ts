// grades.csv: one row per submission, one column per exercise (its score), then the total. Written
// with csv-stringify: RFC 4180 quoting, and `escape_formulas` so a cell that a spreadsheet would run
// (=, +, -, @, tab or CR first: OWASP's CSV injection) is prefixed with '. Text from submissions has
// its control characters made visible first.
import {stringify} from "csv-stringify/sync";
import {escapeControl} from "../grader/index.ts";
import type {SubmissionResult} from "./types.ts";

const round = (x: number) => Math.round(x * 1000) / 1000;

/** RFC 4180 rows with formulas neutralised. */
export function toCsv(rows: (string | number)[][]): string {
  return stringify(rows.map((r) => r.map((v) => (typeof v === "string" ? escapeControl(v) : v))), {escape_formulas: true, record_delimiter: "unix"});
}

export function formatGradesCsv(results: SubmissionResult[], exerciseIds: string[]): string {
  const header = ["submission", "status", "course", "lesson", ...exerciseIds, "total", "max", "message"];
  const rows: (string | number)[][] = [header];
  for (const r of results) {
    const byId = new Map(r.exercises.map((e) => [e.id, e]));
    const scores = exerciseIds.map((id) => {
      const e = byId.get(id);
      return e ? round(e.score) : "";
    });
    const message = r.note ? `${r.message} (note: ${r.note})` : r.message;
    rows.push([r.name, r.status, r.course ?? "", r.lesson ?? "", ...scores, round(r.score), round(r.maxScore), message]);
  }
  return toCsv(rows);
}
