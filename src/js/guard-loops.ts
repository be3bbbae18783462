// Guards loops and function entries so an endless loop or runaway recursion throws instead of freezing the page.
// `__guard()` reads the clock and throws past the time limit (see loop-guard-runtime.ts); it is called only about
// every GUARD_INTERVAL iterations, counted in GUARD_COUNTER, which the caller declares once (`let __bsTick = 0;`).
//
// Two shapes, both keeping every line on its line:
// - Strip-mining (for/while/do): the loop runs in slices of at most GUARD_INTERVAL iterations with no call inside
//   the hot loop; between slices the iterations are counted and the guard may run. (A call anywhere inside a hot
//   loop, even on a rarely taken branch, makes V8 spill loop-carried values: measured +50…140 % on tight loops.)
//     for (I; T; U) B  →  for (I; ; ) { let k = 0; for (; k < N && (T); k++, U) B
//                         if ((tick += k) >= N) tick = __guard(); if (k < N) break; }
//   `continue` still runs U; `break` (or T failing) leaves the inner loop early, so k < N ends the outer one.
// - Ticking (for-in/for-of, labelled loops, `for (let …)` whose body makes closures, function entry): a counter
//   bump at the top of the body, calling the guard every GUARD_INTERVAL ticks.
import type MagicString from "magic-string";
import {childrenOf, isFunction, walkPostOrder, type Node} from "./ast.ts";

export const GUARD_INTERVAL = 4096;
/** The counter variable; the caller declares it once (`let __bsTick = 0;`) at the start of the compiled code. */
export const GUARD_COUNTER = "__bsTick";

const N = GUARD_INTERVAL;
const T = GUARD_COUNTER;
const tickStatement = (guard: string) => `if (++${T} >= ${N}) ${T} = ${guard}();`;
const tickExpression = (guard: string) => `(++${T} >= ${N} && (${T} = ${guard}()), `;
/** The inner loop's head up to its body; `test` is already-rewritten code or "" for none. */
const sliceHead = (test: string, update: string) =>
  `let __bsK = 0; for (; __bsK < ${N}${test ? ` && (${test})` : ""}; __bsK++${update ? `, ${update}` : ""}) `;
const sliceEnd = (guard: string) => `; if ((${T} += __bsK) >= ${N}) ${T} = ${guard}(); if (__bsK < ${N}) break; }`;

/**
 * Inserts guards into every loop and function body under `root`; `source` is the text `root` was parsed from.
 * Returns true when any guard was inserted. Run this pass after the expression rewrites: its wrappers are outermost.
 */
export function guardLoops(root: Node, output: MagicString, guard = "__guard", source: string = output.original): boolean {
  let changed = false;
  walkPostOrder(root, (node, ancestors) => {
    const parent = ancestors[ancestors.length - 1];
    switch (node.type) {
      case "ForStatement":
      case "WhileStatement":
      case "DoWhileStatement":
        // A labelled loop can be continued from inside (`continue L`), which would skip the slice's accounting.
        if (parent?.type === "LabeledStatement" || (isLexical(node.init) && containsFunction(node))) guardBody(node.body, output, guard);
        else if (node.type === "ForStatement") stripMineFor(node, source, output, guard);
        else if (node.type === "WhileStatement") stripMineWhile(node, output, guard);
        else stripMineDoWhile(node, output, guard);
        changed = true;
        return;
      case "ForInStatement":
      case "ForOfStatement":
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

function stripMineFor(node: Node, source: string, output: MagicString, guard: string): void {
  const open = source.indexOf("(", node.start + 3);
  const semicolon = findSemicolon(source, node.init ? node.init.end : open + 1);
  const test = node.test ? output.slice(node.test.start, node.test.end) : "";
  const update = node.update ? output.slice(node.update.start, node.update.end) : "";
  output.overwrite(semicolon + 1, node.body.start, `; ) { ${sliceHead(test, update)}` + newlinesIn(source, semicolon + 1, node.body.start));
  output.appendLeft(node.body.end, sliceEnd(guard));
}

function stripMineWhile(node: Node, output: MagicString, guard: string): void {
  const source = output.original;
  const test = output.slice(node.test.start, node.test.end);
  output.overwrite(node.start, node.body.start, `for (;;) { ${sliceHead(test, "")}` + newlinesIn(source, node.start, node.body.start));
  output.appendLeft(node.body.end, sliceEnd(guard));
}

/** do B while (T)  →  for (let first = true;;) { let k = 0; for (; k < N && (first || (T)); k++) { first = false; B } … } */
function stripMineDoWhile(node: Node, output: MagicString, guard: string): void {
  const source = output.original;
  const test = output.slice(node.test.start, node.test.end);
  output.overwrite(node.start, node.body.start,
    `for (let __bsFirst = true;;) { ${sliceHead(`__bsFirst || (${test})`, "")}{ __bsFirst = false; ` + newlinesIn(source, node.start, node.body.start));
  output.overwrite(node.body.end, node.end, ` }${sliceEnd(guard)}` + newlinesIn(source, node.body.end, node.end));
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

/** `let`/`const` in a for head: each iteration gets its own binding, which closures in the body can see. */
function isLexical(init: Node | null): boolean {
  return init?.type === "VariableDeclaration" && init.kind !== "var";
}

function containsFunction(node: Node): boolean {
  return childrenOf(node).some((child) => isFunction(child) || child.type === "ClassExpression" || child.type === "ClassDeclaration" || containsFunction(child));
}

/** The first `;` at or after `from` outside comments (the one ending a for head's init). */
function findSemicolon(source: string, from: number): number {
  for (let i = from; i < source.length; ++i) {
    if (source.startsWith("//", i)) i = source.indexOf("\n", i);
    else if (source.startsWith("/*", i)) i = source.indexOf("*/", i + 2) + 1;
    else if (source[i] === ";") return i;
  }
  throw new Error("guardLoops: for head without ';'");
}

/** The line breaks in source[from, to), so text replacing that range keeps the following lines in place. */
function newlinesIn(source: string, from: number, to: number): string {
  return "\n".repeat(source.slice(from, to).split("\n").length - 1);
}
