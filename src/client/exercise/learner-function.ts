// Turns a passing learner source into a plain function for the page's later cells: the same compile
// as the checker (src/grader: operators, loop guard, strict mode), with step observation ignored.
// Saved and imported code is data until the learner runs it: only the source's function declarations
// are kept, so nothing at its top level (a crafted `document.title = …`, a loop) runs on the page when
// the function is published at load; the function's own body runs later, loop-guarded like a cell's.
import {Parser} from "acorn";
import {compileLearnerCode} from "../../grader/index.ts";
import type {OperatorRuntime} from "../../js/index.ts";
import type {LoopGuard} from "../guard.ts";

export interface PageScope {
  np: unknown;
  nn: unknown;
  __bs: OperatorRuntime;
  __guard: LoopGuard;
}

const ignoreStep = <T>(_name: string, value: T): T => value;

export function instantiateLearnerFunction(source: string, fn: string, scope: PageScope): ((...args: unknown[]) => unknown) | null {
  try {
    const code = compileLearnerCode(functionDeclarationsOnly(source), "script");
    const factory = new Function("__bs", "__guard", "__observe", "np", "nn", `${code}\n;return typeof ${fn} === "function" ? ${fn} : null;\n//# sourceURL=exercise-${fn}.js`);
    return factory(scope.__bs, scope.__guard, ignoreStep, scope.np, scope.nn);
  } catch {
    return null;
  }
}

/** The source's top-level function declarations, each as written (line breaks kept in between). */
export function functionDeclarationsOnly(source: string): string {
  const program = Parser.parse(source, {ecmaVersion: "latest", sourceType: "script"}) as unknown as {body: {type: string; start: number; end: number}[]};
  let out = "";
  let at = 0;
  for (const node of program.body) {
    // Blank out everything that is not a function declaration, keeping newlines so lines keep their numbers.
    out += source.slice(at, node.start).replace(/[^\n]/g, " ");
    out += node.type === "FunctionDeclaration" ? source.slice(node.start, node.end) : source.slice(node.start, node.end).replace(/[^\n]/g, " ");
    at = node.end;
  }
  return out + source.slice(at).replace(/[^\n]/g, " ");
}
