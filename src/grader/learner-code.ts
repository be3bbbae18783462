// Compiles a learner's source for the one learner call: the compiler's tensor operators (`a * b` on
// tensors), step observation (`const dx = …` reports to `__observe`) and loop guards, as in-place
// edits so every line keeps its number, in strict mode. The page's Worker compiles an exercise
// cell ("script": function declarations), `backstep grade` a submission file ("module": `export
// function …`); both get the same transforms and the same strictness, so code that assigns to an
// undeclared name (`np.sum(dout, axis=0)`, a dropped `const`) fails the same way in both.
import {Parser} from "acorn";
import MagicString from "magic-string";
import type {Node} from "../js/ast.ts";
import {GUARD_COUNTER} from "../js/guard-loops.ts";
import {applyTransforms} from "../js/transpile-code.ts";

export type LearnerSourceType = "script" | "module";

/** A source that does not parse: acorn's message without its "(line:col)" suffix, and the line. */
export class LearnerSyntaxError extends Error {
  constructor(message: string, readonly line?: number) {
    super(message);
    this.name = "SyntaxError";
  }
}

/** Compiled code; line N is line N of the source (the strict-mode directive and guard counter sit on line 1). */
export function compileLearnerCode(source: string, sourceType: LearnerSourceType): string {
  let program: Node;
  try {
    program = Parser.parse(source, {ecmaVersion: "latest", sourceType, locations: true, allowAwaitOutsideFunction: sourceType === "module"}) as unknown as Node;
  } catch (err) {
    const e = err as {message?: string; loc?: {line: number}};
    throw new LearnerSyntaxError(String(e.message ?? err).replace(/\s*\(\d+:\d+\)$/, ""), e.loc?.line);
  }
  const output = new MagicString(source);
  const uses = applyTransforms(program, source, output, {operators: true, observeSteps: true, guardLoops: true});
  // Modules are strict already; a script becomes strict by its first statement.
  const prologue = `${sourceType === "script" ? `"use strict"; ` : ""}${uses.guard ? `var ${GUARD_COUNTER} = 0; ` : ""}`;
  if (prologue) output.prepend(prologue);
  return output.toString();
}
