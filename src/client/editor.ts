// CodeMirror 6 editor for editable cells: JS highlighting, history (undo/redo), the usual keys, and
// Shift-Enter / Ctrl-Enter (Cmd-Enter) to run.
import {closeBrackets, closeBracketsKeymap} from "@codemirror/autocomplete";
import {defaultKeymap, history, historyKeymap, indentLess, indentMore} from "@codemirror/commands";
import {javascript} from "@codemirror/lang-javascript";
import {bracketMatching, defaultHighlightStyle, HighlightStyle, indentOnInput, syntaxHighlighting} from "@codemirror/language";

/** CodeMirror's default colours, with the two that fail WCAG AA contrast on our background darkened. */
const darker: Record<string, string> = {"#e40": "#b03000", "#f00": "#c00000"};
const highlightStyle = HighlightStyle.define(defaultHighlightStyle.specs.map((spec) => ({...spec, ...(typeof spec.color === "string" && darker[spec.color] ? {color: darker[spec.color]} : {})})));
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
  /** The editor's accessible name ("Code of the cell at line 12", "Your batchnorm_backward"). */
  label?: string;
}

export interface CellEditor {
  view: EditorView;
  getSource(): string;
  /** Replaces the whole document (e.g. "reset cell"); undo can bring the edit back. */
  setSource(source: string): void;
  destroy(): void;
}

/**
 * Tab follows CodeMirror's accessible pattern: arriving by keyboard, Tab and Shift-Tab move focus on,
 * so tabbing through a lesson never edits it. Once the learner has entered the editor — clicked into
 * it, pressed Enter, or typed — Tab indents; Esc leaves that mode (the next Tab moves on). A note under
 * the focused editor says so.
 */
function tabKeys(): {extension: ReturnType<typeof keymap.of>; listeners: ReturnType<typeof EditorView.domEventHandlers>} {
  let entered = false;
  const extension = keymap.of([
    {key: "Tab", run: (view) => (entered ? indentMore(view) : false), shift: (view) => (entered ? indentLess(view) : false)},
    {key: "Escape", run: () => {
      entered = false;
      return false;
    }},
    {key: "Enter", run: () => {
      entered = true;
      return false; // the default Enter still inserts the new line
    }}
  ]);
  const listeners = EditorView.domEventHandlers({
    mousedown: () => void (entered = true),
    keydown: (event) => {
      if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) entered = true;
    },
    blur: () => void (entered = false)
  });
  return {extension, listeners};
}

let editorCount = 0;

export function createEditor(options: EditorOptions): CellEditor {
  const run = (view: EditorView) => {
    options.onRun(view.state.doc.toString());
    return true;
  };
  const tab = tabKeys();
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
        syntaxHighlighting(highlightStyle),
        javascript(),
        tab.listeners,
        Prec.high(tab.extension),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap]),
        EditorView.lineWrapping,
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        })
      ]
    })
  });
  const note = document.createElement("div");
  note.className = "bs-editor-keys";
  note.textContent = "Tab moves on · click or start typing to edit (then Tab indents; Esc, then Tab, leaves) · Shift-Enter runs";
  view.dom.after(note);
  view.contentDOM.setAttribute("aria-describedby", (note.id = `bs-keys-${++editorCount}`));
  view.contentDOM.setAttribute("aria-label", options.label ?? `Code, from line ${firstLine}`);
  return {
    view,
    getSource: () => view.state.doc.toString(),
    setSource: (source) => view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: source}}),
    destroy: () => view.destroy()
  };
}
