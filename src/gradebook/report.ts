// The JSON report: the run's settings, a summary, and every submission with per-exercise,
// per-trial (and, from the grading engine, per-step) results and hints.
import type {Limits, SubmissionResult} from "../sandbox/types.ts";
import {summarize, type Summary} from "./summary.ts";

export interface GradeRunInfo {
  seed: number;
  exercises: string[];
  limits: Limits;
  jobs: number;
  ms: number;
}

export interface GradeReportJson extends GradeRunInfo {
  tool: "backstep grade";
  version: 1;
  generatedAt: string;
  summary: Summary;
  submissions: SubmissionResult[];
}

export function buildReport(results: SubmissionResult[], info: GradeRunInfo): GradeReportJson {
  return {tool: "backstep grade", version: 1, generatedAt: new Date().toISOString(), ...info, summary: summarize(results), submissions: results};
}

/** JSON text; typed arrays (if any reached the report) become plain arrays, non-finite numbers null. */
export function stringifyReport(report: unknown): string {
  return JSON.stringify(report, (_key, value) => (ArrayBuffer.isView(value) ? Array.from(value as Float64Array) : value), 2) + "\n";
}
