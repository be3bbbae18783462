import {describe, expect, it} from "vitest";
import {np} from "../../../src/tensor/index.ts";

describe("printing like numpy's repr", () => {
  it("formats integers-valued floats, fractions and alignment", () => {
    expect(np.array([[1, 2], [3, 4]]).toString()).toBe("array([[1., 2.],\n       [3., 4.]])");
    expect(np.array([1.5, 2.25]).toString()).toBe("array([1.5 , 2.25])");
    expect(np.array([0.5, -0.25, 3]).toString()).toBe("array([ 0.5 , -0.25,  3.  ])");
    expect(np.array(3).toString()).toBe("array(3.)");
    expect(np.array([1 / 3]).toString()).toBe("array([0.33333333])");
  });

  it("switches to scientific notation for wide ranges, like numpy", () => {
    expect(np.array([1e-5, 1]).toString()).toBe("array([1.e-05, 1.e+00])");
    expect(np.array([1e10]).toString()).toBe("array([1.e+10])");
  });

  it("separates 3-D blocks with a blank line and prints nan/inf", () => {
    expect(np.arange(8).reshape(2, 2, 2).toString()).toBe(
      "array([[[0., 1.],\n        [2., 3.]],\n\n       [[4., 5.],\n        [6., 7.]]])");
    expect(np.array([1, NaN, -Infinity]).toString()).toBe("array([  1.,  nan, -inf])");
  });

  it("wraps long rows at 75 columns and summarises big arrays", () => {
    const lines = np.arange(30).toString().split("\n");
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(75);
    expect(lines[1].startsWith("       ")).toBe(true);
    expect(np.ones(2000).toString()).toBe("array([1., 1., 1., ..., 1., 1., 1.])");
    expect(np.ones(1200, 2).toString().split("\n")[3]).toBe("       ...,");
  });

  it("spells out empty arrays like numpy", () => {
    expect(np.zeros(0).toString()).toBe("array([], dtype=float64)");
    expect(np.zeros(2, 0).toString()).toBe("array([], shape=(2, 0), dtype=float64)");
  });

  it("prints views through their strides", () => {
    expect(np.arange(4).reshape(2, 2).T.toString()).toBe("array([[0., 2.],\n       [1., 3.]])");
  });
});
