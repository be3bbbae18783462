// Guards loops and function entries so an endless loop or runaway recursion throws instead of freezing the page.
// `__guard()` reads the clock and throws past the time limit (see loop-guard-runtime.ts); it is called only about
// every GUARD_INTERVAL iterations, counted in GUARD_COUNTER, which the caller declares once (`let __bsTick = 0;`).
//
// Every rewrite keeps each line on its line (errors point at the author's line). Shapes:
// - Strip-mining (for/while/do/for-of): the loop runs in slices of at most GUARD_INTERVAL iterations with no call
//   inside the hot loop; between slices the iterations are counted and the guard may run. (A call anywhere inside
//   a hot loop, even on a rarely taken branch, makes V8 spill loop-carried values: measured +50…140 % on tight
//   loops.) Labels move onto the inner loop, so `break L` / `continue L` keep their targets.
//     for (I; T; U) B  →  for (I; ; ) { let k = 0; for (; k < N && (T); k++, U) B
//                         if ((tick += k) >= N) tick = __guard(); if (k < N) break; }
//   `continue` still runs U; `break` (or T failing) leaves the inner loop early, so k < N ends the outer one.
//     while (T) B  →  the same with no I and U.
//     do B while (T)  →  for (;;) { let k = 0; for (; k < N; k++) { C: { B } if (!(T)) break; } …same end… }
//   Each `continue` aimed at the do loop becomes `break C` (a continue in a do loop jumps to its test). This shape
//   costs less than testing a first-iteration flag or the counter after T on every iteration (bench: Collatz).
// - for…of drives the iterator by hand, as the spec's for-of does (next() fetched once, result checked, return()
//   on every early exit — break, return, throw, continue/break to an outer label — and not when next() threw):
//     for (L of R) B  →  { let r, d = true, it = GetIterator(R), next = it.next; try { for (;;) { let k = 0;
//                          for (; k < N && (d = true, !(r = next.call(it)) … .done); k++) { d = false; L = r.value; B }
//                          …same end… } } catch (e) { if (!d) close quietly; throw e } finally { if (!d) close } }
//   `L = r.value` sits in the inner loop's body block, so a `let`/`const` binding is fresh per iteration.
// - Ticking (for-in, for-await, `for (let …)` whose body makes closures, function entry): a counter bump at the top
//   of the body, calling the guard every GUARD_INTERVAL ticks.
import type MagicString from "magic-string";
import {childrenOf, isFunction, walkPostOrder, type Node} from "./ast.ts";

export const GUARD_INTERVAL = 4096;
/** The counter variable; the caller declares it once (`let __bsTick = 0;`) at the start of the compiled code. */
export const GUARD_COUNTER = "__bsTick";

const N = GUARD_INTERVAL;
const T = GUARD_COUNTER;
const tickStatement = (guard: string) => `if (++${T} >= ${N}) ${T} = ${guard}();`;
const tickExpression = (guard: string) => `(++${T} >= ${N} && (${T} = ${guard}()), `;
const sliceEnd = (guard: string) => `; if ((${T} += __bsK) >= ${N}) ${T} = ${guard}(); if (__bsK < ${N}) break; }`;
const notObject = (value: string) => `new TypeError("Iterator result " + String(${value}) + " is not an object")`;

/**
 * Inserts guards into every loop and function body under `root`; `source` is the text `root` was parsed from.
 * Returns true when any guard was inserted. Run this pass after the expression rewrites: its wrappers are outermost.
 */
