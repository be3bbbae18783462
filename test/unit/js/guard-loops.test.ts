import {describe, expect, it} from "vitest";
import {createLoopGuard, LoopLimitError, transpileCell, transpileCode} from "../../../src/js/index.ts";
import {runCell, runScript} from "./helpers.ts";

// A short limit keeps the endless cases quick; nothing here asserts on elapsed time.
const shortGuard = () => createLoopGuard({limitMs: 50, scheduleReset: null});

describe("loop guard", () => {
  it("throws a clear error on while (true) {}", () => {
    const code = transpileCode("while (true) {}").code;
    expect(() => runScript(code, {}, shortGuard())).toThrow(LoopLimitError);
    expect(new LoopLimitError(5000).message).toBe("stopped after 5 s — infinite loop?");
  });

  it.each([
    ["for (;;);", "empty for"],
    ["for (let i = 0; i >= 0; i++) x = i", "for without braces"],
    ["do { x++ } while (x !== -1)", "do…while"],
    ["outer: while (true) { for (const k in {a: 1}) continue outer }", "labelled continue"],
    ["function* count() { let i = 0; while (true) yield i++ }\nfor (const v of count()) x = v", "for…of over an endless generator"],
    ["const it = {[Symbol.iterator]: () => ({next: () => ({done: false, value: 1})})}\nfor (const v of it) {}", "for…of over an endless hand-written iterator"],
    ["const a = [1]\nfor (const v of a) a.push(v)", "for…of over an array that keeps growing"],
    ["L: while (true) { for (const v of [1, 2]) continue L }", "labelled while continued from inside a for…of"],
    ["M: do { continue M } while (true)", "labelled do…while that continues itself"],
    ["for (;;) { let j = 0; do j++; while (j < 3) }", "endless loop of short do loops"],
    ["function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) }\nfib(80)", "runaway recursion"],
    ["const f = (n) => n < 2 ? n : f(n - 1) + f(n - 2)\nf(80)", "runaway arrow recursion"]
  ])("stops %s (%s)", (source) => {
    const code = transpileCode(`let x = 0;\n${source}`).code;
    expect(() => runScript(code, {}, shortGuard())).toThrow(/stopped after .* s — infinite loop\?/);
  });

  it("does not stop or truncate a 1e7-iteration loop that finishes within the limit", () => {
    const code = transpileCode("let n = 0; for (let i = 0; i < 1e7; i++) { n++ } const result = n;").code;
    expect(runScript(code, {}, createLoopGuard({limitMs: 120_000, scheduleReset: null}))).toBe(1e7);
  });

  it("can be disabled for one run and restores the limit after", () => {
    const guard = shortGuard();
    const code = transpileCode("let n = 0; while (n < 3e6) n++; const result = n;").code;
    expect(guard.withLimit(Infinity, () => runScript(code, {}, guard))).toBe(3e6);
    expect(guard.limitMs).toBe(50);
  });

  it("keeps break, continue, labels and 'use strict' directives working", () => {
    const code = transpileCode(
      "function f() { 'use strict'; return this; }\n" +
      "let s = 0; outer: for (let i = 0; i < 5; i++) { for (let j = 0; j < 5; j++) { if (j > i) continue outer; if (i === 4) break outer; s += j } }\n" +
      "const result = [f(), s];"
    ).code;
    expect(runScript(code)).toEqual([undefined, 10]);
  });

  it("guards loops inside cells too", () => {
    const cell = transpileCell("const y = (() => { while (true) {} })()");
    expect(cell.inputs).toContain("__guard");
    expect(() => runCell(cell, {}, shortGuard())).toThrow(LoopLimitError);
  });

  it("starts a new run after the event loop gets a turn", async () => {
    let time = 0;
    const guard = createLoopGuard({limitMs: 10, now: () => time});
    guard();
    time = 100;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(guard()).toBe(0);
    time = 200;
    expect(() => guard()).toThrow(LoopLimitError);
  });
});

