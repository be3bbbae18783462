// Learner edits of editable cells, kept in localStorage so they survive reloads.
// Each edit stores the hash of the authored source it was based on, so the page can say when the
// authored version changed since the learner edited it.
import {hashSource} from "../notebook/hash.ts";

export interface SavedEdit {
  source: string;
  /** hashSource(authored source) at the time of the edit. */
  authoredHash: string;
  savedAt: number;
}

const prefix = "backstep:edit:";

export function editKey(lesson: string, cellKey: string): string {
  return `${prefix}${lesson}:${cellKey}`;
}

/** The page's localStorage, or null where the browser disables it (callers then keep state in the page only). */
export function safeStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // e.g. storage disabled by the browser: edits then live only in the page
  }
}

export function loadEdit(lesson: string, cellKey: string): SavedEdit | null {
  const raw = safeStorage()?.getItem(editKey(lesson, cellKey));
  if (!raw) return null;
  try {
    const edit = JSON.parse(raw) as SavedEdit;
    return typeof edit.source === "string" && typeof edit.authoredHash === "string" ? edit : null;
  } catch {
    return null;
  }
}

/** Saves the learner's source; saving the authored source itself removes the edit. */
/**
 * Saves the learner's source; saving the authored source itself removes the edit. Returns whether the
 * browser kept it ("saved" is shown only then): false when storage is full or disabled.
 */
export function saveEdit(lesson: string, cellKey: string, source: string, authored: string): boolean {
  const store = safeStorage();
  if (!store) return false;
  try {
    if (source === authored) {
      store.removeItem(editKey(lesson, cellKey));
      return true;
    }
    const edit: SavedEdit = {source, authoredHash: hashSource(authored), savedAt: Date.now()};
    store.setItem(editKey(lesson, cellKey), JSON.stringify(edit));
    return true;
  } catch {
    // Quota exceeded or storage blocked: the edit lives in the page until reload, and the cell says so.
    return false;
  }
}

export function clearEdit(lesson: string, cellKey: string): void {
  safeStorage()?.removeItem(editKey(lesson, cellKey));
}

/** True when the saved edit was made against a different authored source than the current one. */
export function isStale(edit: SavedEdit, authored: string): boolean {
  return edit.authoredHash !== hashSource(authored);
}
