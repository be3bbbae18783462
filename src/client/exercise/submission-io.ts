// Export of every saved answer as one submission file, and import of such a file.
import {buildSubmission, parseSubmission} from "../../grader/index.ts";
import {getExercise} from "../../../content/exercises/index.ts";
import {listSaved, saveSlot} from "./persist.ts";

export const importEvent = "backstep:exercise-import";
export const courseName = "Backstep";

export function makeSubmissionText(student?: {name: string; id: string}): {text: string; count: number} {
  const entries = listSaved().filter((e) => getExercise(e.id));
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

/** Saves every answer of a submission file and tells mounted exercises (they reload their editor). */
export function importSubmissionText(text: string): number {
  const {entries} = parseSubmission(text);
  const known = entries.filter((e) => getExercise(e.id));
  for (const e of known) saveSlot(e.lesson, e.id, "source", e.source);
  window.dispatchEvent(new CustomEvent(importEvent, {detail: known}));
  return known.length;
}

export function pickAndImport(onDone: (count: number | string) => void): void {
  const input = document.createElement("input");
  input.type = "file";
  input.accept = ".js,.mjs,text/javascript";
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    if (!file) return;
    try {
      onDone(importSubmissionText(await file.text()));
    } catch (error) {
      onDone(`could not read ${file.name}: ${(error as Error).message}`);
    }
  });
  input.click();
}
