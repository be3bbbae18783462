// Rewrites arithmetic, comparisons and indexing so they work on tensors: `a * b` → `__bs.mul(a, b)`,
// `x[i, j]` → `__bs.get(x, [i, j])`. Only inserts and replaces tokens in place, so every line keeps its number.
import type MagicString from "magic-string";
import {walkPostOrder, type Node} from "./ast.ts";
import {findToken} from "./tokens.ts";

const binaryNames: Record<string, string> = {
  "+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod", "**": "pow",
  "<": "lt", "<=": "le", ">": "gt", ">=": "ge"
};

const compoundNames: Record<string, string> = {
  "+=": "add", "-=": "sub", "*=": "mul", "/=": "div", "%=": "mod", "**=": "pow"
};

/**
 * Applies the operator rewrite to `output` (a MagicString over `source`) for every node under `root`.
 * Returns true when anything was rewritten (the code then needs `__bs`).
 * Edits go children-first; openers use prependRight and closers appendLeft so outer calls wrap inner ones.
 */
export function transpileOperators(root: Node, source: string, output: MagicString, helper = "__bs"): boolean {
  let changed = false;
  const call = (name: string) => `${helper}.${name}(`;
  walkPostOrder(root, (node, ancestors) => {
    const parent = ancestors[ancestors.length - 1];
    switch (node.type) {
      case "BinaryExpression": {
        const name = binaryNames[node.operator];
        if (!name || isPlainBinary(node)) return;
        const at = findToken(source, node.left.end, node.right.start, node.operator);
        output.prependRight(node.start, call(name));
        output.update(at, at + node.operator.length, ",");
        output.appendLeft(node.end, ")");
        changed = true;
        return;
      }
      case "UnaryExpression": {
        if (node.operator !== "-" && node.operator !== "+") return;
        if (node.argument.type === "Literal" && typeof node.argument.value === "number") return;
        output.update(node.start, node.start + 1, call(node.operator === "-" ? "neg" : "pos"));
        output.appendLeft(node.end, ")");
        changed = true;
        return;
      }
      case "MemberExpression": {
        if (!node.computed || node.optional || node.object.type === "Super") return;
        if (isRawMemberContext(node, ancestors)) return;
        const open = findToken(source, node.object.end, node.property.start, "[");
        output.prependRight(node.start, call("get"));
        output.update(open, open + 1, ", [");
        output.appendLeft(node.end, ")");
        changed = true;
        return;
      }
      case "AssignmentExpression":
        changed = transpileAssignment(node, source, output, call) || changed;
        return;
    }
    void parent;
  });
  return changed;
}

/** Leaves `1 + 2`, `"a" + b` and `` `x` + y `` alone: they can never involve a tensor. */
function isPlainBinary(node: Node): boolean {
  const kind = (n: Node) => (n.type === "Literal" ? typeof n.value : n.type === "TemplateLiteral" ? "string" : null);
  const left = kind(node.left);
  const right = kind(node.right);
  if (left === "number" && right === "number") return true;
  return node.operator === "+" && (left === "string" || right === "string");
}

/** Member expressions whose plain JS meaning must stay: call targets (keep `this`), targets of ++/delete, patterns, chains. */
function isRawMemberContext(node: Node, ancestors: Node[]): boolean {
  const parent = ancestors[ancestors.length - 1];
  if (!parent) return false;
  switch (parent.type) {
    case "CallExpression":
    case "NewExpression":
      if (parent.callee === node) return true;
      break;
    case "TaggedTemplateExpression":
      return parent.tag === node;
    case "UpdateExpression":
      return true;
    case "UnaryExpression":
      if (parent.operator === "delete") return true;
      break;
    case "AssignmentExpression":
      // `x[i] = v` and `x[i] += v` are rewritten by the assignment; logical assignments keep plain JS.
      if (parent.left === node) return true;
      break;
    case "ArrayPattern":
    case "RestElement":
      return true;
    case "AssignmentPattern":
      if (parent.left === node) return true;
      break;
    case "Property":
      if (parent.value === node && ancestors[ancestors.length - 2]?.type === "ObjectPattern") return true;
      break;
    case "ForInStatement":
    case "ForOfStatement":
      if (parent.left === node) return true;
      break;
  }
  // Inside an optional chain `a?.b[i]`, rewriting would lose the short-circuit.
  for (let i = ancestors.length - 1; i >= 0; --i) {
    const a = ancestors[i];
    if (a.type === "ChainExpression") return true;
    if (a.type !== "MemberExpression" && a.type !== "CallExpression") break;
  }
  return false;
}

function transpileAssignment(node: Node, source: string, output: MagicString, call: (name: string) => string): boolean {
  const left = node.left as Node;
  const opAt = findToken(source, left.end, node.right.start, node.operator);
  if (node.operator === "=") {
    if (left.type !== "MemberExpression" || !left.computed || left.object.type === "Super") return false;
    // x[i, j] = v → __bs.set(x, [i, j], v)
    const open = findToken(source, left.object.end, left.property.start, "[");
    output.prependRight(node.start, call("set"));
    output.update(open, open + 1, ", [");
    output.update(opAt, opAt + 1, ",");
    output.appendLeft(node.end, ")");
    return true;
  }
  const name = compoundNames[node.operator];
  if (!name) return false;
  if (left.type === "Identifier") {
    // a += b → a = __bs.add(a, b)
    output.update(opAt, opAt + node.operator.length, "=");
    output.prependRight(node.right.start, `${call(name)}${left.name}, `);
    output.appendLeft(node.right.end, ")");
    return true;
  }
  if (left.type === "MemberExpression" && left.object.type !== "Super" && left.property.type !== "PrivateIdentifier") {
    // x[i] += v → __bs.update(x, [i], __bs.add, v);  o.p += v → __bs.update(o, "p", __bs.add, v)
    output.prependRight(node.start, call("update"));
    if (left.computed) {
      const open = findToken(source, left.object.end, left.property.start, "[");
      output.update(open, open + 1, ", [");
    } else {
      const dot = findToken(source, left.object.end, left.property.start, ".");
      output.update(dot, dot + 1, ', "');
      output.appendLeft(left.property.end, '"');
    }
    output.update(opAt, opAt + node.operator.length, `, ${call(name).slice(0, -1)},`);
    output.appendLeft(node.end, ")");
    return true;
  }
  return false;
}
