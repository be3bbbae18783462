// The assignment file (YAML, `backstep grade --assignment hw2.yaml`): which exercises count and for how
// many points, how credit is given (per trial passed, per step right, or all or nothing), the due date
// and late policy, the seed, and the names the LMS and Gradescope use. Parsed with `yaml`'s document
// API so every problem is reported as `file:line: message`.
import {LineCounter, parseDocument, isMap, isSeq, type Node as YamlNode, type Pair, type Scalar} from "yaml";

export type CreditMode = "all-or-nothing" | "trials" | "steps" | "trials+steps";

export interface AssignmentExercise {
  id: string;
  points: number;
  /** Overrides the assignment's credit mode for this exercise. */
  credit?: CreditMode;
}

export interface LatePolicy {
  /** Penalty per unit late, as a fraction of the points (0.1 = 10 %). */
  penalty: number;
  per: "day" | "hour";
  /** Largest total penalty (fraction); 1 = a late submission can fall to 0. */
  cap: number;
  /** Minutes after the due time that are not yet late. */
  graceMinutes: number;
}

export interface Assignment {
  title: string;
  exercises: AssignmentExercise[];
  credit: CreditMode;
  due?: Date;
  late: LatePolicy;
  /** Fixed seed for the hidden trials (same trials for everyone), or "random" (printed, stored). */
  seed: number | "random";
  /** The column name in Canvas/Moodle and the Gradescope assignment name (default: title). */
  lmsName: string;
  /** Canvas's assignment id, so the import matches the column to the existing assignment. */
  canvasId?: string;
  /** Where it came from (for messages). */
  file: string;
}

export class AssignmentError extends Error {}

export const defaultLate: LatePolicy = {penalty: 0.1, per: "day", cap: 1, graceMinutes: 0};

const creditModes: CreditMode[] = ["all-or-nothing", "trials", "steps", "trials+steps"];

/** Parses and checks an assignment; throws AssignmentError with every problem as `file:line: message`. */
export function parseAssignment(text: string, file: string, knownExercises: string[]): Assignment {
  const lines = new LineCounter();
  const doc = parseDocument(text, {lineCounter: lines, prettyErrors: false});
  const problems: string[] = [];
  const at = (node: {range?: [number, number, number] | null} | null | undefined) => `${file}:${node?.range ? lines.linePos(node.range[0]).line : 1}`;
  for (const e of doc.errors) problems.push(`${file}:${e.linePos?.[0]?.line ?? 1}: ${e.message.split("\n")[0]}`);
  if (problems.length) throw new AssignmentError(problems.join("\n"));
  const root = doc.contents;
  if (!isMap(root)) throw new AssignmentError(`${file}:1: an assignment is a mapping (title:, exercises:, …)`);
  const field = (key: string): Pair<Scalar, YamlNode> | undefined => root.items.find((p) => (p.key as Scalar)?.value === key) as Pair<Scalar, YamlNode> | undefined;
  const known = new Set(["title", "exercises", "credit", "due", "late", "seed", "lms_name", "canvas_assignment_id"]);
  for (const p of root.items) {
    const key = String((p.key as Scalar)?.value);
    if (!known.has(key)) problems.push(`${at(p.key as Scalar)}: unknown field '${key}' (fields: ${[...known].join(", ")})`);
  }
  const scalar = (key: string): unknown => (field(key)?.value as Scalar | undefined)?.value;

  const title = scalar("title");
  if (typeof title !== "string" || !title.trim()) problems.push(`${at(field("title")?.value ?? root)}: 'title' must be a non-empty text`);

  const credit = (scalar("credit") ?? "trials") as CreditMode;
  if (!creditModes.includes(credit)) problems.push(`${at(field("credit")?.value)}: 'credit' must be one of ${creditModes.join(", ")}, got '${String(credit)}'`);

  const exercises: AssignmentExercise[] = [];
  const list = field("exercises")?.value;
  if (!isSeq(list) || !list.items.length) problems.push(`${at(list ?? root)}: 'exercises' must be a list of {id, points}`);
  else {
    for (const item of list.items) {
      if (!isMap(item)) {
        problems.push(`${at(item as YamlNode)}: each exercise is {id: …, points: …}`);
        continue;
      }
      const get = (k: string) => (item.items.find((p) => (p.key as Scalar)?.value === k)?.value as Scalar | undefined);
      const id = get("id")?.value, points = get("points")?.value ?? 10, c = get("credit")?.value;
      if (typeof id !== "string" || !knownExercises.includes(id)) {
        const near = typeof id === "string" ? knownExercises.find((k) => k.startsWith(id.slice(0, 4))) : undefined;
        problems.push(`${at(get("id") ?? item)}: unknown exercise '${String(id)}'${near ? ` (did you mean ${near}?)` : ""}`);
        continue;
      }
      if (typeof points !== "number" || !(points >= 0)) problems.push(`${at(get("points"))}: 'points' of ${id} must be a number ≥ 0`);
      if (c !== undefined && !creditModes.includes(c as CreditMode)) problems.push(`${at(get("credit"))}: 'credit' of ${id} must be one of ${creditModes.join(", ")}`);
      if (exercises.some((e) => e.id === id)) problems.push(`${at(get("id"))}: exercise ${id} is listed twice`);
      exercises.push({id, points: Number(points), ...(c !== undefined ? {credit: c as CreditMode} : {})});
    }
  }

  let due: Date | undefined;
  const dueValue = scalar("due");
  if (dueValue !== undefined && dueValue !== null) {
    due = new Date(String(dueValue));
    if (Number.isNaN(due.getTime()) || !/(Z|[+-]\d\d:?\d\d)$/.test(String(dueValue))) {
      problems.push(`${at(field("due")?.value)}: 'due' must be an ISO date and time with a time zone, e.g. 2026-12-10T23:59:00-05:00`);
    }
  }

  const late = {...defaultLate};
  const lateNode = field("late")?.value;
  if (lateNode !== undefined) {
    if (!isMap(lateNode)) problems.push(`${at(lateNode)}: 'late' is {penalty_per_day | penalty_per_hour, cap, grace_minutes}`);
    else {
      for (const p of lateNode.items) {
        const key = String((p.key as Scalar).value), v = (p.value as Scalar)?.value;
        const percent = typeof v === "string" && /^\d+(\.\d+)?\s*%$/.test(v) ? Number(v.replace("%", "")) / 100 : typeof v === "number" ? v : NaN;
        if (key === "penalty_per_day" || key === "penalty_per_hour") {
          if (!(percent >= 0 && percent <= 1)) problems.push(`${at(p.value as Scalar)}: '${key}' must be a fraction or a percentage (0.1 or "10%")`);
          late.penalty = percent;
          late.per = key === "penalty_per_day" ? "day" : "hour";
        } else if (key === "cap") {
          if (!(percent >= 0 && percent <= 1)) problems.push(`${at(p.value as Scalar)}: 'cap' must be a fraction or a percentage`);
          late.cap = percent;
        } else if (key === "grace_minutes") {
          if (typeof v !== "number" || v < 0) problems.push(`${at(p.value as Scalar)}: 'grace_minutes' must be a number ≥ 0`);
          late.graceMinutes = Number(v);
        } else problems.push(`${at(p.key as Scalar)}: unknown late-policy field '${key}' (penalty_per_day, penalty_per_hour, cap, grace_minutes)`);
      }
    }
  }

  const seedValue = scalar("seed") ?? "random";
  if (seedValue !== "random" && !(Number.isSafeInteger(seedValue) && (seedValue as number) >= 0)) {
    problems.push(`${at(field("seed")?.value)}: 'seed' must be a whole number ≥ 0 or "random"`);
  }
  const lmsName = scalar("lms_name");
  const canvasId = scalar("canvas_assignment_id");
  if (problems.length) throw new AssignmentError(problems.join("\n"));
  return {
    title: String(title), exercises, credit, ...(due ? {due} : {}), late, seed: seedValue as number | "random",
    lmsName: typeof lmsName === "string" && lmsName ? lmsName : String(title), ...(canvasId !== undefined ? {canvasId: String(canvasId)} : {}), file
  };
}

