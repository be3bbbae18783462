// Export of every saved answer as one submission file, and import of such a file.
import {buildSubmission, parseSubmission} from "../../grader/index.ts";
import {getExercise} from "../../../content/exercises/index.ts";
import {listSaved, loadSlot, saveSlot} from "./persist.ts";

export const importEvent = "backstep:exercise-import";
export const courseName = "Backstep";

/** One answer per exercise: the one saved under the exercise's own lesson (a stray copy elsewhere is ignored). */
export function savedAnswers(): {lesson: string; id: string; source: string}[] {
  const byId = new Map<string, {lesson: string; id: string; source: string}>();
  for (const e of listSaved()) {
    const def = getExercise(e.id);
    if (!def) continue;
    const prev = byId.get(e.id);
    if (!prev || (def.lesson === e.lesson && prev.lesson !== def.lesson)) byId.set(e.id, e);
    // (A course lesson other than the exercise's own, e.g. a practice page hosting it, counts when it is the only copy.)
  }
  return [...byId.values()];
}

export function makeSubmissionText(student?: {name: string; id: string}): {text: string; count: number} {
  const entries = savedAnswers();
  const text = buildSubmission({course: courseName, entries, ...(student ? {student} : {})}, (id) => getExercise(id)!.fn);
  return {text, count: entries.length};
}

export function downloadSubmission(student?: {name: string; id: string}): number {
  const {text, count} = makeSubmissionText(student);
  const url = URL.createObjectURL(new Blob([text], {type: "text/javascript"}));
  const a = document.createElement("a");
  a.href = url;
  a.download = "backstep-submission.js";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return count;
}

export interface ImportResult {
  stored: string[];
  /** Entries not stored, with the reason ("unknown exercise x", "x belongs to lesson y", "storage is full"). */
  refused: string[];
}

/**
 * Saves the answers of a submission file that the course has (exercise id and its own lesson; the
 * lesson is taken from the course, never from the file), reports exactly what it stored and refused,
 * and tells mounted exercises (they reload their editor). Imported code is stored as text, never run.
 */
export function importSubmissionText(text: string, pageLesson?: string, confirmOverwrite: (ids: string[]) => boolean = () => true): ImportResult {
  const {entries} = parseSubmission(text);
  const result: ImportResult = {stored: [], refused: []};
  const seen = new Set<string>();
  // Ask before replacing saved work: which answers would change?
  const changing = entries.filter((e) => {
    const saved = loadSlot(e.lesson, e.id, "source");
    return getExercise(e.id) && saved !== null && saved.trim() !== e.source.trim();
  }).map((e) => e.id);
  if (changing.length && !confirmOverwrite([...new Set(changing)])) {
    result.refused.push(`nothing imported: you kept your saved ${changing.length === 1 ? "answer" : "answers"}`);
    return result;
  }
  for (const e of entries) {
    const def = getExercise(e.id);
    if (!def) result.refused.push(`unknown exercise ${e.id}`);
    else if (def.lesson && e.lesson !== def.lesson && e.lesson !== pageLesson) result.refused.push(`${e.id} belongs to lesson ${def.lesson}, not ${e.lesson}`);
    else if (seen.has(e.id)) result.refused.push(`${e.id} appears twice (the first copy was kept)`);
    else if (!saveSlot(e.lesson, e.id, "source", e.source)) result.refused.push(`${e.id}: this browser's storage is full or disabled`);
    else {
      seen.add(e.id);
      result.stored.push(e.id);
    }
  }
  if (!entries.length) result.refused.push("the file has no answers (it is not a Backstep submission: no \"// ---- exercise … ----\" sections)");
  const stored = entries.filter((e) => result.stored.includes(e.id));
  window.dispatchEvent(new CustomEvent(importEvent, {detail: stored}));
  return result;
}

export function pickAndImport(onDone: (result: ImportResult | string) => void, pageLesson?: string): void {
  const input = document.createElement("input");
  input.type = "file";
  input.accept = ".js,.mjs,text/javascript";
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    if (!file) return;
    try {
      onDone(importSubmissionText(await file.text(), pageLesson, (ids) =>
        window.confirm(`Importing ${file.name} replaces your saved ${ids.length === 1 ? "answer" : "answers"} for ${ids.join(", ")}. Replace ${ids.length === 1 ? "it" : "them"}?`)));
    } catch (error) {
      onDone(`could not read ${file.name}: ${(error as Error).message}`);
    }
  });
  input.click();
}
