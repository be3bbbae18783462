import {describe, expect, it} from "vitest";
import fc from "fast-check";
import {np, ShapeError} from "../../../src/tensor/index.ts";
import {values} from "./helpers.ts";

function naive(a: number[], b: number[], m: number, k: number, n: number): number[] {
  const c = new Array(m * n).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
    c[i * n + j] = s;
  }
  return c;
}

describe("matmul", () => {
  it("matches the triple loop for sizes around the 4×4 blocking", () => {
    fc.assert(fc.property(fc.integer({min: 1, max: 11}), fc.integer({min: 1, max: 9}), fc.integer({min: 1, max: 11}), fc.integer({min: 1, max: 99}), (m, k, n, seed) => {
      const a = values(m * k, seed), b = values(k * n, seed + 1);
      const c = np.matmul(np.array(a).reshape(m, k), np.array(b).reshape(k, n));
      expect(c.shape).toEqual([m, n]);
      const want = naive(a, b, m, k, n);
      Array.from(c.values()).forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
    }), {numRuns: 60});
  });

  it("handles transposed (non-contiguous) operands", () => {
    const a = np.arange(6).reshape(2, 3);
    expect(np.matmul(a, a.T).tolist()).toEqual([[5, 14], [14, 50]]);
    expect(a.T.matmul(a).tolist()).toEqual([[9, 12, 15], [12, 17, 22], [15, 22, 29]]);
  });

  it("promotes 1-D operands as numpy does", () => {
    const v = np.array([1, 2, 3]);
    const m = np.arange(6).reshape(3, 2);
    expect(np.matmul(v, v).shape).toEqual([]);
    expect(np.dot(v, v).item()).toBe(14);
    expect(np.matmul(v, m).tolist()).toEqual([16, 22]);
    expect(np.matmul(m.T, np.array([1, 0, -1])).tolist()).toEqual([-4, -4]);
    expect(np.dot(2, v).tolist()).toEqual([2, 4, 6]);
  });

  it("broadcasts batch dimensions", () => {
    const a = np.arange(12).reshape(2, 2, 3);
    const b = np.ones(3, 1);
    const c = np.matmul(a, b);
    expect(c.shape).toEqual([2, 2, 1]);
    expect(c.tolist()).toEqual([[[3], [12]], [[21], [30]]]);
  });

  it("names both shapes and the mismatched dims", () => {
    expect(() => np.matmul(np.zeros(3, 4), np.zeros(5, 2))).toThrow(new ShapeError("matmul: shapes (3,4) and (5,2) not aligned: 4 (dim 1) != 5 (dim 0)"));
    expect(() => np.matmul(np.zeros(3), np.zeros(4))).toThrow("matmul: shapes (3,) and (4,) not aligned: 3 (dim 0) != 4 (dim 0)");
  });
});
