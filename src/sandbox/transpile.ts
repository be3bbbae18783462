// Learner code uses tensor operators (`dout * gamma`), so it goes through the compiler's operator
// transpile (src/js) before running, plus step observation (`const dxhat = …` also reports the
// value to `__observe`). Module syntax (`export function`) is kept and every line keeps its number.
// No loop guard: the isolate's own timeout stops endless loops.
import {Parser} from "acorn";
import MagicString from "magic-string";
import type {Node} from "../js/ast.ts";
import {applyTransforms} from "../js/transpile-code.ts";

export function transpileSubmission(source: string): string {
  const program = Parser.parse(source, {ecmaVersion: "latest", sourceType: "module", locations: true, allowAwaitOutsideFunction: true}) as unknown as Node;
  const output = new MagicString(source);
  applyTransforms(program, source, output, {operators: true, observeSteps: true, guardLoops: false});
  return output.toString();
}
