// From graded files to a class: each file is attributed to a student (identity.ts), a student's latest
// submission counts (the others are listed), the assignment turns exercise results into points (its
// credit mode; an exercise the student did not submit scores 0, "not submitted"), lateness from the
// LMS costs its penalty, and instructor overrides are applied last. One StudentRow per student is what
// every gradebook (grades.csv, canvas.csv, moodle.csv, the class report) is written from.
import {parse} from "csv-parse/sync";
import {latePenalty, type Assignment, type CreditMode} from "./assignment.ts";
import type {StudentIdentity} from "./identity.ts";
import type {ExerciseResult, SubmissionResult} from "./types.ts";

export interface Override {
  student: string;
  exercise: string;
  points: number;
  reason: string;
  /** file:line of the override, for messages. */
  where: string;
}

export interface StudentExercise {
  id: string;
  points: number;
  max: number;
  verdict: "passed" | "failed" | "error" | "not submitted";
  failedStep?: string;
  /** The primary diagnosis (id and the learner-facing sentence), for the class report. */
  mistake?: {id: string; text: string};
  override?: {points: number; reason: string; was: number};
}

export interface StudentRow {
  id: string;
  name?: string;
  /** The submission that counts (its row name), then its Gradescope folder. */
  file: string;
  gradescopeFolder?: string;
  /** Other submissions of the same student, older, not counted. */
  superseded: string[];
  status: "graded" | "error";
  exercises: StudentExercise[];
  /** Points before the late penalty. */
  raw: number;
  /** Fraction of the points lost to lateness (0 when on time or no due date). */
  latePenalty: number;
  late: boolean;
  /** How late (ms after the due time), when the LMS gave a time. */
  lateByMs?: number;
  total: number;
  max: number;
  message: string;
  overridden: boolean;
  submittedAt?: string;
}

export interface ClassResult {
  students: StudentRow[];
  /** Assignment exercises nobody submitted. */
  neverSubmitted: string[];
  /** Problems with the overrides or submitted-at files, as file:line messages. */
  warnings: string[];
}

