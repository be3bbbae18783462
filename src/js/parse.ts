// Parses cell and exercise code with acorn: a lone expression first (it displays its value), else a program.
import {Parser, tokTypes, type Options} from "acorn";
import type {Node} from "./ast.ts";
import type {SourceError} from "./types.ts";

const options: Options = {
  ecmaVersion: "latest",
  sourceType: "module",
  locations: true,
  allowAwaitOutsideFunction: true
};

export interface ParsedCode {
  /** A Program, or the expression itself when the whole source is one expression. */
  node: Node;
  expression: boolean;
}

/** Parses `source`; `inline` requires a single expression (as `${…}` in prose does). Throws a SyntaxError. */
export function parseCode(source: string, {inline = false, allowExpression = true} = {}): ParsedCode {
  if (allowExpression) {
    const expression = parseExpressionOnly(source);
    if (expression) return {node: expression, expression: true};
  }
  if (inline) {
    // Re-parse to get acorn's own message and position for the error.
    const parser = new (Parser as unknown as new (o: Options, s: string, p: number) => ExpressionParser)(options, source, 0);
    parser.nextToken();
    parser.parseExpression();
    if (parser.type !== tokTypes.eof) parser.unexpected();
    throw new SyntaxError("invalid expression");
  }
  const program = Parser.parse(source, options) as unknown as Node;
  for (const statement of program.body as Node[]) {
    if (statement.type.startsWith("Export")) throw locatedError("export is not allowed in a cell", statement);
  }
  return {node: program, expression: false};
}

interface ExpressionParser {
  type: unknown;
  nextToken(): void;
  parseExpression(): Node;
  unexpected(): never;
}

/** The expression when all of `source` is one expression (named function/class expressions count as programs). */
function parseExpressionOnly(source: string): Node | null {
  try {
    const parser = new (Parser as unknown as new (o: Options, s: string, p: number) => ExpressionParser)(options, source, 0);
    parser.nextToken();
    const node = parser.parseExpression();
    if (parser.type !== tokTypes.eof) return null;
    if ((node.type === "FunctionExpression" || node.type === "ClassExpression") && node.id) return null;
    return node;
  } catch {
    return null;
  }
}

function locatedError(message: string, node: Node): SyntaxError {
  const error = new SyntaxError(`${message} (${node.loc!.start.line}:${node.loc!.start.column})`);
  Object.assign(error, {loc: node.loc!.start, pos: node.start});
  return error;
}

/** Turns an acorn SyntaxError into a located error, shifting lines by `lineOffset` (e.g. the cell's line in the file). */
export function toSourceError(error: unknown, lineOffset = 0): SourceError {
  const loc = (error as {loc?: {line: number; column: number}}).loc;
  const message = String((error as Error).message ?? error).replace(/ \(\d+:\d+\)$/, "");
  if (!loc) return {message, line: 1 + lineOffset, column: 0};
  return {message, line: loc.line + lineOffset, column: loc.column};
}
