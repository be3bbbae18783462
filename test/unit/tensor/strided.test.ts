// copyStrided (the duck-typed strided read the grader and the graph share) against the runtime's own packing.
import {describe, expect, it} from "vitest";
import {np, Tensor} from "../../../src/tensor/index.ts";
import {copyStrided} from "../../../src/tensor/strided.ts";

describe("copyStrided", () => {
  it("reads transposed, sliced and broadcast views in row-major order", () => {
    const x = np.arange(24).reshape(2, 3, 4);
    const views = [x, x.transpose(2, 0, 1), x.get(":", "1:", "::2"), x.get(1), np.ones([3, 1]).sum(1, true)] as Tensor[];
    expect(views.every((v) => v instanceof Tensor)).toBe(true);
    for (const v of views) {
      expect(Array.from(copyStrided(v, new Float64Array(v.size)))).toEqual(Array.from(v.values()));
    }
  });

  it("stops after out.length elements and defaults to packed strides", () => {
    expect(copyStrided({data: [1, 2, 3, 4, 5, 6], shape: [2, 3]}, new Array<number>(4))).toEqual([1, 2, 3, 4]);
    expect(copyStrided({data: [9, 1, 2, 3, 4, 5, 6], shape: [3, 2], strides: [1, 3], offset: 1}, new Array<number>(6))).toEqual([1, 4, 2, 5, 3, 6]);
    expect(copyStrided({data: [7], shape: []}, new Array<number>(1))).toEqual([7]);
  });
});
