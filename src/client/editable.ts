// Editable cells: a CodeMirror editor over the authored source, saved to localStorage on every change
// (so a hanging run never loses work), Run / Reset buttons, and a notice when the authored version
// changed since the learner's edit.
import {createButton, element, replaceListing} from "./dom.ts";
import {createEditor, type CellEditor} from "./editor.ts";
import type {CellHandle} from "./notebook.ts";
import {clearEdit, isStale, loadEdit, saveEdit} from "./storage.ts";
import type {PageCell} from "./types.ts";

export type CompileEdit = (source: string, authored: PageCell) => PageCell;

/** Storage key of a cell: its first declared name (survives cells added above it), else its id. */
export function cellKey(cell: PageCell): string {
  return cell.outputs[0] ?? cell.id;
}

export interface EditableCell {
  /** The cell to define first: the saved edit compiled, or the authored cell. */
  initial: PageCell;
  editor: CellEditor;
  attach(handle: CellHandle): void;
}

export function setupEditable(root: HTMLElement, authored: PageCell, lesson: string, compile: CompileEdit): EditableCell {
  const key = cellKey(authored);
  const saved = loadEdit(lesson, key);
  let handle: CellHandle | null = null;

  const container = element("div", "bs-editor");
  const toolbar = element("div", "bs-toolbar");
  const status = element("span", "bs-edit-status");
  const notice = element("div", "bs-notice");
  notice.hidden = true;

  const updateStatus = (source: string, saved: boolean) => {
    status.textContent = source === authored.source ? "" : saved ? "edited · saved in this browser"
      : "edited · NOT saved: this browser's storage is full or disabled (export your answers to keep them)";
    status.dataset.saved = String(saved);
    reset.disabled = source === authored.source;
  };
  const run = (source: string) => {
    saveEdit(lesson, key, source, authored.source); // again, in case a change event was missed
    notice.hidden = true;
    handle?.redefine(source === authored.source ? authored : compile(source, authored));
  };
  const editor = createEditor({
    label: `Editable code, line ${authored.line} of the lesson`,
    parent: container,
    doc: saved?.source ?? authored.source,
    firstLine: authored.line,
    onChange(source) {
      updateStatus(source, saveEdit(lesson, key, source, authored.source));
    },
    onRun: run
  });
  const runButton = createButton("Run", "bs-run", "Run (Shift-Enter)", () => run(editor.getSource()));
  const reset = createButton("Reset cell", "bs-reset", "Restore the authored version (undo brings your edit back)", () => {
    clearEdit(lesson, key);
    editor.setSource(authored.source);
    run(authored.source);
  });
  toolbar.append(runButton, reset, status);

  if (saved && isStale(saved, authored.source)) {
    notice.hidden = false;
    notice.textContent = "The lesson's version of this cell changed since you edited it. Reset cell to see the new version.";
  }
  updateStatus(editor.getSource(), true);

  replaceListing(root, container);
  container.after(toolbar, notice);
  root.classList.add("bs-editable");

  const initial = saved && saved.source !== authored.source ? compile(saved.source, authored) : authored;
  return {initial, editor, attach: (h) => void (handle = h)};
}
