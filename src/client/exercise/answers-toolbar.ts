// "Export answers" / "Import…" once per page (they act on every saved answer, not on one exercise):
// one bar, kept after the last exercise of the page however many exercises mount.
import {createButton, element} from "../dom.ts";
import {downloadSubmission, pickAndImport} from "./submission-io.ts";

let bar: HTMLElement | null = null;

function createBar(): HTMLElement {
  const box = element("div", "bs-answers");
  box.setAttribute("role", "toolbar");
  box.setAttribute("aria-label", "All answers on this page");
  const label = element("span", "bs-answers-label");
  label.textContent = "Your answers (all exercises):";
  const message = element("span", "bs-answers-message");
  const exportButton = createButton("Export answers", "bs-export", "Download all your answers as one submission file", () => {
    const count = downloadSubmission();
    message.textContent = `exported ${count} answer${count === 1 ? "" : "s"}`;
  });
  const importButton = createButton("Import…", "bs-import", "Load answers from a submission file", () =>
    pickAndImport((result) => (message.textContent = typeof result === "number" ? `imported ${result} answer${result === 1 ? "" : "s"}` : result))
  );
  box.append(label, exportButton, importButton, message);
  return box;
}

/** Puts the page's answers bar right after the last exercise (call when an exercise mounts). */
export function placeAnswersToolbar(): void {
  const exercises = document.querySelectorAll(".bs-exercise");
  const last = exercises[exercises.length - 1];
  if (!last) return;
  bar ??= createBar();
  if (last.nextElementSibling !== bar) last.after(bar);
}
