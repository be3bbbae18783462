// What an exercise keeps in localStorage: the learner's current source (autosave) and the last
// version that passed. Keys: "backstep:exercise:<lesson>:<id>:source" / ":passing".
import {safeStorage} from "../storage.ts";
import type {GradeReport} from "../../grader/index.ts";
import type {GraphModel} from "../../graph/model.ts";

export type Slot = "source" | "passing" | "report";

const prefix = "backstep:exercise:";

export function exerciseKey(lesson: string, id: string, slot: Slot): string {
  return `${prefix}${lesson}:${id}:${slot}`;
}

export function loadSlot(lesson: string, id: string, slot: Slot): string | null {
  return safeStorage()?.getItem(exerciseKey(lesson, id, slot)) ?? null;
}

/** True when the write succeeded (false: storage full or disabled; the work lives on in the editor). */
export function saveSlot(lesson: string, id: string, slot: Slot, source: string): boolean {
  try {
    const store = safeStorage();
    if (!store) return false;
    store.setItem(exerciseKey(lesson, id, slot), source);
    return true;
  } catch {
    return false;
  }
}

export function clearSlot(lesson: string, id: string, slot: Slot): void {
  safeStorage()?.removeItem(exerciseKey(lesson, id, slot));
}

/** Every saved exercise source, across lessons (for the submission file). */
export function listSaved(): {lesson: string; id: string; source: string}[] {
  const store = safeStorage();
  if (!store) return [];
  const out: {lesson: string; id: string; source: string}[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    const m = key && /^backstep:exercise:(.+):([^:]+):source$/.exec(key);
    if (m) out.push({lesson: m[1], id: m[2], source: store.getItem(key!) ?? ""});
  }
  return out.sort((a, b) => (a.lesson + a.id).localeCompare(b.lesson + b.id));
}

export interface LastReport {
  source: string;
  report: GradeReport;
  graph?: GraphModel;
}

const reportKey = (lesson: string, id: string) => `${prefix}${lesson}:${id}:report`;

/** The last check's report, kept so a reload shows it again (and its badge, "passed, with a warning" too). */
export function saveLastReport(lesson: string, id: string, last: LastReport): boolean {
  try {
    const store = safeStorage();
    if (!store) return false;
    store.setItem(reportKey(lesson, id), JSON.stringify(last));
    return true;
  } catch {
    // A report is a convenience: with storage full, the code (saved first) matters more.
    return false;
  }
}

export function loadLastReport(lesson: string, id: string): LastReport | null {
  try {
    const text = safeStorage()?.getItem(reportKey(lesson, id));
    const value = text ? (JSON.parse(text) as LastReport) : null;
    return value && typeof value.source === "string" && value.report && typeof value.report.status === "string" ? value : null;
  } catch {
    return null;
  }
}
