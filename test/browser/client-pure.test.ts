// The browser runtime's pure helpers, checked in Node (no DOM): tensor values through strided views,
// number/shape formatting, page-data conversion of compiler errors, progress text.
import {describe, expect, test} from "vitest";
import {np} from "../../src/tensor/index.ts";
import {formatNumber, formatShape, isTensor, summarize, tensorValues} from "../../src/client/tensor-view.ts";
import {formatLessonProgress} from "../../src/client/progress.ts";
import {toPageCell} from "../../src/vite/page-data.ts";
import {compileNotebook} from "../../src/notebook/index.ts";
import {bodyLineToFileLine, findCellFrame, lineMentioning, loopLine} from "../../src/client/errors.ts";

describe("tensorValues", () => {
  test("reads a transposed view in row-major order of the view", () => {
    const x = np.arange(6).reshape(2, 3);
    expect(isTensor(x.T)).toBe(true);
    expect(Array.from(tensorValues(x.T))).toEqual([0, 3, 1, 4, 2, 5]);
  });
  test("reads a sliced view with an offset and a step", () => {
    const x = np.arange(12).reshape(3, 4);
    const view = x.get("1:", "::2");
    if (typeof view === "number") throw new Error("slicing returned a number");
    expect(view.shape).toEqual([2, 2]);
    expect(Array.from(tensorValues(view))).toEqual([4, 6, 8, 10]);
  });
  test("a 0-d tensor has one value", () => {
    expect(Array.from(tensorValues(np.array(7)))).toEqual([7]);
  });
});

describe("formatting", () => {
  test.each([
    [3, "3"], [-3, "-3"], [0.5, "0.5"], [1 / 3, "0.3333"], [2.5e-5, "2.500e-5"], [1e7, "1.000e+7"], [NaN, "NaN"], [-Infinity, "-Infinity"]
  ])("formatNumber(%s) = %s", (x, text) => expect(formatNumber(x)).toBe(text));
  test("shapes print like numpy", () => {
    expect(formatShape([3])).toBe("(3,)");
    expect(formatShape([2, 3])).toBe("(2, 3)");
    expect(formatShape([])).toBe("()");
  });
  test("summary statistics", () => {
    expect(summarize(new Float64Array([1, -2, 4]))).toEqual({min: -2, max: 4, mean: 1});
  });
  test("progress text", () => {
    expect(formatLessonProgress({passed: 2, attempted: 1, total: 5})).toBe("2 / 5 exercises");
    expect(formatLessonProgress({passed: 0, attempted: 0, total: 1})).toBe("0 / 1 exercise");
    expect(formatLessonProgress({passed: 0, attempted: 0, total: 0})).toBe("");
  });
});

describe("error locations", () => {
  test("the compiler locates a cell's syntax error as data (file, .md line, column)", () => {
    const notebook = compileNotebook("# T\n\n```js\nconst a = 1;\nconst b = ;\n```\n", "notebooks/a.md");
    const cell = notebook.cells.find((c) => c.error);
    expect(cell?.error).toEqual({message: "Unexpected token", file: "notebooks/a.md", line: 5, column: 11});
  });
  test("a cell that did not compile carries its error to the page", () => {
    const cell = toPageCell({
      id: "cell-1", line: 6, source: "const b = ;", hash: "0", lang: "js", inline: false,
      options: {hidden: false, echo: false, editable: false}, compiled: null, error: {message: "Unexpected token", file: "notebooks/a.md", line: 6, column: 10}
    });
    expect(cell.error).toEqual({message: "Unexpected token", line: 6});
  });
  test("stack frames map back to .md lines", () => {
    const error = new Error("boom");
    error.stack = "Error: boom\n    at eval (bs-cell/sample/cell-3.js:4:9)\n    at x (http://h/a.js:1:1)";
    expect(findCellFrame(error, "sample")).toEqual({cellId: "cell-3", line: 4});
    expect(findCellFrame(error, "other")).toBeNull();
    const cell = {line: 40, bodyFirstLine: 2, source: "const a = 1;\nfoo(a)"} as Parameters<typeof bodyLineToFileLine>[0];
    expect(bodyLineToFileLine(cell, 4)).toBe(42);
    expect(lineMentioning(cell, "foo")).toBe(41);
  });
  test("a loop stopped on its closing brace is reported at the loop's line", () => {
    const cell = {line: 10, bodyFirstLine: 2, source: "let i = 0;\nwhile (true) {\n  if (i) { i++; }\n}\ni"} as Parameters<typeof loopLine>[0];
    expect(loopLine(cell, 13)).toBe(11);
    expect(loopLine(cell, 12)).toBe(12);
  });
});