export interface ClassOptions {
  assignment: Assignment;
  /** By submission row name. */
  identities: Map<string, StudentIdentity>;
  /** Submission times from the LMS, by student id or row name. */
  submittedAt?: Map<string, Date>;
  overrides?: Override[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The share of an exercise's points a result earns under a credit mode. */
export function creditShare(e: ExerciseResult, mode: CreditMode): number {
  const trials = e.maxScore > 0 ? e.score / e.maxScore : 0;
  const steps = e.stepsDone && e.stepsDone.total > 0 ? (e.verdict === "passed" ? 1 : e.stepsDone.done / e.stepsDone.total) : trials;
  switch (mode) {
    case "all-or-nothing": return e.verdict === "passed" ? 1 : 0;
    case "trials": return trials;
    case "steps": return steps;
    case "trials+steps": return (trials + steps) / 2;
  }
}

/** The latest of a student's submissions: the LMS time, else the LMS submission number, else the name. */
function newestFirst(a: {row: SubmissionResult; identity: StudentIdentity; at?: Date}, b: typeof a): number {
  if (a.at && b.at && a.at.getTime() !== b.at.getTime()) return b.at.getTime() - a.at.getTime();
  if (a.identity.submission !== undefined && b.identity.submission !== undefined && a.identity.submission !== b.identity.submission) return b.identity.submission - a.identity.submission;
  return a.row.name < b.row.name ? 1 : a.row.name > b.row.name ? -1 : 0;
}

export function buildClass(rows: SubmissionResult[], options: ClassOptions): ClassResult {
  const {assignment} = options;
  const byStudent = new Map<string, {row: SubmissionResult; identity: StudentIdentity; at?: Date}[]>();
  for (const row of rows) {
    const identity = options.identities.get(row.name) ?? {id: row.name.replace(/\.[cm]?js$/i, ""), from: "path" as const};
    const at = options.submittedAt?.get(identity.id) ?? options.submittedAt?.get(row.name);
    byStudent.set(identity.id, [...(byStudent.get(identity.id) ?? []), {row, identity, ...(at ? {at} : {})}]);
  }
  const warnings: string[] = [];
  const students: StudentRow[] = [];
  for (const [id, subs] of byStudent) {
    subs.sort(newestFirst);
    const [counted, ...older] = subs;
    const {row, identity, at} = counted;
    const byId = new Map(row.exercises.map((e) => [e.id, e]));
    const exercises: StudentExercise[] = assignment.exercises.map((a) => {
      const e = byId.get(a.id);
      const notSubmitted = !e || /^(missing function|not attempted)/.test(e.message);
      if (row.status === "error" || notSubmitted) {
        return {id: a.id, points: 0, max: a.points, verdict: row.status === "error" ? "error" : "not submitted"};
      }
      return {
        id: a.id, points: round(a.points * creditShare(e, a.credit ?? assignment.credit)), max: a.points, verdict: e.verdict,
        ...(e.failedStep ? {failedStep: e.failedStep} : {}), ...(e.mistake ? {mistake: e.mistake} : {})
      };
    });
    let overridden = false;
    for (const o of options.overrides ?? []) {
      if (o.student !== id) continue;
      const ex = exercises.find((e) => e.id === o.exercise);
      if (!ex) {
        warnings.push(`${o.where}: exercise '${o.exercise}' is not in the assignment`);
        continue;
      }
      ex.override = {points: o.points, reason: o.reason, was: ex.points};
      ex.points = o.points;
      overridden = true;
    }
    const raw = round(exercises.reduce((s, e) => s + e.points, 0));
    const max = assignment.exercises.reduce((s, e) => s + e.points, 0);
    let penalty = 0, lateByMs: number | undefined, late = false;
    if (assignment.due && at) {
      lateByMs = at.getTime() - assignment.due.getTime();
      penalty = latePenalty(assignment.late, lateByMs);
      late = penalty > 0;
    } else if (identity.late) {
      // Only the LMS's marker, no time: one unit (a day or an hour) of penalty.
      late = true;
      penalty = Math.min(assignment.late.cap, assignment.late.penalty);
    }
    const problems = exercises.filter((e) => e.verdict !== "passed").map((e) => `${e.id}: ${e.verdict === "not submitted" ? "not submitted" : e.verdict === "error" ? "could not be graded" : `failed${e.failedStep ? ` at ${e.failedStep}` : ""}`}`);
    const message = row.status === "error" ? `could not be graded: ${row.message}`
      : [`${exercises.filter((e) => e.verdict === "passed").length}/${exercises.length} exercises passed`, ...problems, ...(late ? [`late: −${Math.round(penalty * 100)} %`] : [])].join(" — ");
    students.push({
      id, ...(identity.name ? {name: identity.name} : {}), file: row.name, ...(row.gradescopeFolder ? {gradescopeFolder: row.gradescopeFolder} : {}),
      superseded: older.map((o) => o.row.name), status: row.status, exercises, raw, latePenalty: penalty, late,
      ...(lateByMs !== undefined ? {lateByMs} : {}), total: round(raw * (1 - penalty)), max, message, overridden,
      ...(at ? {submittedAt: at.toISOString()} : {})
    });
  }
  for (const o of options.overrides ?? []) if (!byStudent.has(o.student)) warnings.push(`${o.where}: no submission from student '${o.student}'`);
  students.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const neverSubmitted = assignment.exercises.map((e) => e.id).filter((id) => students.every((s) => s.exercises.find((e) => e.id === id)?.verdict === "not submitted"));
  return {students, neverSubmitted, warnings};
}

function readCsv(text: string, file: string): {rows: Record<string, string>[]; line: (i: number) => string} {
  const records = parse(text, {columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, info: true}) as {record: Record<string, string>; info: {lines: number}}[];
  return {rows: records.map((r) => r.record), line: (i) => `${file}:${records[i]?.info.lines ?? i + 2}`};
}

/** `--overrides overrides.csv`: columns student, exercise, points, reason. Throws with file:line on bad rows. */
export function parseOverrides(text: string, file: string): Override[] {
  const {rows, line} = readCsv(text, file);
  const out: Override[] = [];
  const problems: string[] = [];
  rows.forEach((r, i) => {
    const points = Number(r.points);
    if (!r.student || !r.exercise) problems.push(`${line(i)}: an override needs student and exercise`);
    else if (!Number.isFinite(points) || points < 0) problems.push(`${line(i)}: points must be a number ≥ 0, got '${r.points ?? ""}'`);
    else out.push({student: r.student, exercise: r.exercise, points, reason: r.reason ?? "", where: line(i)});
  });
  if (problems.length) throw new Error(problems.join("\n"));
  return out;
}

/** `--submitted-at times.csv`: columns student (id or file) and submitted_at (ISO time with a zone). */
export function parseSubmittedAt(text: string, file: string): Map<string, Date> {
  const {rows, line} = readCsv(text, file);
  const out = new Map<string, Date>();
  const problems: string[] = [];
  rows.forEach((r, i) => {
    const at = new Date(r.submitted_at ?? "");
    if (!r.student) problems.push(`${line(i)}: a row needs a student`);
    else if (Number.isNaN(at.getTime())) problems.push(`${line(i)}: submitted_at must be an ISO time, got '${r.submitted_at ?? ""}'`);
    else out.set(r.student, at);
  });
  if (problems.length) throw new Error(problems.join("\n"));
  return out;
}
