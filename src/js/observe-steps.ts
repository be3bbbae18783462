// For exercises: inside named functions, every `const`/`let` of a `d…` name and every assignment to one also
// reports the value — `const dx = e` → `const dx = __observe("dx", e, 12)` — so the grader can check each
// backward step as the learner computes it. `__observe` returns the value unchanged. Edits stay on their lines.
import type MagicString from "magic-string";
import {isFunction, walkPostOrder, type Node} from "./ast.ts";

const stepName = /^d[A-Za-z0-9_]*$/;

/**
 * Wraps step values under `root`. `lineOffset` is added to the node's line (1-based in `root`'s source) so the
 * reported line is the line in the author's file. Run after the operator rewrite (its wrapper is outer).
 */
export function observeSteps(root: Node, output: MagicString, {lineOffset = 0, observe = "__observe"} = {}): boolean {
  let changed = false;
  walkPostOrder(root, (node, ancestors) => {
    if (node.type === "VariableDeclarator") {
      if (node.id.type !== "Identifier" || !stepName.test(node.id.name) || !node.init) return;
      const declaration = ancestors[ancestors.length - 1];
      if (declaration?.kind === "var" || !insideNamedFunction(ancestors)) return;
      wrap(node.init, node.id.name, node.loc!.start.line + lineOffset);
    } else if (node.type === "AssignmentExpression") {
      if (node.left.type !== "Identifier" || !stepName.test(node.left.name) || !insideNamedFunction(ancestors)) return;
      // Wrapping the whole assignment reports the new value, also for `dx += e`.
      wrap(node, node.left.name, node.loc!.start.line + lineOffset);
    }
  });
  return changed;

  function wrap(expression: Node, name: string, line: number) {
    output.prependRight(expression.start, `${observe}(${JSON.stringify(name)}, `);
    output.appendLeft(expression.end, `, ${line})`);
    changed = true;
  }
}

/** True inside a function that has a name: a declaration, a named expression, `const f = (…) => …`, or a method. */
function insideNamedFunction(ancestors: Node[]): boolean {
  for (let i = ancestors.length - 1; i >= 0; --i) {
    const node = ancestors[i];
    if (!isFunction(node)) continue;
    if (node.id) return true;
    const parent = ancestors[i - 1];
    if (parent?.type === "VariableDeclarator" && parent.id.type === "Identifier") return true;
    if ((parent?.type === "MethodDefinition" || parent?.type === "Property" || parent?.type === "PropertyDefinition") && parent.value === node) return true;
  }
  return false;
}