export function guardLoops(root: Node, output: MagicString, guard = "__guard", source: string = output.original): boolean {
  let changed = false;
  walkPostOrder(root, (node, ancestors) => {
    switch (node.type) {
      case "ForStatement":
      case "WhileStatement":
      case "DoWhileStatement":
        // `for (let i …)` gives each iteration its own `i`; the slice loop would share one, which closures could see.
        if (isLexical(node.init) && containsFunction(node)) guardBody(node.body, output, guard);
        else if (node.type === "ForStatement") stripMineFor(node, source, output, guard, moveLabels(node, ancestors, output, source));
        else if (node.type === "WhileStatement") stripMineWhile(node, source, output, guard, moveLabels(node, ancestors, output, source));
        else stripMineDoWhile(node, ancestors, source, output, guard);
        changed = true;
        return;
      case "ForOfStatement":
        if (node.await) guardBody(node.body, output, guard);
        else stripMineForOf(node, source, output, guard, moveLabels(node, ancestors, output, source));
        changed = true;
        return;
      case "ForInStatement":
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

/** The test and update stay where they are (errors in them keep their lines); only the syntax around them changes. */
function stripMineFor(node: Node, source: string, output: MagicString, guard: string, labels: string): void {
  const {test, update, body} = node;
  const open = source.indexOf("(", node.start + 3);
  const first = findSemicolon(source, node.init ? node.init.end : open + 1);
  const second = findSemicolon(source, test ? test.end : first + 1);
  const head = `; ) { let __bsK = 0; ${labels}for (; __bsK < ${N}`;
  replace(output, source, first + 1, test ? test.start : second + 1, test ? `${head} && (` : `${head}; __bsK++`);
  if (test) replace(output, source, test.end, second + 1, "); __bsK++");
  replace(output, source, second + 1, update ? update.start : body.start, update ? ", " : ") ");
  if (update) replace(output, source, update.end, body.start, ") ");
  output.appendLeft(body.end, sliceEnd(guard));
}

function stripMineWhile(node: Node, source: string, output: MagicString, guard: string, labels: string): void {
  replace(output, source, node.start, node.test.start, `for (;;) { let __bsK = 0; ${labels}for (; __bsK < ${N} && (`);
  replace(output, source, node.test.end, node.body.start, "); __bsK++) ");
  output.appendLeft(node.body.end, sliceEnd(guard));
}

/** Replaces source[from, to) (syntax only, no rewritten code) by `text` plus the line breaks the range had. */
function replace(output: MagicString, source: string, from: number, to: number, text: string): void {
  // An empty range (`for (;i < n;…`) cannot be overwritten: insert before what starts there (its openers included).
  if (from === to) output.appendLeft(from, text);
  else output.overwrite(from, to, text + newlinesIn(source, from, to));
}

/** do B while (T)  →  for (;;) { let k = 0; for (; k < N; k++) { C: { B } if (!(T)) break; } …slice end… } */
function stripMineDoWhile(node: Node, ancestors: Node[], source: string, output: MagicString, guard: string): void {
  const labelNames = labelsOf(node, ancestors);
  const labels = moveLabels(node, ancestors, output, source);
  // `continue` in a do loop jumps to its test; in the slice loop that is the end of the block around B.
  const continues = continuesTargeting(node, labelNames);
  const block = `__bsC${node.start}`;
  for (const statement of continues) {
    // update (not overwrite) keeps text other rewrites attached at the statement's start, e.g. a tick.
    output.update(statement.start, statement.label ? statement.label.end : statement.start + "continue".length, `break ${block}`);
  }
  replace(output, source, node.start, node.body.start, `for (;;) { let __bsK = 0; ${labels}for (; __bsK < ${N}; __bsK++) { ${continues.length ? `${block}: ` : ""}{ `);
  replace(output, source, node.body.end, node.test.start, " } if (!(");
  replace(output, source, node.test.end, node.end, `)) break; }${sliceEnd(guard)}`);
}

/**
 * for (L of R) B, driven by hand in slices (see the header). Differences from a native for-of: R is evaluated where
 * a `let`/`const` L is not yet in scope (a native `for (const x of x)` throws), and the "not iterable" message
 * quotes R's source.
 */
function stripMineForOf(node: Node, source: string, output: MagicString, guard: string, labels: string): void {
  const {left, right, body} = node;
  const target = output.slice(left.start, left.end);
  // A declaration (`const [a, b]`) takes an initializer; a pattern or member (`[a, b]`, `o.p`) is assigned.
  const bind = left.type === "VariableDeclaration" ? `${target} = __bsR.value;` : `(${target} = __bsR.value);`;
  const quoted = source.slice(right.start, right.end);
  const message = JSON.stringify(`${quoted.length <= 60 && !quoted.includes("\n") ? quoted : "value after 'of'"} is not iterable`);
  // The throwing arrow takes the result as an argument: capturing __bsR would move it into a heap context.
  const next = `(__bsR = __bsN.call(__bsI), Object(__bsR) === __bsR || ((r) => { throw ${notObject("r")} })(__bsR), !__bsR.done)`;
  // R stays where it is (errors in it keep their line); L moves behind it, into the slice loop's body, on the line
  // of the head's `)`. The line breaks L had before R are given back after it, so B starts on its own line.
  output.overwrite(node.start, right.start,
    "{ let __bsR, __bsD = true, __bsI = (" + "\n".repeat(countLines(source.slice(node.start, right.start)) - countLines(target)));
  output.overwrite(right.end, body.start,
    `), __bsN; if (__bsI == null || typeof __bsI[Symbol.iterator] !== "function") throw new TypeError(${message}); ` +
    `__bsI = __bsI[Symbol.iterator](); ` +
    `if (Object(__bsI) !== __bsI) throw new TypeError("Result of the Symbol.iterator method is not an object"); ` +
    `__bsN = __bsI.next; ` +
    `try { for (;;) { let __bsK = 0; ${labels}for (; __bsK < ${N} && (__bsD = true, ${next}); __bsK++) { __bsD = false; ${bind} ` +
    newlinesIn(source, right.end, body.start));
  output.appendLeft(body.end,
    ` }${sliceEnd(guard)} } ` +
    // A throw from the body (or the guard) closes the iterator; errors from return() lose to the original.
    `catch (__bsE) { if (!__bsD) { __bsD = true; try { __bsI.return?.() } catch {} } throw __bsE } ` +
    // break, return, continue/break to an outer label: close the iterator; its errors propagate.
    `finally { if (!__bsD) { __bsR = __bsI.return; if (__bsR != null) { __bsR = __bsR.call(__bsI); if (Object(__bsR) !== __bsR) throw ${notObject("__bsR")} } } } }`);
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

/** The labels directly on `loop` (`A: B: while …` → ["A", "B"]), innermost last. */
function labelsOf(loop: Node, ancestors: Node[]): string[] {
  const names: string[] = [];
  let child = loop;
  for (let i = ancestors.length - 1; i >= 0 && ancestors[i].type === "LabeledStatement" && ancestors[i].body === child; --i) {
    names.unshift(ancestors[i].label.name);
    child = ancestors[i];
  }
  return names;
}

/**
 * Removes the labels in front of `loop` (keeping line breaks) and returns them as text ("A: B: ") for the slice
 * loop, which is what `break L` and `continue L` must reach: `continue L` on the outer loop would skip the update.
 */
function moveLabels(loop: Node, ancestors: Node[], output: MagicString, source: string): string {
  const names = labelsOf(loop, ancestors);
  if (!names.length) return "";
  const first = ancestors[ancestors.length - names.length];
  output.update(first.start, loop.start, newlinesIn(source, first.start, loop.start));
  return names.map((name) => `${name}: `).join("");
}

const loopTypes = new Set(["ForStatement", "ForInStatement", "ForOfStatement", "WhileStatement", "DoWhileStatement"]);

/** The `continue` statements in `loop`'s body that continue `loop` itself (unlabelled, or with one of its labels). */
function continuesTargeting(loop: Node, labels: string[]): Node[] {
  const found: Node[] = [];
  const visit = (node: Node, nested: boolean): void => {
    if (isFunction(node) || node.type === "ClassDeclaration" || node.type === "ClassExpression") return;
    if (node.type === "ContinueStatement" && (node.label ? labels.includes(node.label.name) : !nested)) found.push(node);
    const inner = nested || loopTypes.has(node.type);
    for (const child of childrenOf(node)) visit(child, inner);
  };
  visit(loop.body, false);
  return found;
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
  return "\n".repeat(countLines(source.slice(from, to)));
}

function countLines(text: string): number {
  return text.split("\n").length - 1;
}