describe("guarded loops keep JavaScript's meaning", () => {
  // Each snippet sets `result`; it must be the same with and without the guard (iteration counts cross the
  // guard's slice size of 4096 on purpose).
  const snippets: [string, string][] = [
    ["for with continue and break", "let s = 0; for (let i = 0; i < 10000; i++) { if (i % 3 === 0) continue; if (i === 9000) break; s += i } const result = s;"],
    ["for with empty parts", "let i = 0; for (;;) { if (++i === 5000) break } const result = i;"],
    ["for with var and a comma update", "var t = 0; for (var i = 0, j = 10; i < 8200; i++, j += 2) t += j - i; const result = [t, i, j];"],
    ["while with side-effecting test runs the test once per iteration", "let calls = 0, n = 0; while (++calls < 9000) n++; const result = [calls, n];"],
    ["do-while with continue", "let i = 0, s = 0; do { i++; if (i % 2) continue; s += i } while (i < 8193); const result = [i, s];"],
    ["do-while runs its body once even when the test is false", "let i = 0; do i++; while (false); const result = i;"],
    ["nested loops with labelled break and continue", "let s = 0; outer: for (let i = 0; i < 100; i++) { let j = 0; while (true) { j++; if (j > i) continue outer; if (i === 90) break outer; s += j } } const result = s;"],
    ["labelled while continue", "let i = 0, s = 0; L: while (i < 5000) { i++; for (const k of [1, 2]) { if (k === 2) continue L; s += k } } const result = [i, s];"],
    ["closures capture each iteration's let", "const fs = []; for (let i = 0; i < 3; i++) fs.push(() => i); const result = fs.map((f) => f());"],
    ["closures in a while loop", "const fs = []; let i = 0; while (i < 3) { const j = i++; fs.push(() => j) } const result = fs.map((f) => f());"],
    ["return from inside a loop in a function", "function find(n) { for (let i = 0; ; i++) if (i * i >= n) return i } const result = find(1e8);"],
    ["generator with an endless while, consumed partly", "function* nat() { let i = 0; while (true) yield i++ } const it = nat(); let s = 0; for (let k = 0; k < 5000; k++) s += it.next().value; const result = s;"],
    ["loop with no braces and a multi-line header", "let s = 0\nfor (let i = 0;\n     i < 5000;\n     i++)\n  s += i\nconst result = s"],
    // Labelled for/while are strip-mined too: the label moves onto the slice loop, so `continue L` still runs the update.
    ["labelled for: continue runs the update, break leaves", "let s = 0, n = 0; L: for (let i = 0; i < 9000; i++, n++) { if (i % 2) continue L; if (i === 8500) break L; s += i } const result = [s, n];"],
    ["two labels on one loop, continue from a nested loop", "let s = 0; A: B: for (let i = 0; i < 5000; i++) { for (let j = 0; j < 3; j++) { if (j === 1) continue A; if (i === 4999) break B; s += i } } const result = s;"],
    ["labelled while continued from a nested while", "let i = 0, s = 0; W: while (i < 9000) { i++; let j = 0; while (true) { if (++j > 2) continue W; s += j } } const result = [i, s];"],
    ["label on its own line", "let s = 0\nouter:\nfor (let i = 0; i < 100; i++) { for (;;) { s++; continue outer } }\nconst result = s"],
    // do…while: `continue` goes to the test (here the counter would not grow if it skipped the test).
    ["do-while: continue evaluates the test", "let i = 0, tests = 0; do { i++; if (i < 9000) continue; } while ((tests++, i < 9500)); const result = [i, tests];"],
    ["do-while: labelled continue from a nested loop and from a switch", "let i = 0, s = 0; D: do { i++; for (const k of [1, 2, 3]) { if (k === 2) continue D; s += k } } while (i < 5000); let j = 0; do { switch (j++ % 3) { case 0: continue; default: s++ } } while (j < 9000); const result = [i, j, s];"],
    ["do-while: break, no braces, test spanning lines", "let i = 0\ndo i++\nwhile (i <\n  8200)\nlet j = 0; do { if (++j === 7000) break } while (true)\nconst result = [i, j]"],
    ["do-while: closures capture each iteration's const", "const fs = []; let i = 0; do { const j = i; fs.push(() => j) } while (++i < 3); const result = fs.map((f) => f());"],
    ["nested do-while inside while (Collatz)", "let total = 0, m = 1; while (m <= 300) { let x = m; do { x = x % 2 === 0 ? x / 2 : 3 * x + 1; total++ } while (x !== 1); m++ } const result = total;"],
    // for…of is driven by hand; these cover its bindings, control flow and iterator protocol.
    ["for-of over arrays, strings, Sets, Maps, typed arrays (crossing slices)", "const big = Array.from({length: 9000}, (_, i) => i); let s = 0; for (const v of big) s += v; let t = ''; for (const c of 'héllo') t = c + t; let m = 0; for (const [k, v] of new Map([[1, 2], [3, 4]])) m += k * v; for (const v of new Set([5, 5, 6])) m += v; for (const v of new Float64Array([0.5, 1.5])) m += v; const result = [s, t, m];"],
    ["for-of: break, continue, labelled continue and break", "let s = 0; outer: for (const i of [1, 2, 3, 4, 5, 6]) { for (const j of [10, 20, 30]) { if (j === 20) continue outer; s += i * j } if (i === 99) break } L: for (const v of [1, 2, 3]) { if (v === 2) continue L; if (v === 3) break L; s += v } const result = s;"],
    ["for-of: return from inside, in a function", "function first(xs, p) { for (const x of xs) if (p(x)) return x; return -1 } const result = [first([3, 8, 11], (x) => x > 5), first([1], (x) => x > 5)];"],
    ["for-of: closures capture each iteration's binding (let and const)", "const fs = []; for (const v of [1, 2, 3]) fs.push(() => v); for (let v of [4, 5]) { fs.push(() => v); v *= 10 } const result = fs.map((f) => f());"],
    ["for-of: destructuring declarations with defaults and rest", "let s = []; for (const [a, b = 7, ...rest] of [[1], [2, 3, 4, 5]]) s.push(a, b, rest.length); for (const {x, y: {z} = {z: 9}} of [{x: 1}, {x: 2, y: {z: 3}}]) s.push(x, z); const result = s;"],
    ["for-of: assignment targets (pattern, member, var after the loop)", "let a, b; const o = {}; const seen = []; for ([a, b] of [[1, 2], [3, 4]]) seen.push(a + b); for ({a} of [{a: 5}]) seen.push(a); for (o.p of [6, 7]) seen.push(o.p); for (var w of [8, 9]); const result = [seen, a, b, o.p, w];"],
    ["for-of: shadowing the binding inside the body block", "let s = 0; for (const v of [1, 2]) { let u = v; { const v = 10; s += v + u } } const result = s;"],
    ["for-of: the body may mutate the array it walks", "const a = [1, 2, 3]; let n = 0; for (const v of a) { if (a.length < 6) a.push(v * 10); n += v } const result = [n, a];"],
    ["for-of inside a generator with yield", "function* pairs(xs) { for (const x of xs) for (const y of xs) yield x * 10 + y } const result = [...pairs([1, 2, 3])];"],
    ["for-of over an endless generator, left by break after slices", "function* nat() { let i = 0; while (true) yield i++ } let s = 0; for (const v of nat()) { if (v === 9000) break; s += v } const result = s;"],
    ["for-of: the iterator's return() on break, return, throw and labelled continue, not on normal end or when next() throws", `
const log = [];
const iterable = (name, n, failNext) => ({[Symbol.iterator]() { let i = 0; return {
  next() { if (failNext && i === failNext) throw new Error("next " + name); return {done: i >= n, value: i++} },
  return(v) { log.push("return " + name); return {done: true, value: v} } } } });
for (const v of iterable("end", 3)) log.push(v);
for (const v of iterable("break", 5)) if (v === 1) break;
(function () { for (const v of iterable("return", 5)) if (v === 2) return v })();
try { for (const v of iterable("throw", 5)) if (v === 1) throw new Error("body") } catch (e) { log.push(e.message) }
try { for (const v of iterable("next", 5, 2)) log.push(v) } catch (e) { log.push(e.message) }
outer: for (const k of [1, 2]) { for (const v of iterable("continue" + k, 5)) continue outer }
for (const v of iterable("slices", 9000)) if (v === 8999) break;
const result = log;`],
    ["for-of: return() errors lose to a body error but surface on break; a missing return() is fine", `
const log = [];
const it = (ret) => ({[Symbol.iterator]: () => ({next: () => ({done: false, value: 1}), return: ret})});
try { for (const v of it(() => { throw new Error("from return") })) throw new Error("from body") } catch (e) { log.push(e.message) }
try { for (const v of it(() => { throw new Error("from return") })) break } catch (e) { log.push(e.message) }
try { for (const v of it(() => 5)) break } catch (e) { log.push(e.constructor.name) }
for (const v of it(undefined)) break;
const result = log;`],
    ["for-of: a generator's finally runs on early exit", "const log = []; function* g() { try { yield 1; yield 2 } finally { log.push('cleanup') } } for (const v of g()) { log.push(v); break } const result = log;"]
  ];

  it.each(snippets)("%s", (_name, source) => {
    const plain = runScript(transpileCode(source, {guardLoops: false, operators: false}).code);
    const guarded = transpileCode(source, {operators: false}).code;
    expect(guarded.split("\n")).toHaveLength(source.split("\n").length);
    expect(runScript(guarded, {}, createLoopGuard({limitMs: 60_000, scheduleReset: null}))).toEqual(plain);
  });

  it.each([
    ["for (const v of 5) {}", /5 is not iterable/],
    ["let u; for (const v of u) {}", /u is not iterable/],
    ["for (const v of {[Symbol.iterator]: () => 1}) {}", /Result of the Symbol.iterator method is not an object/],
    ["for (const v of {[Symbol.iterator]: () => ({next: () => 7})}) {}", /Iterator result 7 is not an object/]
  ])("for-of keeps the TypeError of %s", (source, message) => {
    expect(() => runScript(source)).toThrow(TypeError);
    expect(() => runScript(transpileCode(source, {operators: false}).code)).toThrow(message);
  });

  it("keeps every token on its source line (labels, multi-line heads and tests)", () => {
    // Each line names its own markers; the guarded code must have them on the same line. Two things may move and
    // carry no marker here: a label on its own line (onto its loop's line) and a for-of binding written before a
    // line break (onto the line of the iterable, where it is assigned).
    const source = [
      "let m1 = 0, m2 = [1, 2], m3 = 0",
      "outer:",
      "for (const x",
      "  of m2) { m6: for (let m7 = 0;",
      "    m7 < 2; m7++) { m3++ }",
      "}",
      "do {",
      "  m3++",
      "} while (",
      "  m3 < m1 + 20)",
      "while (m3 > 100) m3--",
      "const result = m3"
    ];
    const code = transpileCode(source.join("\n"), {operators: false}).code.split("\n");
    expect(code).toHaveLength(source.length);
    source.forEach((line, i) => {
      for (const marker of line.match(/m\d+/g) ?? []) expect(code[i], `line ${i + 1}`).toContain(marker);
    });
    expect(runScript(code.join("\n"))).toBe(20);
  });

  it("calls the guard about once per 4096 iterations in for-of and do loops too", () => {
    let calls = 0;
    const guard = createLoopGuard({scheduleReset: null});
    const counting = Object.assign(() => (++calls, guard()), guard);
    const code = transpileCode("let s = 0; for (const v of new Float64Array(100000)) s++; let j = 0; do j++; while (j < 100000); const result = s + j;", {operators: false}).code;
    expect(runScript(code, {}, counting)).toBe(200000);
    expect(calls).toBeGreaterThanOrEqual(2 * Math.floor(100000 / 4096) - 1);
    expect(calls).toBeLessThanOrEqual(2 * Math.ceil(100000 / 4096) + 2);
  });

  it("calls the guard about once per 4096 iterations, not per iteration", () => {
    let calls = 0;
    const guard = createLoopGuard({scheduleReset: null});
    const counting = Object.assign(() => (++calls, guard()), guard);
    const code = transpileCode("let s = 0; for (let i = 0; i < 100000; i++) s += i; let j = 0; while (j < 100000) j++; const result = s;", {operators: false}).code;
    runScript(code, {}, counting);
    expect(calls).toBeGreaterThanOrEqual(2 * Math.floor(100000 / 4096) - 1);
    expect(calls).toBeLessThanOrEqual(2 * Math.ceil(100000 / 4096) + 2);
  });
});
