// Turns one cell (```js block or `${…}` inline) into an Observable-runtime definition, like Observable Framework:
// inputs are the free variables, outputs the top-level declarations, and the body a function source that keeps
// every source line on its own line (body line k + 1 = cell line k).
import MagicString from "magic-string";
import {childrenOf, isFunction, type Node} from "./ast.ts";
import {findDeclarations} from "./declarations.ts";
import {GUARD_COUNTER} from "./guard-loops.ts";
import {parseCode} from "./parse.ts";
import {findReferences} from "./references.ts";
import {applyTransforms} from "./transpile-code.ts";
import type {CompiledCell, TranspileOptions} from "./types.ts";

/** Body line 1 is the header; source line k is body line k + BODY_LINE_OFFSET. */
export const BODY_LINE_OFFSET = 1;

/** Maps a line of `cell.body` (1-based, as in an error's stack) to the line in the cell's source. */
export function bodyLineToSourceLine(bodyLine: number): number {
  return bodyLine - BODY_LINE_OFFSET;
}

export interface TranspileCellOptions extends TranspileOptions {
  /** Inline `${…}` cells must be one expression. */
  inline?: boolean;
}

/** Compiles a cell. Throws a SyntaxError whose `loc` is relative to `source` (line 1 = first source line). */
export function transpileCell(source: string, options: TranspileCellOptions = {}): CompiledCell {
  const {node, expression} = parseCode(source, {inline: options.inline});
  const outputs = [...new Set(findDeclarations(node).map((id) => id.name as string))];
  const references = findReferences(node);
  checkAssignments(node, references);
  const inputs = [...new Set(references.map((id) => id.name as string))];
  const autodisplay = expression && !inputs.includes("display") && !inputs.includes("view");
  if (autodisplay) inputs.push("display");
  const output = new MagicString(source);
  const uses = applyTransforms(node, source, output, options);
  if (uses.operators) inputs.push("__bs");
  if (uses.guard) inputs.push("__guard");
  const async = autodisplay || hasTopLevelAwait(node);
  const header = `${async ? "async " : ""}(${inputs.join(", ")}) => {` +
    (uses.guard ? `let ${GUARD_COUNTER} = 0; ` : "") + (autodisplay ? "display(await(" : "");
  const footer = (autodisplay ? "\n));" : "") + (outputs.length ? `\nreturn {${outputs.join(", ")}};` : "") + "\n}";
  return {inputs, outputs, expression, async, body: `${header}\n${output.toString()}${footer}`};
}

/** A cell may not assign to another cell's variable (it would only change its own copy). */
function checkAssignments(node: Node, references: Node[]): void {
  const external = new Set(references);
  const visit = (n: Node) => {
    const target = n.type === "AssignmentExpression" ? n.left : n.type === "UpdateExpression" ? n.argument : null;
    if (target?.type === "Identifier" && external.has(target)) {
      const error = new SyntaxError(`Assignment to external variable '${target.name}' (${target.loc.start.line}:${target.loc.start.column})`);
      Object.assign(error, {loc: target.loc.start, pos: target.start});
      throw error;
    }
    for (const child of childrenOf(n)) visit(child);
  };
  visit(node);
}

/** `await` or `for await` outside any nested function makes the body async. */
function hasTopLevelAwait(node: Node): boolean {
  if (node.type === "AwaitExpression" || (node.type === "ForOfStatement" && node.await)) return true;
  if (isFunction(node)) return false;
  return childrenOf(node).some(hasTopLevelAwait);
}
