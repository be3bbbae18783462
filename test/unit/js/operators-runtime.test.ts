// The operator runtime (`__bs`) on the real tensor runtime, with the default duck-typed tensor test (page,
// grader) and with `instanceof Tensor` (the sandbox's isolate).
import {describe, expect, it} from "vitest";
import {createOperatorRuntime, type TensorOps} from "../../../src/js/index.ts";
import {np, Tensor} from "../../../src/tensor/index.ts";

const runtimes = [
  ["duck-typed tensors", createOperatorRuntime(np as unknown as TensorOps)],
  ["instanceof Tensor", createOperatorRuntime(np as unknown as TensorOps, (v) => v instanceof Tensor)]
] as const;

describe.each(runtimes)("operators (__bs) with %s", (_name, bs) => {
  it("keeps plain JavaScript semantics for numbers, strings and objects", () => {
    expect(bs.add(2, 3)).toBe(5);
    expect(bs.sub(2, 3)).toBe(-1);
    expect(bs.mul(2, 3)).toBe(6);
    expect(bs.div(1, 4)).toBe(0.25);
    expect(bs.mod(-3, 2)).toBe(-1); // JS %, not numpy's, for plain numbers
    expect(bs.pow(2, 10)).toBe(1024);
    expect(bs.lt(1, 2)).toBe(true);
    expect(bs.ge(1, 2)).toBe(false);
    expect(bs.neg(4)).toBe(-4);
    expect(bs.pos("3")).toBe(3);
    expect(bs.add("a", 1)).toBe("a1");
    expect(bs.add(1, "a")).toBe("1a");
  });

  it("uses broadcasting tensor ops when a tensor is involved", () => {
    const x = np.array([1, 2, 3]);
    expect((bs.mul(x, 2) as Tensor).tolist()).toEqual([2, 4, 6]);
    expect((bs.sub(1, x) as Tensor).tolist()).toEqual([0, -1, -2]);
    expect((bs.add(x, [10, 20, 30]) as Tensor).tolist()).toEqual([11, 22, 33]);
    expect((bs.gt(x, 1) as Tensor).tolist()).toEqual([0, 1, 1]);
    expect((bs.neg(x) as Tensor).tolist()).toEqual([-1, -2, -3]);
    expect((bs.mod(x, 2) as Tensor).tolist()).toEqual([1, 0, 1]);
    expect(bs.add(x, "!")).toBe("array([1., 2., 3.])!");
  });

  it("comparisons of 0-d tensors give booleans so `if (loss < 1)` works", () => {
    const loss = np.array([0.5, 0.25]).sum();
    expect(bs.lt(loss, 1)).toBe(true);
    expect(bs.gt(loss, 1)).toBe(false);
    expect(bs.le(2, loss)).toBe(false);
  });

  it("records autograd through operators", () => {
    const a = np.array([1, 2], {requiresGrad: true});
    const y = bs.mul(bs.mul(a, a), 3) as Tensor;
    y.backward();
    expect(a.grad!.tolist()).toEqual([6, 12]);
  });

  it("get/set use numpy indexing on tensors and x[i] on anything else", () => {
    const x = np.arange(6).reshape(2, 3);
    expect(bs.get(x, [1, 2])).toBe(5);
    bs.set(x, [0, ":"], 9);
    expect(x.tolist()).toEqual([[9, 9, 9], [3, 4, 5]]);
    const arr = [1, 2, 3];
    expect(bs.get(arr, [1])).toBe(2);
    expect(bs.set(arr, [1], 7)).toBe(7);
    expect(arr).toEqual([1, 7, 3]);
    expect(bs.get({a: 1}, ["a"])).toBe(1);
    expect(() => bs.get(arr, [0, 1])).toThrow(/only arrays \(tensors\) take 2 indices; this value is a JavaScript array/);
  });

  it("update implements compound assignment on members", () => {
    const x = np.zeros(3);
    bs.update(x, [1], bs.add, 5);
    bs.update(x, [1], bs.mul, 2);
    expect(x.tolist()).toEqual([0, 10, 0]);
    const o = {p: 2};
    bs.update(o, "p", bs.pow, 3);
    expect(o.p).toBe(8);
  });
});
