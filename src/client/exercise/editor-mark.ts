// Marks one line of the exercise editor (the line a clicked report step or graph node was computed
// on): a tinted line plus the cursor there, kept until another line is marked or the code changes.
import {StateEffect, StateField, type Extension} from "@codemirror/state";
import {Decoration, EditorView, type DecorationSet} from "@codemirror/view";

const setMarked = StateEffect.define<number | null>();

const markedLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    for (const e of tr.effects) {
      if (!e.is(setMarked)) continue;
      if (e.value === null) return Decoration.none;
      const line = tr.state.doc.line(e.value);
      return Decoration.set([Decoration.line({class: "bs-line-marked"}).range(line.from)]);
    }
    // Editing moves the code under the mark: drop it rather than point at the wrong line.
    return tr.docChanged ? Decoration.none : marks;
  },
  provide: (field) => EditorView.decorations.from(field)
});

const installed = new WeakSet<EditorView>();

function install(view: EditorView): void {
  if (installed.has(view)) return;
  installed.add(view);
  const extension: Extension = markedLine;
  view.dispatch({effects: StateEffect.appendConfig.of(extension)});
}

export interface MarkOptions {
  /** Scroll the page/editor so the line shows (the "line N" links); off for clicks in the graph or table. */
  scroll?: boolean;
  /** Move keyboard focus to the editor (only when the reader asked to go to the code). */
  focus?: boolean;
}

/** Marks `line` (1-based) and puts the cursor at its start; returns false when out of range. */
export function markLine(view: EditorView, line: number, options: MarkOptions = {}): boolean {
  const doc = view.state.doc;
  if (!Number.isInteger(line) || line < 1 || line > doc.lines) return false;
  install(view);
  const at = doc.line(line);
  view.dispatch({
    selection: {anchor: at.from, head: at.to},
    effects: [setMarked.of(line), ...(options.scroll ? [EditorView.scrollIntoView(at.from, {y: "center"})] : [])]
  });
  if (options.focus) view.focus();
  return true;
}

export function clearMark(view: EditorView): void {
  if (installed.has(view)) view.dispatch({effects: setMarked.of(null)});
}
