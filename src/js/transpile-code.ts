// Compiles exercise (or any script) code: operator rewrite, step observation and loop guards as in-place string
// edits, so line N of the output is line N of the input. The grader evaluates the result with `__bs`, `__guard`
// and `__observe` in scope.
import MagicString from "magic-string";
import type {Node} from "./ast.ts";
import {GUARD_COUNTER, guardLoops} from "./guard-loops.ts";
import {observeSteps} from "./observe-steps.ts";
import {parseCode} from "./parse.ts";
import {transpileOperators} from "./transpile-operators.ts";
import type {TranspileOptions} from "./types.ts";

export interface TranspiledCode {
  code: string;
  /** Which runtime names the code calls. */
  uses: {operators: boolean; guard: boolean; observe: boolean};
}

/** Compiles a whole script (a program, never a lone expression). Throws acorn's SyntaxError (with `loc`). */
export function transpileCode(source: string, options: TranspileOptions = {}): TranspiledCode {
  const {node} = parseCode(source, {allowExpression: false});
  const output = new MagicString(source);
  const uses = applyTransforms(node, source, output, options);
  // Declared on line 1 without a newline, so lines keep their numbers.
  if (uses.guard) output.prepend(`var ${GUARD_COUNTER} = 0; `);
  return {code: output.toString(), uses};
}

/** Runs the passes in the order that makes outer wrappers outermost: operators, then observation, then guards. */
export function applyTransforms(node: Node, source: string, output: MagicString, options: TranspileOptions): TranspiledCode["uses"] {
  const operators = options.operators !== false && transpileOperators(node, source, output);
  const observe = options.observeSteps === true && observeSteps(node, output, {lineOffset: (options.line ?? 1) - 1});
  const guard = options.guardLoops !== false && guardLoops(node, output);
  return {operators, guard, observe};
}
