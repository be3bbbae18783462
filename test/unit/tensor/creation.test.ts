import {describe, expect, it} from "vitest";
import {np, ShapeError} from "../../../src/tensor/index.ts";

describe("creation and random", () => {
  it("accepts shapes as an array or as varargs", () => {
    expect(np.zeros([2, 3]).shape).toEqual([2, 3]);
    expect(np.zeros(2, 3).shape).toEqual([2, 3]);
    expect(np.ones(2).tolist()).toEqual([1, 1]);
    expect(np.full([2, 2], 7).tolist()).toEqual([[7, 7], [7, 7]]);
    expect(np.zeros_like(np.ones(3, 1)).shape).toEqual([3, 1]);
    expect(np.eye(3).tolist()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(np.arange(5).tolist()).toEqual([0, 1, 2, 3, 4]);
    expect(np.arange(1, 2, 0.25).tolist()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(np.arange(5, 0, -2).tolist()).toEqual([5, 3, 1]);
  });

  it("np.array copies, nests, and can mark requiresGrad", () => {
    const x = np.array([[1, 2], [3, 4]], {requiresGrad: true});
    expect(x.shape).toEqual([2, 2]);
    expect(x.requiresGrad).toBe(true);
    expect(np.array(5).shape).toEqual([]);
    expect(() => np.array([[1, 2], [3]] as number[][])).toThrow(ShapeError);
    expect(() => np.zeros(-1)).toThrow(/zeros: invalid dimension -1/);
  });

  it("one seeded generator makes draws reproducible", () => {
    np.random.seed(42);
    const a = np.random.randn(5).tolist();
    const b = np.random.rand(3).tolist();
    np.random.seed(42);
    expect(np.random.randn(5).tolist()).toEqual(a);
    expect(np.random.rand(3).tolist()).toEqual(b);
    np.random.seed(43);
    expect(np.random.randn(5).tolist()).not.toEqual(a);
  });

  it("random draws have the right ranges and rough moments", () => {
    np.random.seed(1);
    const u = np.random.rand(20000);
    expect(u.min().item()).toBeGreaterThanOrEqual(0);
    expect(u.max().item()).toBeLessThan(1);
    expect(Math.abs(u.mean().item() - 0.5)).toBeLessThan(0.02);
    const z = np.random.randn(20000);
    expect(Math.abs(z.mean().item())).toBeLessThan(0.03);
    expect(Math.abs(z.std().item() - 1)).toBeLessThan(0.03);
    const r = np.random.randint(2, 5, [1000]);
    const vals = new Set(r.tolist() as number[]);
    expect([...vals].sort()).toEqual([2, 3, 4]);
  });

  it("random.choice samples indices, without repeats when replace is false", () => {
    np.random.seed(5);
    const c = np.random.choice(4, [200]);
    expect(new Set(c.tolist() as number[])).toEqual(new Set([0, 1, 2, 3]));
    const p = np.random.choice(6, [6], false).tolist() as number[];
    expect([...p].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(() => np.random.choice(3, [4], false)).toThrow(/cannot take 4 samples from 3/);
  });
});
