// Guards loops and function entries so an endless loop or runaway recursion throws instead of freezing the page.
// Each guarded point bumps a counter; only every GUARD_INTERVAL ticks does it call `__guard()`, which reads the
// clock and throws past the time limit (see loop-guard-runtime.ts). Edits stay on their lines.
import type MagicString from "magic-string";
import {walkPostOrder, type Node} from "./ast.ts";

export const GUARD_INTERVAL = 4096;
/** The counter variable; the caller declares it once (`let __bsTick = 0;`) at the start of the compiled code. */
export const GUARD_COUNTER = "__bsTick";

const tickStatement = (guard: string) => `if (++${GUARD_COUNTER} >= ${GUARD_INTERVAL}) ${GUARD_COUNTER} = ${guard}();`;
const tickExpression = (guard: string) => `(++${GUARD_COUNTER} >= ${GUARD_INTERVAL} && (${GUARD_COUNTER} = ${guard}()), `;

/**
 * Inserts guards into every for/while/do/for-in/for-of body and every function body under `root`.
 * Returns true when any guard was inserted. Run this pass after the expression rewrites: its wrappers are outermost.
 */
export function guardLoops(root: Node, output: MagicString, guard = "__guard"): boolean {
  let changed = false;
  walkPostOrder(root, (node) => {
    switch (node.type) {
      case "ForStatement":
      case "ForInStatement":
      case "ForOfStatement":
      case "WhileStatement":
      case "DoWhileStatement":
        guardBody(node.body, output, guard);
        changed = true;
        return;
      case "FunctionDeclaration":
      case "FunctionExpression":
      case "ArrowFunctionExpression":
        if (node.body.type === "BlockStatement") {
          guardBody(node.body, output, guard);
        } else {
          // x => expr  →  x => (tick, expr)
          output.prependRight(node.body.start, tickExpression(guard));
          output.appendLeft(node.body.end, ")");
        }
        changed = true;
        return;
    }
  });
  return changed;
}

function guardBody(body: Node, output: MagicString, guard: string): void {
  if (body.type === "BlockStatement") {
    // After any directive prologue ("use strict" must stay first).
    let at = body.start + 1;
    for (const statement of body.body as Node[]) {
      if (statement.type !== "ExpressionStatement" || typeof statement.directive !== "string") break;
      at = statement.end;
    }
    output.prependRight(at, tickStatement(guard));
  } else if (body.type === "EmptyStatement") {
    output.update(body.start, body.end, `{${tickStatement(guard)}}`);
  } else {
    output.prependRight(body.start, `{${tickStatement(guard)} `);
    output.appendLeft(body.end, "}");
  }
}
