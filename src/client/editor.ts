// CodeMirror 6 editor for editable cells: JS highlighting, history (undo/redo), the usual keys, and
// Shift-Enter / Ctrl-Enter (Cmd-Enter) to run.
import {closeBrackets, closeBracketsKeymap} from "@codemirror/autocomplete";
import {defaultKeymap, history, historyKeymap, indentWithTab} from "@codemirror/commands";
import {javascript} from "@codemirror/lang-javascript";
import {bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting} from "@codemirror/language";
import {EditorState, Prec} from "@codemirror/state";
import {drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers} from "@codemirror/view";

export interface EditorOptions {
  parent: Element;
  doc: string;
  /** 1-based line number shown for the first line (the cell's line in the .md file). */
  firstLine?: number;
  /** Called on every change, before anything runs (the caller saves the edit here). */
  onChange(source: string): void;
  /** Shift-Enter / Ctrl-Enter / Cmd-Enter. */
  onRun(source: string): void;
}

export interface CellEditor {
  view: EditorView;
  getSource(): string;
  /** Replaces the whole document (e.g. "reset cell"); undo can bring the edit back. */
  setSource(source: string): void;
  destroy(): void;
}

export function createEditor(options: EditorOptions): CellEditor {
  const run = (view: EditorView) => {
    options.onRun(view.state.doc.toString());
    return true;
  };
  const firstLine = options.firstLine ?? 1;
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        Prec.highest(keymap.of([
          {key: "Shift-Enter", run},
          {key: "Mod-Enter", run},
          {key: "Ctrl-Enter", run}
        ])),
        lineNumbers({formatNumber: (n) => String(n + firstLine - 1)}),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        syntaxHighlighting(defaultHighlightStyle, {fallback: true}),
        javascript(),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorView.lineWrapping,
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        })
      ]
    })
  });
  return {
    view,
    getSource: () => view.state.doc.toString(),
    setSource: (source) => view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: source}}),
    destroy: () => view.destroy()
  };
}
