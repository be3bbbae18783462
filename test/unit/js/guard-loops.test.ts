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
    ["loop with no braces and a multi-line header", "let s = 0\nfor (let i = 0;\n     i < 5000;\n     i++)\n  s += i\nconst result = s"]
  ];

  it.each(snippets)("%s", (_name, source) => {
    const plain = runScript(transpileCode(source, {guardLoops: false, operators: false}).code);
    const guarded = transpileCode(source, {operators: false}).code;
    expect(guarded.split("\n")).toHaveLength(source.split("\n").length);
    expect(runScript(guarded, {}, createLoopGuard({limitMs: 60_000, scheduleReset: null}))).toEqual(plain);
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
