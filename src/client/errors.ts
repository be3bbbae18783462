// Error locations: map an error thrown by a cell back to a line of the lesson's .md file.
// Cell bodies are evaluated with a `//# sourceURL=` naming the cell, so stack frames say which cell and
// which line of the body threw; PageCell.bodyFirstLine maps body lines back to source lines.
import {isLoopLimitError as isLoopLimit} from "./guard.ts";
import type {PageCell} from "./types.ts";

export function cellSourceUrl(lesson: string, cellId: string): string {
  return `bs-cell/${lesson}/${cellId}.js`;
}

/** First stack frame inside any of this lesson's cells: which cell and which body line. */
export function findCellFrame(error: unknown, lesson: string): {cellId: string; line: number} | null {
  const stack = error instanceof Error ? error.stack ?? "" : "";
  const escaped = lesson.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`bs-cell/${escaped}/([^/:\\s)]+)\\.js:(\\d+):(\\d+)`).exec(stack);
  return match ? {cellId: match[1], line: Number(match[2])} : null;
}

/** The .md line for a 1-based line of a cell's compiled body. */
export function bodyLineToFileLine(cell: PageCell, bodyLine: number): number {
  return cell.line + Math.max(0, bodyLine - cell.bodyFirstLine);
}

/** For "x is not defined": the first line in the cell's source that mentions x. */
export function lineMentioning(cell: PageCell, name: string): number {
  const pattern = new RegExp(`(^|[^\\w$.])${name.replace(/\$/g, "\\$")}(?![\\w$])`);
  const lines = cell.source.split("\n");
  const index = lines.findIndex((line) => pattern.test(line));
  return cell.line + Math.max(0, index);
}

/**
 * The guard of a `while`/`for` block runs on the block's closing line; point at the loop's own line
 * instead (the line holding the matching "{"). Braces inside strings may confuse this; it is only a hint.
 */
export function loopLine(cell: PageCell, fileLine: number): number {
  const lines = cell.source.split("\n");
  const index = fileLine - cell.line;
  if (!lines[index]?.trim().startsWith("}")) return fileLine;
  let depth = 0;
  for (let i = index; i >= 0; i--) {
    for (let k = lines[i].length - 1; k >= 0; k--) {
      const c = lines[i][k];
      if (c === "}") depth++;
      else if (c === "{" && --depth === 0) return cell.line + i;
    }
  }
  return fileLine;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name && !error.message.startsWith(error.name) ? `${error.name}: ` : ""}${error.message}`;
  return `Error: ${String(error)}`;
}

/**
 * "sample.md:42: ReferenceError: foo is not defined". `cells` finds the cell a stack frame points at
 * (a function defined in one cell may throw while another cell runs it).
 */
export function locateError(error: unknown, cell: PageCell, lesson: string, fileName: string, cells: Map<string, PageCell>): {line: number; text: string} {
  let line = cell.line;
  const frame = findCellFrame(error, lesson);
  const undefinedName = error instanceof Error && error.name === "RuntimeError" ? /^(\S+) is not defined$/.exec(error.message)?.[1] : undefined;
  const loop = isLoopLimit(error);
  if (frame && cells.has(frame.cellId)) {
    const frameCell = cells.get(frame.cellId)!;
    line = bodyLineToFileLine(frameCell, frame.line);
    if (loop) line = loopLine(frameCell, line);
  } else if (undefinedName) line = lineMentioning(cell, undefinedName);
  // The loop message is written for learners; its class name would only add noise.
  const described = undefinedName ? `ReferenceError: ${undefinedName} is not defined` : loop ? (error as Error).message : describeError(error);
  return {line, text: `${fileName}:${line}: ${described}`};
}
