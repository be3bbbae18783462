import {describe, expect, it} from "vitest";
import {np, Tensor, GradNode} from "../../../src/tensor/index.ts";

const close = (a: Tensor | null, b: number[] | number[][], digits = 12) => {
  expect(a).not.toBeNull();
  const got = (a as Tensor).values(), want = (b as number[]).flat(2) as number[];
  want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, digits));
};

describe("autograd graph", () => {
  it("records nodes only when an input requires grad", () => {
    const a = np.array([1, 2]);
    expect(a.add(1).node).toBeNull();
    const b = np.array([1, 2]).requiresGrad_();
    const c = b.mul(a);
    expect(c.requiresGrad).toBe(true);
    expect(c.node).toBeInstanceOf(GradNode);
    expect(c.node!.op).toBe("mul");
    expect(c.node!.inputs[0]).toBe(b);
    expect(np.no_grad(() => b.mul(a)).node).toBeNull();
  });

  it("backward gives d(sum(out·dout))/d(every node), intermediates included", () => {
    const x = np.array([1, 2, 3], {requiresGrad: true});
    const y = x.mul(x).named("y");
    const z = y.mul(2).sum();
    z.backward();
    close(y.grad, [2, 2, 2]);
    close(x.grad, [4, 8, 12]);
    const w = np.array([1, 2], {requiresGrad: true});
    const o = w.exp();
    o.backward(np.array([3, 0]));
    close(w.grad, [3 * Math.E, 0]);
  });

  it("exposes the gradient of each edge separately (batchnorm's dxmu1/dxmu2)", () => {
    np.random.seed(3);
    const x = np.random.randn(4, 3).requiresGrad_();
    const mu = x.mean(0);
    const xmu = x.sub(mu).named("xmu");
    const sq = xmu.pow(2).named("sq");
    const v = sq.mean(0);
    const ivar = np.div(1, v.add(1e-5).sqrt());
    const xhat = xmu.mul(ivar).named("xhat");
    const dout = np.random.randn(4, 3);
    xhat.backward(dout);
    const viaXhat = xhat.node!.inputGrads[0]!; // dxmu1 = dxhat · ivar
    const viaSq = sq.node!.inputGrads[0]!; // dxmu2 = dsq · 2 xmu
    close(viaXhat, Array.from(dout.mul(ivar).values()));
    close(viaSq, Array.from(sq.grad!.mul(xmu).mul(2).values()));
    close(xmu.grad, Array.from(viaXhat.add(viaSq).values()));
    // Edge grads are not modified by later accumulation.
    expect(viaXhat.data).not.toBe(xmu.grad!.data);
  });

  it("passes a gradient through views and fancy indexing", () => {
    const x = np.arange(6).reshape(2, 3).requiresGrad_();
    const picked = x.get(np.array([0, 1, 1]), np.array([2, 0, 0])) as Tensor;
    picked.sum().backward();
    close(x.grad, [[0, 0, 1], [2, 0, 0]]);
    const y = np.arange(4).requiresGrad_();
    (y.get("1:3") as Tensor).mul(y.get("::-1") as Tensor ? 1 : 0).sum().backward();
    close(y.grad, [0, 1, 1, 0]);
    const z = np.arange(6).reshape(2, 3).requiresGrad_();
    z.T.reshape(6).mul(np.arange(6)).sum().backward();
    close(z.grad, [[0, 2, 4], [1, 3, 5]]);
  });

  it("leaves accumulate across backward calls (as in PyTorch)", () => {
    const x = np.array([1, 2], {requiresGrad: true});
    x.mul(3).sum().backward();
    x.mul(3).sum().backward();
    close(x.grad, [6, 6]);
    x.grad = null;
    x.sum().backward();
    close(x.grad, [1, 1]);
  });

  it("rejects backward without grad and a dout of the wrong shape", () => {
    expect(() => np.array([1]).sum().backward()).toThrow(/does not require grad/);
    const x = np.zeros(3, 4).requiresGrad_();
    expect(() => x.exp().backward(np.ones(3))).toThrow("backward: dout shape (3,) does not match output shape (3,4)");
  });

  it("uses one edge per use when a tensor feeds an op twice", () => {
    const x = np.array([3], {requiresGrad: true});
    const y = x.mul(x);
    y.backward();
    close(x.grad, [6]);
    close(y.node!.inputGrads[0], [3]);
    close(y.node!.inputGrads[1], [3]);
  });

  it("skips gradients for inputs that do not require grad", () => {
    const a = np.ones(2, 2).requiresGrad_();
    const b = np.ones(2, 2);
    const c = a.matmul(b);
    c.backward();
    expect(c.node!.inputGrads[1]).toBeNull();
    expect(b.grad).toBeNull();
  });
});
