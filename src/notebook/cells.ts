// Cells: ```js fences and `${…}` placeholders become NotebookCells compiled with src/js. Fence info options:
// `echo`, `hidden`, `editable`, `exercise <id>`; ```js run=false``` is shown as code and not run.
import {findDeclarations, parseCode, toSourceError, transpileCell} from "../js/index.ts";
import {report, type NotebookEnv} from "./env.ts";
import {hashSource} from "./hash.ts";
import type {CellOptions, NotebookCell} from "./types.ts";

export interface FenceInfo {
  /** False for non-JS fences and ```js run=false```. */
  live: boolean;
  options: CellOptions;
  /** Words we did not understand. */
  unknown: string[];
}

export function parseFenceInfo(info: string): FenceInfo {
  const [lang = "", ...words] = info.trim().split(/\s+/);
  const options: CellOptions = {hidden: false, echo: false, editable: false};
  const unknown: string[] = [];
  if (lang !== "js") return {live: false, options, unknown};
  let live = true;
  for (let i = 0; i < words.length; ++i) {
    const word = words[i];
    if (word === "echo" || word === "hidden" || word === "editable") options[word] = true;
    else if (word === "run=false") live = false;
    else if (word === "exercise") {
      const id = words[++i];
      if (id) options.exercise = id;
      else unknown.push("exercise (needs an id: ```js exercise <id>```)");
    } else unknown.push(word);
  }
  return {live, options, unknown};
}

/** Compiles a block cell; `line` is the 1-based file line of its first source line. */
export function compileBlockCell(env: NotebookEnv, source: string, line: number, fence: FenceInfo): NotebookCell {
  for (const word of fence.unknown) {
    report(env, line - 1, 1, `unknown cell option '${word}' (options: echo, hidden, editable, exercise <id>, run=false)`);
  }
  const cell = compile(env, source, line, 1, false, `cell-${env.cells.length + 1}`, fence.options);
  env.cells.push(cell);
  return cell;
}

/** Compiles an inline `${…}` cell at a file line and 1-based column. */
export function compileInlineCell(env: NotebookEnv, source: string, line: number, column: number): NotebookCell {
  const cell = compile(env, source, line, column, true, `inline-${env.inlineCells.length + 1}`, {hidden: false, echo: false, editable: false});
  env.inlineCells.push(cell);
  return cell;
}

function compile(env: NotebookEnv, source: string, line: number, column: number, inline: boolean, id: string, options: CellOptions): NotebookCell {
  const cell: NotebookCell = {id, line, source, hash: hashSource(source), lang: "js", inline, options, compiled: null, error: null};
  try {
    cell.compiled = transpileCell(source, {inline, line});
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const located = toSourceError(error, line - 1);
    const col = located.line === line ? located.column + column : located.column + 1;
    cell.error = {message: located.message, file: env.path, line: located.line, column: col};
    report(env, located.line, col, `${located.message} in ${inline ? "inline expression" : "cell"}`);
  }
  return cell;
}

/** Names no cell may define: the builtins every cell gets and the compiler's helpers. */
const reserved = new Set(["np", "display", "view", "__bs", "__guard", "__observe"]);

/** Reports a name defined by more than one cell (the runtime would make every use of it fail) and builtins. */
export function checkDefinitions(env: NotebookEnv): void {
  const definedAt = new Map<string, number>();
  for (const cell of env.cells) {
    if (!cell.compiled) continue;
    for (const {name, line, column} of declarationsOf(cell)) {
      if (reserved.has(name)) {
        report(env, line, column, `'${name}' is built in and cannot be redefined`);
      } else if (definedAt.has(name)) {
        report(env, line, column, `'${name}' is defined more than once (first at line ${definedAt.get(name)})`);
      } else {
        definedAt.set(name, line);
      }
    }
  }
}

/** The cell's top-level declarations with their .md positions. */
function declarationsOf(cell: NotebookCell): {name: string; line: number; column: number}[] {
  const {node} = parseCode(cell.source);
  return findDeclarations(node).map((id) => ({
    name: id.name as string,
    line: cell.line + id.loc!.start.line - 1,
    column: id.loc!.start.column + 1
  }));
}
