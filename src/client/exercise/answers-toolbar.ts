// "Export answers" / "Import…" once per page (they act on every saved answer, not on one exercise):
// one bar, kept after the last exercise of the page however many exercises mount.
import {createButton, element} from "../dom.ts";
import {downloadSubmission, pickAndImport} from "./submission-io.ts";
import {askIdentity, readIdentity} from "./identity.ts";

let bar: HTMLElement | null = null;
let pageLesson: string | undefined;

function createBar(): HTMLElement {
  const box = element("div", "bs-answers");
  box.setAttribute("role", "toolbar");
  box.setAttribute("aria-label", "All answers on this page");
  const label = element("span", "bs-answers-label");
  label.textContent = "Your answers (all exercises):";
  const message = element("span", "bs-answers-message");
  const who = createButton("", "bs-identity-edit", "Change the name and student id written into exported files", async () => {
    await askIdentity(readIdentity());
    showWho();
  });
  const showWho = () => {
    const identity = readIdentity();
    who.hidden = identity === null;
    who.textContent = identity && (identity.name || identity.id) ? `as ${[identity.name, identity.id && `(${identity.id})`].filter(Boolean).join(" ")}` : "anonymously";
  };
  const exportButton = createButton("Export answers", "bs-export", "Download all your answers as one submission file", async () => {
    // Asked once, before the first export; afterwards the name is shown next to the button and editable.
    const identity = readIdentity() ?? (await askIdentity(null));
    if (!identity) return;
    showWho();
    const count = downloadSubmission(identity);
    message.textContent = `exported ${count} answer${count === 1 ? "" : "s"}`;
  });
  const importButton = createButton("Import…", "bs-import", "Load answers from a submission file", () =>
    pickAndImport((result) => {
      if (typeof result === "string") {
        message.textContent = result;
        return;
      }
      const n = result.stored.length;
      message.textContent = `imported ${n} answer${n === 1 ? "" : "s"}${result.stored.length ? ` (${result.stored.join(", ")})` : ""}` +
        (result.refused.length ? `; not imported: ${result.refused.join("; ")}` : "");
    }, pageLesson)
  );
  showWho();
  const durable = element("span", "bs-answers-durable");
  box.append(label, exportButton, who, importButton, message, durable);
  void requestDurableStorage(durable);
  return box;
}

/**
 * Browsers may evict script-writable storage (Safari after 7 days without a visit); a persisted origin
 * is kept. Asked once per page; the toolbar says which it is, so a learner knows to export a backup.
 */
async function requestDurableStorage(out: HTMLElement): Promise<void> {
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage?.persist) {
    out.textContent = "· this browser may clear saved answers: export a backup";
    return;
  }
  try {
    const kept = (await storage.persisted?.()) || (await storage.persist());
    out.textContent = kept ? "· saved answers are kept by this browser" : "· this browser may clear saved answers: export a backup";
    out.dataset.durable = String(kept);
  } catch {
    out.textContent = "· this browser may clear saved answers: export a backup";
  }
}

/** Puts the page's answers bar right after the last exercise (call when an exercise mounts). */
export function placeAnswersToolbar(lesson?: string): void {
  pageLesson ??= lesson;
  const exercises = document.querySelectorAll(".bs-exercise");
  const last = exercises[exercises.length - 1];
  if (!last) return;
  bar ??= createBar();
  if (last.nextElementSibling !== bar) last.after(bar);
}
