// The gradebooks an LMS imports as they are, one row per student (class.ts), every file written with
// csv-stringify (RFC 4180, formula escaping: csv.ts).
import {toCsv} from "./csv.ts";
import type {Assignment} from "./assignment.ts";
import type {StudentRow} from "./class.ts";

const fmt = (x: number) => Math.round(x * 100) / 100;

/** grades.csv: keyed by student, a column per exercise, the late penalty, the total and why. */
export function studentGradesCsv(students: StudentRow[], assignment: Assignment): string {
  const ids = assignment.exercises.map((e) => e.id);
  const rows: (string | number)[][] = [["student_id", "name", "status", ...ids, "late_penalty_percent", "total", "max", "submission", "other_submissions", "overridden", "message"]];
  for (const s of students) {
    rows.push([s.id, s.name ?? "", s.status, ...ids.map((id) => fmt(s.exercises.find((e) => e.id === id)?.points ?? 0)), Math.round(s.latePenalty * 100),
      fmt(s.total), fmt(s.max), s.file, s.superseded.join("; "), s.overridden ? "yes" : "", s.message]);
  }
  return toCsv(rows);
}

/**
 * canvas.csv in the layout of Canvas's Gradebook import ("How do I import grades in the Gradebook?",
 * Canvas Instructor Guide): the columns Student, ID, SIS User ID, SIS Login ID, Section, then one
 * column per assignment named "Assignment name (assignment id)" — the id makes Canvas update that
 * assignment rather than create one; without it the name is matched — and a "Points Possible" row
 * under the header. ID is the Canvas user id, as in the bulk download's file names (--id-from canvas).
 */
export function canvasCsv(students: StudentRow[], assignment: Assignment): string {
  const column = assignment.canvasId ? `${assignment.lmsName} (${assignment.canvasId})` : assignment.lmsName;
  const max = assignment.exercises.reduce((s, e) => s + e.points, 0);
  const rows: (string | number)[][] = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", column], ["Points Possible", "", "", "", "", max]];
  for (const s of students) rows.push([s.name ?? s.id, s.id, "", "", "", fmt(s.total)]);
  return toCsv(rows);
}

/**
 * moodle.csv in the layout of Moodle's assignment grading worksheet (Assignment → "Upload grading
 * worksheet", mod/assign/feedback/offline): Identifier ("Participant <id>", the id in the bulk
 * download's file names, --id-from moodle), Full name, Email address, Status, Grade, Maximum Grade,
 * Grade can be changed, Last modified (submission), Last modified (grade), Feedback comments.
 * Moodle matches rows on Identifier and reads Grade and Feedback comments.
 */
export function moodleCsv(students: StudentRow[], assignment: Assignment, now = new Date()): string {
  const max = assignment.exercises.reduce((s, e) => s + e.points, 0);
  const when = (d?: string) => (d ? new Date(d).toUTCString() : "");
  const rows: (string | number)[][] = [["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade", "Grade can be changed", "Last modified (submission)", "Last modified (grade)", "Feedback comments"]];
  for (const s of students) {
    rows.push([`Participant ${s.id}`, s.name ?? "", "", s.late ? "Submitted for grading - late" : "Submitted for grading", fmt(s.total), max, "Yes", when(s.submittedAt), now.toUTCString(), s.message]);
  }
  return toCsv(rows);
}
