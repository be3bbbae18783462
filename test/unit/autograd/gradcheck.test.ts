import {describe, expect, it} from "vitest";
import {np, numericGradient, relError, Tensor} from "../../../src/tensor/index.ts";

describe("gradcheck", () => {
  it("relError is cs231n's max(|x−y| / max(1e-8, |x|+|y|))", () => {
    expect(relError(np.array([1, 2]), np.array([1, 2]))).toBe(0);
    expect(relError(np.array([1, 3]), np.array([1, 1]))).toBeCloseTo(0.5, 15);
    // The 1e-8 floor: tiny absolute differences near zero.
    expect(relError(np.array([1e-12]), np.array([0]))).toBeCloseTo(1e-4, 15);
    expect(relError(2, 1)).toBeCloseTo(1 / 3, 15);
    expect(() => relError(np.zeros(3), np.zeros(4))).toThrow("relError: shapes (3,) and (4,) differ");
  });

  it("numericGradient is the centered difference of sum(f(x)·dout), restoring x", () => {
    const x = np.array([1, 2, 3]);
    const before = x.tolist();
    const g = numericGradient((t) => t.pow(3), x, np.array([1, 0, 2]));
    expect(x.tolist()).toEqual(before);
    // d/dx x^3 = 3x^2, centered difference error is h^2 = 1e-10.
    [3, 0, 54].forEach((v, i) => expect(g.values()[i]).toBeCloseTo(v, 6));
    const s = numericGradient((t) => t.mul(t).sum(), np.array([[1, -2]]));
    expect(s.shape).toEqual([1, 2]);
    [2, -4].forEach((v, i) => expect(s.values()[i]).toBeCloseTo(v, 8));
  });

  it("works on a strided view (perturbs the viewed elements only)", () => {
    const base = np.arange(6).reshape(2, 3);
    const view = base.get(":", 1) as Tensor; // elements 1 and 4
    const g = numericGradient((t) => t.mul(t).sum(), view);
    [2, 8].forEach((v, i) => expect(g.values()[i]).toBeCloseTo(v, 8));
    expect(base.tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
  });
});
