import {describe, expect, it} from "vitest";
import {bodyLineToSourceLine, findDeclarations, findReferences, parseCode, transpileCell} from "../../../src/js/index.ts";
import {runCell} from "./helpers.ts";

const names = (nodes: object[]) => nodes.map((n) => (n as {name: string}).name);

describe("declarations and references", () => {
  it("finds top-level declarations, including destructuring, functions and classes", () => {
    const {node} = parseCode("const {a, b: [c, ...d]} = o; let e = 1, f; function g() { const h = 1 } class K {}\nif (1) { var v = 2 }");
    expect(names(findDeclarations(node))).toEqual(["a", "c", "d", "e", "f", "g", "K"]);
  });

  it("finds free variables but not locals, params, properties, labels or globals", () => {
    const {node} = parseCode(
      "const y = x * 2; function f(p, {q}) { const r = p + q + z; return r.length } label: for (const i of list) { if (i) break label }\n" +
      "const o = {key: w, [k]: 1}; o.prop; Math.max(y); try {} catch (err) { err } console.log(arguments2)"
    );
    expect(names(findReferences(node))).toEqual(["x", "z", "list", "w", "k", "arguments2"]);
  });

  it("respects block scope and hoisting", () => {
    const {node} = parseCode("{ let a = 1 } a; function g() { b; var b = 1 } c; { function h() {} } (class C { m() { return C } })");
    expect(names(findReferences(node))).toEqual(["a", "c"]);
  });
});

describe("transpileCell", () => {
  it("makes a declaring cell: inputs, outputs and a body returning them", () => {
    const cell = transpileCell("const y = x + 1\nfunction twice(v) { return v * 2 }");
    expect(cell).toMatchObject({inputs: ["x", "__bs", "__guard"], outputs: ["y", "twice"], expression: false, async: false});
    const out = runCell(cell, {x: 1}) as {y: number; twice: (v: number) => number};
    expect(out.y).toBe(2);
    expect(out.twice(4)).toBe(8);
  });

  it("displays the value of an expression cell, awaiting promises", async () => {
    const cell = transpileCell("Promise.resolve(n * 2)");
    expect(cell).toMatchObject({expression: true, async: true, outputs: []});
    const shown: unknown[] = [];
    await runCell(cell, {n: 21, display: (v: unknown) => shown.push(v)});
    expect(shown).toEqual([42]);
  });

  it("does not auto-display when the cell calls display or view itself", () => {
    expect(transpileCell("display(1)").inputs).toEqual(["display"]);
    expect(transpileCell("view(slider)").inputs).toEqual(["view", "slider"]);
  });

  it("marks top-level await as async but not await inside functions", () => {
    expect(transpileCell("const v = await p").async).toBe(true);
    expect(transpileCell("const f = async () => await p").async).toBe(false);
  });

  it("requires inline cells to be one expression", () => {
    expect(transpileCell("x.toFixed(2)", {inline: true}).expression).toBe(true);
    expect(() => transpileCell("const y = 1", {inline: true})).toThrow(SyntaxError);
  });

  it("rejects assignment to another cell's variable and export", () => {
    expect(() => transpileCell("x = 2")).toThrow(/Assignment to external variable 'x' \(1:0\)/);
    expect(() => transpileCell("export const a = 1")).toThrow(/export/);
  });

  it("reports syntax errors with the cell line and column", () => {
    try {
      transpileCell("const a = 1\nconst b = (2 +\n");
      expect.unreachable();
    } catch (error) {
      expect((error as {loc: {line: number}}).loc.line).toBe(3);
    }
  });

  it("keeps each source line on its own body line, so runtime errors point at the author's line", () => {
    const source = "const a = x * 2\nconst b = [a, a][0] + 1\n\nconst c = b.missing.deeper\nconst d = 1";
    const cell = transpileCell(source);
    expect(cell.body.split("\n")).toHaveLength(source.split("\n").length + 3);
    let stack = "";
    try {
      runCell(cell, {x: 1});
    } catch (error) {
      stack = (error as Error).stack ?? "";
    }
    const line = Number(/<anonymous>:(\d+):\d+/.exec(stack)?.[1]);
    expect(bodyLineToSourceLine(line)).toBe(4);
  });
});
