// Everything a run writes about the class, from the compact rows the writer kept: student-keyed
// grades.csv, canvas.csv, moodle.csv and the class report (index.html) with similarity pairs.
import {readSubmission} from "../sandbox/read-submission.ts";
import {defaultAssignment, type Assignment} from "./assignment.ts";
import {buildClass, type ClassResult, type Override} from "./class.ts";
import {classReportHtml} from "./class-report.ts";
import type {StudentIdentity} from "./identity.ts";
import {canvasCsv, moodleCsv, studentGradesCsv} from "./lms.ts";
import {similarPairs, type SimilarPair, type SimilarityInput} from "./similarity.ts";
import type {SubmissionResult} from "./types.ts";

export interface CatalogEntry {
  id: string;
  fn: string;
  lesson?: string;
  starter: string;
}

export interface ClassFilesInput {
  rows: SubmissionResult[];
  /** The assignment file, or null: then every exercise of the lessons the submissions name. */
  assignment: Assignment | null;
  catalog: CatalogEntry[];
  identities: Map<string, StudentIdentity>;
  overrides?: Override[];
  submittedAt?: Map<string, Date>;
  maxFileBytes: number;
}

/** Without an assignment file: the lessons named in the submissions' headers, else what was graded. */
export function impliedAssignment(rows: SubmissionResult[], catalog: CatalogEntry[]): Assignment {
  const lessons = new Set(rows.flatMap((r) => (r.lesson ?? "").split(",").map((l) => l.trim()).filter(Boolean)));
  const graded = new Set(rows.flatMap((r) => r.exercises.map((e) => e.id)));
  const ids = catalog.filter((e) => (e.lesson && lessons.has(e.lesson)) || graded.has(e.id)).map((e) => e.id);
  return defaultAssignment(ids);
}

export function classFiles(input: ClassFilesInput): {files: Record<string, string>; result: ClassResult; pairs: SimilarPair[]; assignment: Assignment} {
  const assignment = input.assignment ?? impliedAssignment(input.rows, input.catalog);
  const result = buildClass(input.rows, {assignment, identities: input.identities, overrides: input.overrides, submittedAt: input.submittedAt});
  // Similarity over the counted submission of each student, exercise by exercise.
  const sources = new Map<string, string>();
  const inputs: SimilarityInput[] = [];
  const fnOf = new Map(input.catalog.map((e) => [e.id, e.fn]));
  for (const s of result.students) {
    const row = input.rows.find((r) => r.name === s.file);
    if (!row || row.status !== "graded") continue;
    const read = readSubmission(row.file, input.maxFileBytes);
    if (!read.ok) continue;
    for (const e of assignment.exercises) {
      const code = read.submission.functionSources[fnOf.get(e.id) ?? ""];
      if (!code) continue;
      sources.set(`${s.id}\0${e.id}`, code);
      inputs.push({student: s.id, exercise: e.id, source: code});
    }
  }
  const starters = Object.fromEntries(input.catalog.map((e) => [e.id, e.starter]));
  const pairs = similarPairs(inputs, {starters});
  const files = {
    "grades.csv": studentGradesCsv(result.students, assignment),
    "canvas.csv": canvasCsv(result.students, assignment),
    "moodle.csv": moodleCsv(result.students, assignment),
    "index.html": classReportHtml({assignment, result, pairs, sources, generatedAt: new Date()}),
    "similarity.json": JSON.stringify(pairs, null, 2) + "\n"
  };
  return {files, result, pairs, assignment};
}
