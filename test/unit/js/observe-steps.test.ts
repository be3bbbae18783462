import {describe, expect, it} from "vitest";
import {transpileCode} from "../../../src/js/index.ts";
import {runScript} from "./helpers.ts";

describe("step observation", () => {
  const source = [
    "function backward(dout, x) {",
    "  const dx = dout * x",
    "  let dsum = 0",
    "  for (let i = 0; i < 3; i++) dsum += i",
    "  const other = 5",
    "  dx2 = dx + 1",
    "  return dx",
    "}",
    "let dx2;",
    "const dtop = 1;",
    "const result = backward(2, 3);"
  ].join("\n");

  it("reports each d… const/let/assignment inside named functions with its file line, value unchanged", () => {
    const {code, uses} = transpileCode(source, {observeSteps: true, line: 20});
    expect(uses.observe).toBe(true);
    expect(code.split("\n")).toHaveLength(source.split("\n").length);
    const seen: [string, unknown, number][] = [];
    const __observe = (name: string, value: unknown, line: number) => (seen.push([name, value, line]), value);
    expect(runScript(code, {__observe})).toBe(6);
    expect(seen).toEqual([
      ["dx", 6, 21], ["dsum", 0, 22], ["dsum", 0, 23], ["dsum", 1, 23], ["dsum", 3, 23], ["dx2", 7, 25]
    ]);
  });

  it("observes nothing unless asked", () => {
    expect(transpileCode(source).code).not.toContain("__observe");
  });

  it("covers arrow functions bound to a name and methods", () => {
    const code = transpileCode("const f = (a) => { const da = a * 2; return da };\nconst o = {g(b) { let db = b; db = db + 1; return db }};\nconst result = [f(1), o.g(1)];", {observeSteps: true}).code;
    const seen: string[] = [];
    const __observe = (name: string, value: unknown) => (seen.push(`${name}=${value}`), value);
    expect(runScript(code, {__observe})).toEqual([2, 2]);
    expect(seen).toEqual(["da=2", "db=1", "db=2"]);
  });
});