/** The assignment used without a file: every exercise of the lessons the submissions name, 10 points each. */
export function defaultAssignment(exerciseIds: string[]): Assignment {
  return {title: "Backstep exercises", exercises: exerciseIds.map((id) => ({id, points: 10})), credit: "trials", late: defaultLate, seed: "random", lmsName: "Backstep exercises", file: "(no assignment file)"};
}

/** The fraction of points lost for a submission `lateMs` after the due time. */
export function latePenalty(policy: LatePolicy, lateMs: number): number {
  const after = lateMs - policy.graceMinutes * 60_000;
  if (after <= 0) return 0;
  const units = Math.ceil(after / (policy.per === "day" ? 86_400_000 : 3_600_000));
  return Math.min(policy.cap, units * policy.penalty);
}

/** A commented assignment file listing the course's exercises, for `backstep assignment init`. */
export function assignmentTemplate(exercises: {id: string; title: string; lesson?: string}[]): string {
  const byLesson = new Map<string, typeof exercises>();
  for (const e of exercises) byLesson.set(e.lesson ?? "other", [...(byLesson.get(e.lesson ?? "other") ?? []), e]);
  const lines = [
    "# A Backstep assignment: `backstep grade submissions/ --assignment this-file.yaml`.",
    "# Remove the exercises that are not part of it; a listed exercise a student did not submit scores 0.",
    "title: Homework 2 — backpropagation",
    "# How an exercise earns its points: trials (share of the hidden trials passed), steps (share of the",
    "# graded steps right in the first failing trial), trials+steps (half each) or all-or-nothing.",
    "credit: trials",
    "# Due date and time, with a time zone. Lateness comes from the LMS (Canvas's LATE marker, Gradescope's",
    "# metadata, or --submitted-at), never from the submission's own header.",
    "due: 2026-12-10T23:59:00-05:00",
    "late:",
    "  penalty_per_day: 10%   # or penalty_per_hour",
    "  cap: 50%               # a late submission keeps at least half",
    "  grace_minutes: 15",
    "# The hidden trials' seed: a fixed number gives every student the same trials (and a rerun the same grades).",
    "seed: 20261210",
    "# The column name in Canvas and Moodle (default: the title); Canvas's assignment id matches an existing column.",
    "lms_name: HW2 backprop",
    "# canvas_assignment_id: 12345",
    "exercises:"
  ];
  for (const [lesson, list] of byLesson) {
    lines.push(`  # lesson ${lesson}`);
    for (const e of list) lines.push(`  - {id: ${e.id}, points: 10}   # ${e.title}`);
  }
  return lines.join("\n") + "\n";
}
