import {describe, expect, it} from "vitest";
import {compareDense, makeDense, toDense} from "../../../src/grader/index.ts";
import {shapeMistake} from "../../../src/grader/diagnose.ts";

describe("toDense", () => {
  it("reads strided views (a transpose with an offset) in row-major order", () => {
    // data 0..11 viewed as the transpose of a (3,4) block starting at offset 0: shape (4,3), strides (1,4).
    const view = {data: Float64Array.from({length: 12}, (_, i) => i), shape: [4, 3], strides: [1, 4], offset: 0};
    expect(Array.from(toDense(view)!.data)).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    const row = {data: Float64Array.from({length: 12}, (_, i) => i), shape: [4], strides: [1], offset: 8};
    expect(Array.from(toDense(row)!.data)).toEqual([8, 9, 10, 11]);
  });
  it("reads numbers and nested arrays; rejects ragged arrays and other values", () => {
    expect(toDense(2.5)).toMatchObject({shape: []});
    expect(toDense([[1, 2], [3, 4]])!.shape).toEqual([2, 2]);
    expect(toDense([[1, 2], [3]])).toBeNull();
    expect(toDense("x")).toBeNull();
    expect(toDense(null)).toBeNull();
  });
  it("copies: changing the source later does not change the Dense", () => {
    const data = new Float64Array([1, 2]);
    const d = toDense({data, shape: [2]})!;
    data[0] = 99;
    expect(d.data[0]).toBe(1);
  });
});

describe("compareDense (cs231n rel_error)", () => {
  it("is max |a−b| / max(1e-8, |a|+|b|) with the worst entry", () => {
    const c = compareDense(makeDense([3], [1, 2, 3]), makeDense([3], [1, 2, 3.3]));
    expect(c.relError).toBeCloseTo(0.3 / 6.3, 12);
    expect(c.worst).toEqual({index: [2], expected: 3, got: 3.3});
  });
  it("uses the 1e-8 floor near zero", () => {
    expect(compareDense(makeDense([1], [0]), makeDense([1], [1e-17])).relError).toBeCloseTo(1e-9, 20);
  });
  it("reports NaN and Infinity as non-finite and never as a pass", () => {
    const c = compareDense(makeDense([2], [1, 2]), makeDense([2], [1, NaN]));
    expect(c.nonFinite).toBe(true);
    expect(c.relError <= 1e-7).toBe(false);
    expect(c.worst?.index).toEqual([1]);
    expect(compareDense(makeDense([1], [1]), makeDense([1], [Infinity])).relError <= 1).toBe(false);
  });
});

describe("shapeMistake", () => {
  it("names the usual shape mistakes", () => {
    expect(shapeMistake([5], [4, 5], {})).toBe("batch-not-summed");
    expect(shapeMistake([5], [1, 5], {})).toBe("keepdims");
    expect(shapeMistake([5], [4], {})).toBe("wrong-axis");
    expect(shapeMistake([6, 5], [5, 6], {})).toBe("transposed");
    expect(shapeMistake([10, 2, 3], [10, 6], {})).toBe("reshape");
    expect(shapeMistake([], [50], {})).toBe("not-reduced");
    expect(shapeMistake([5], [], {})).toBe("over-reduced");
  });
});
