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
