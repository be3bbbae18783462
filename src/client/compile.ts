// Compiles a learner's edit in the browser with the same compiler the build uses (src/js), so an edited
// cell gets tensor operators and loop guards like the authored one.
import {toSourceError, transpileCell} from "../js/index.ts";
import type {PageCell} from "./types.ts";

export function compileEdit(source: string, authored: PageCell): PageCell {
  try {
    const compiled = transpileCell(source, {inline: authored.mode === "inline", line: authored.line});
    return {
      ...authored,
      source,
      inputs: compiled.inputs,
      outputs: compiled.outputs,
      body: compiled.body,
      autodisplay: false,
      error: undefined
    };
  } catch (error) {
    const located = toSourceError(error, authored.line - 1);
    // Keep the authored names so dependents say "waiting for …" rather than "x is not defined".
    return {...authored, source, error: {message: located.message, line: located.line}};
  }
}
