import {beforeEach, describe, expect, it} from "vitest";
import {transpileCell, transpileCode} from "../../../src/js/index.ts";
import {calls, FakeTensor, runCell, runScript} from "./helpers.ts";

beforeEach(() => {
  calls.length = 0;
});

describe("operator rewrite", () => {
  it("keeps plain numbers numeric and exact", () => {
    const cell = transpileCell("const y = -1 / sqrtvar ** 2 * divar + 3 % 2 - -x");
    const {y} = runCell(cell, {sqrtvar: 3, divar: 4.5, x: 2}) as {y: number};
    expect(typeof y).toBe("number");
    expect(y).toBe(-1 / 3 ** 2 * 4.5 + 3 % 2 - -2);
    expect(calls).toEqual([]);
  });

  it("calls the tensor op when an operand is a tensor, with numpy-style scalars", () => {
    const cell = transpileCell("const dxhat = dout * gamma\nconst z = 1 - dxhat / 2\nconst n = -z");
    const {dxhat, z, n} = runCell(cell, {dout: new FakeTensor([1, 2]), gamma: 3}) as Record<string, FakeTensor>;
    expect(Array.from(dxhat.data)).toEqual([3, 6]);
    expect(Array.from(z.data)).toEqual([-0.5, -2]);
    expect(Array.from(n.data)).toEqual([0.5, 2]);
    expect(calls.map((c) => c[0])).toEqual(["mul", "div", "sub", "neg"]);
  });

  it("rewrites comparisons to tensor comparisons but leaves == and === alone", () => {
    const cell = transpileCell("const m = x > 1\nconst same = x === x\nconst eq = 1 == '1'");
    const {m, same, eq} = runCell(cell, {x: new FakeTensor([0, 2])}) as {m: FakeTensor; same: boolean; eq: boolean};
    expect(Array.from(m.data)).toEqual([0, 1]);
    expect(same).toBe(true);
    expect(eq).toBe(true);
    expect(cell.body).toContain("x === x");
  });

  it("still concatenates strings with +", () => {
    const cell = transpileCell("const s = a + b + 1\nconst t = 'n=' + n\nlet u = ''\nu += a");
    expect(runCell(cell, {a: "x", b: "y", n: 3})).toEqual({s: "xy1", t: "n=3", u: "x"});
  });

  it("indexes tensors with x[i, j] and assigns with x[i, j] = v", () => {
    const cell = transpileCell("const a = x[1, 0]\nx[0, 1] = 7\nconst b = x[0]\nx[1] += 10");
    const x = new FakeTensor([5, 6]);
    const {a, b} = runCell(cell, {x}) as {a: number; b: number};
    expect(a).toBe(6);
    expect(b).toBe(7);
    expect(calls).toEqual([["get", [1, 0]], ["set", [0, 1], 7], ["get", [0]], ["get", [1]], ["set", [1], 16]]);
  });

  it("keeps arrays, objects, method calls and compound member assignment working", () => {
    const code = transpileCode(
      "const xs = [1, 2, 3]; xs[1] = 20; xs[2] *= 2; const o = {p: 2, f() { return this.p; }};\n" +
      "o.p **= 3; o['p'] -= 1; const k = 'f'; const r = o[k](); const result = [xs, o.p, r, xs[0] < xs[1], xs?.[0]];"
    ).code;
    expect(runScript(code)).toEqual([[1, 20, 6], 7, 7, true, 1]);
  });

  it("evaluates the object and index of a compound assignment once", () => {
    const code = transpileCode("let i = 0; const xs = [1, 2]; xs[i++] += 5; const result = [xs, i];").code;
    expect(runScript(code)).toEqual([[6, 2], 1]);
  });

  it("only rewrites: multiplication inside parentheses and comments stays correct", () => {
    const code = transpileCode("const result = (a /* * */ + b) * (c - 1) // x * y\n").code;
    expect(code).toContain("/* * */");
    expect(code).toContain("// x * y");
    expect(runScript(code, {a: 1, b: 2, c: 4})).toBe(9);
  });
});
