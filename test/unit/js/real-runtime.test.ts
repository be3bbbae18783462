// Compiled cell code against the real tensor runtime (src/tensor), with the operator runtime's two tensor
// tests: the default duck typing (page, grader) and `instanceof Tensor` (the sandbox's isolate).
import {describe, expect, it} from "vitest";
import {createLoopGuard, createOperatorRuntime, transpileCell, type OperatorRuntime} from "../../../src/js/index.ts";
import {np, Tensor} from "../../../src/tensor/index.ts";

const runtimes: [string, OperatorRuntime][] = [
  ["createOperatorRuntime(np)", createOperatorRuntime(np as never)],
  ["createOperatorRuntime(np, instanceof Tensor)", createOperatorRuntime(np as never, (v) => v instanceof Tensor)]
];

function run(source: string, bs: OperatorRuntime, values: Record<string, unknown>): Record<string, unknown> {
  const cell = transpileCell(source);
  const scope: Record<string, unknown> = {__bs: bs, __guard: createLoopGuard({scheduleReset: null}), np, ...values};
  return (0, eval)(`(${cell.body})`)(...cell.inputs.map((name) => scope[name]));
}

describe.each(runtimes)("cells on the real tensor runtime with %s", (_name, bs) => {
  it("computes the batchnorm step -1 / sqrtvar ** 2 * divar elementwise with broadcasting", () => {
    const sqrtvar = np.array([1, 2, 4]);
    const divar = np.array([[1, 1, 1], [2, 2, 2]]);
    const {dsqrtvar} = run("const dsqrtvar = -1 / sqrtvar ** 2 * divar", bs, {sqrtvar, divar}) as {dsqrtvar: {shape: number[]; data: Float64Array}};
    expect(dsqrtvar.shape).toEqual([2, 3]);
    expect(Array.from(dsqrtvar.data)).toEqual([-1, -1 / 4, -1 / 16, -2, -2 / 4, -2 / 16]);
  });

  it("indexes and assigns with x[i, j] and accumulates in a loop", () => {
    const x = np.zeros([2, 2]);
    const {total} = run("for (let i = 0; i < 2; i++) x[i, i] = i + 1\nx[0, 1] += 5\nlet total = 0\nfor (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) total += x[i, j]", bs, {x}) as {total: number};
    expect(total).toBe(8);
    expect(typeof total).toBe("number");
  });

  it("refuses a 0/1 mask from a comparison as an index (dx[x <= 0] = 0), naming the fix; dout * (x > 0) works", () => {
    const x = np.array([[-1, 2], [3, -4]]);
    const dx = np.ones([2, 2]);
    expect(() => run("const k = 0\ndx[x <= k] = 0", bs, {x, dx})).toThrow(/a 0\/1 mask from a comparison can't be used as an index here; multiply by the mask \(dout \* \(x > 0\)\) or use np.where/);
    expect(Array.from(dx.data)).toEqual([1, 1, 1, 1]); // nothing was zeroed silently
    expect(() => run("const mask = x > 0\ndx.set(mask, 0)", bs, {x, dx})).toThrow(/0\/1 mask/);
    expect(() => run("const y = x[x > 0]", bs, {x})).toThrow(/0\/1 mask/);
    // A 1-d mask too, where the shape rule alone could not tell (x (2,) and [0, 1] would be a real index).
    const v = np.array([-1, 2]);
    expect(() => run("const k = 0\nv[v > k] = 0", bs, {v})).toThrow(/0\/1 mask/);
    const {g} = run("const g = dx * (x > 0)", bs, {x, dx}) as {g: {data: Float64Array}};
    expect(Array.from(g.data)).toEqual([0, 1, 1, 0]);
    // Real integer indexing still works, including indices that happen to be 0s and 1s.
    const probs = np.array([[0.1, 0.9], [0.8, 0.2]]);
    const {picked} = run("const picked = probs[np.arange(2), np.array([1, 0])]", bs, {probs}) as {picked: {data: Float64Array}};
    expect(Array.from(picked.data)).toEqual([0.9, 0.8]);
    const {rows} = run("const rows = v[np.array([1, 0])]", bs, {v}) as {rows: {data: Float64Array}};
    expect(Array.from(rows.data)).toEqual([2, -1]);
  });

  it("concatenates a string and a tensor", () => {
    const {s} = run("const s = 'n = ' + np.array([1, 2]).sum()", bs, {}) as {s: string};
    expect(s.startsWith("n = ")).toBe(true);
    expect(s).toContain("3");
  });
});

describe.each(runtimes)("comparisons with %s", (_name, bs) => {
  it("turns a comparison of 0-d tensors into a boolean, so if/while work, and keeps masks for arrays", () => {
    const {small, mask} = run("const loss = np.array([0.2, 0.3]).sum()\nconst small = [loss < 1, loss > 1]\nconst mask = np.array([1, 5]) > 2", bs, {}) as {small: boolean[]; mask: {data: Float64Array}};
    expect(small).toEqual([true, false]);
    expect(Array.from(mask.data)).toEqual([0, 1]);
  });
});
