// Writes the gradebook folder: grades.csv, report.json and one Gradescope results.json per
// submission (gradescope/<submission>/results.json).
import {mkdirSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import type {SubmissionResult} from "../sandbox/types.ts";
import {formatGradesCsv} from "./csv.ts";
import {toGradescope} from "./gradescope.ts";
import {buildReport, stringifyReport, type GradeReportJson, type GradeRunInfo} from "./report.ts";

/** A folder name for a submission that is safe on every filesystem and unique in the batch. */
export function safeName(name: string, taken: Set<string>): string {
  const base = name.replace(/\.[cm]?js$/i, "").replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "_").slice(0, 100) || "submission";
  let candidate = base;
  for (let i = 2; taken.has(candidate); i++) candidate = `${base}-${i}`;
  taken.add(candidate);
  return candidate;
}

export function writeGradebook(outDir: string, results: SubmissionResult[], info: GradeRunInfo): GradeReportJson {
  const report = buildReport(results, info);
  mkdirSync(join(outDir, "gradescope"), {recursive: true});
  writeFileSync(join(outDir, "grades.csv"), formatGradesCsv(results, info.exercises));
  writeFileSync(join(outDir, "report.json"), stringifyReport(report));
  const taken = new Set<string>();
  for (const r of results) {
    const dir = join(outDir, "gradescope", safeName(r.name, taken));
    mkdirSync(dir, {recursive: true});
    writeFileSync(join(dir, "results.json"), JSON.stringify(toGradescope(r), null, 2) + "\n");
  }
  return report;
}
