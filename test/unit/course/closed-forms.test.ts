// Every closed-form gradient a lesson states, evaluated with plain tensor arithmetic (no autograd)
// and compared twice: with the runtime's autograd on random data, and with PyTorch's gradients in the
// fixtures. If a lesson's formula is wrong, both comparisons fail.
import {describe, expect, it} from "vitest";
import {np, nn, Tensor} from "../../../src/tensor/index.ts";
import {flat, leaf, loadCases, relErr, toTensor} from "./helpers.ts";

const TIGHT = 1e-9;

function randn(...shape: number[]): Tensor {
  return np.random.randn(...shape);
}

describe("lesson 1: gates", () => {
  it("add gate copies the upstream gradient to both inputs", () => {
    np.random.seed(1);
    const a = leaf(randn(3, 4));
    const b = leaf(randn(3, 4));
    const dout = randn(3, 4);
    a.add(b).backward(dout);
    expect(relErr(a.grad!, dout)).toBeLessThan(TIGHT);
    expect(relErr(b.grad!, dout)).toBeLessThan(TIGHT);
  });

  it("multiply gate swaps its inputs: da = b·dout, db = a·dout", () => {
    np.random.seed(2);
    const a = leaf(randn(3, 4));
    const b = leaf(randn(3, 4));
    const dout = randn(3, 4);
    a.mul(b).backward(dout);
    expect(relErr(a.grad!, b.mul(dout))).toBeLessThan(TIGHT);
    expect(relErr(b.grad!, a.mul(dout))).toBeLessThan(TIGHT);
  });

  it("max gate routes the gradient to the larger input only", () => {
    np.random.seed(3);
    const a = leaf(randn(5, 2));
    const b = leaf(randn(5, 2));
    const dout = randn(5, 2);
    np.maximum(a, b).backward(dout);
    const aWins = np.greater(a, b);
    expect(relErr(a.grad!, dout.mul(aWins))).toBeLessThan(TIGHT);
    expect(relErr(b.grad!, dout.mul(np.sub(1, aWins)))).toBeLessThan(TIGHT);
  });

  it("scalar example of lesson 1: f = (x + y)·z at x=-2, y=5, z=-4", () => {
    const x = np.array(-2).requiresGrad_();
    const y = np.array(5).requiresGrad_();
    const z = np.array(-4).requiresGrad_();
    const f = x.add(y).mul(z);
    f.backward();
    expect(f.item()).toBe(-12);
    expect(x.grad!.item()).toBe(-4);
    expect(y.grad!.item()).toBe(-4);
    expect(z.grad!.item()).toBe(3);
  });

  it("gradients from two branches add: d(x·x + x)/dx = 2x + 1", () => {
    np.random.seed(4);
    const x = leaf(randn(4));
    x.mul(x).add(x).backward();
    expect(relErr(x.grad!, x.mul(2).add(1))).toBeLessThan(TIGHT);
  });

  it("a column-wise sum spreads dout evenly over the rows", () => {
    np.random.seed(5);
    const x = leaf(randn(4, 3));
    const dout = randn(3);
    x.sum(0).backward(dout);
    // every row of dx is dout
    for (let i = 0; i < 4; i++) expect(relErr(x.grad!.get(i, ":"), dout)).toBeLessThan(TIGHT);
  });

  it("a column-wise mean spreads dout/N over the rows", () => {
    np.random.seed(6);
    const x = leaf(randn(5, 3));
    const dout = randn(3);
    x.mean(0).backward(dout);
    expect(relErr(x.grad!, np.ones([5, 1]).mul(dout).div(5))).toBeLessThan(TIGHT);
  });

  it("dimension deduction: y = x·w gives dx = dout·wᵀ (N,M)(M,D) and dw = xᵀ·dout (D,N)(N,M)", () => {
    np.random.seed(7);
    const x = leaf(randn(4, 3));
    const w = leaf(randn(3, 5));
    const dout = randn(4, 5);
    np.matmul(x, w).backward(dout);
    expect(x.grad!.shape).toEqual([4, 3]);
    expect(relErr(x.grad!, np.matmul(dout, w.T))).toBeLessThan(TIGHT);
    expect(relErr(w.grad!, np.matmul(x.T, dout))).toBeLessThan(TIGHT);
  });

  it("affine closed form matches PyTorch (x of any shape flattened to (N, D))", () => {
    for (const c of loadCases("affine_relu").filter((c) => c.op === "affine_forward")) {
      const x = toTensor(c.inputs.x as never);
      const w = toTensor(c.inputs.w as never);
      const b = toTensor(c.inputs.b as never);
      const dout = toTensor(c.inputs.dout as never);
      const N = x.shape[0];
      const x2 = x.reshape(N, -1);
      expect(relErr(np.matmul(x2, w).add(b), c.outputs.out as never)).toBeLessThan(TIGHT);
      expect(relErr(np.matmul(dout, w.T).reshape(x.shape), c.grads.x)).toBeLessThan(TIGHT);
      expect(relErr(np.matmul(x2.T, dout), c.grads.w)).toBeLessThan(TIGHT);
      expect(relErr(dout.sum(0), c.grads.b)).toBeLessThan(TIGHT);
    }
  });

  it("ReLU: dx = dout where x > 0, else 0 (PyTorch and autograd)", () => {
    for (const c of loadCases("affine_relu").filter((c) => c.op === "relu_forward")) {
      const x = toTensor(c.inputs.x as never);
      const dout = toTensor(c.inputs.dout as never);
      const dx = dout.mul(np.greater(x, 0));
      expect(relErr(dx, c.grads.x)).toBeLessThan(TIGHT);
      const xl = leaf(x);
      nn.relu(xl).backward(dout);
      expect(relErr(dx, xl.grad!)).toBeLessThan(TIGHT);
    }
  });
});

describe("lesson 2: variance", () => {
  it("d var(x, axis=0) / dx = 2(x − x̄)/N · dout, against autograd and PyTorch", () => {
    for (const c of loadCases("variance")) {
      const x = toTensor(c.inputs.x as never);
      const dout = toTensor(c.inputs.dout as never);
      const N = x.shape[0];
      const dx = x.sub(x.mean(0)).mul(2).div(N).mul(dout);
      expect(relErr(dx, c.grads.x)).toBeLessThan(TIGHT);
      const xl = leaf(x);
      xl.var(0).backward(dout);
      expect(relErr(dx, xl.grad!)).toBeLessThan(TIGHT);
    }
  });

  it("the term through the mean vanishes because Σ(x − x̄) = 0", () => {
    np.random.seed(8);
    const x = randn(6, 3).mul(4).add(3);
    const colSums = flat(x.sub(x.mean(0)).sum(0));
    for (const s of colSums) expect(Math.abs(s)).toBeLessThan(1e-12);
  });

  it("staged graph mean → diff → square → sum/N: every stage's gradient", () => {
    for (const c of loadCases("variance")) {
      const x = toTensor(c.inputs.x as never);
      const dout = toTensor(c.inputs.dout as never);
      const N = x.shape[0];
      const mean = x.mean(0);
      const diff = x.sub(mean);
      // stated in lesson 2, stage by stage
      const dsquare = np.ones(x.shape).mul(dout).div(N);
      const ddiff = dsquare.mul(diff).mul(2);
      const dmean = ddiff.sum(0).neg();
      const dx = ddiff.add(np.ones(x.shape).mul(dmean).div(N));
      const g = c.intermediate_grads!;
      expect(relErr(dsquare, g.square)).toBeLessThan(TIGHT);
      expect(relErr(ddiff, g.diff)).toBeLessThan(TIGHT);
      // dmean is analytically 0; compare absolutely
      for (const v of flat(dmean)) expect(Math.abs(v)).toBeLessThan(1e-12);
      for (const v of g.mean.data) expect(Math.abs(v)).toBeLessThan(1e-12);
      expect(relErr(dx, c.grads.x)).toBeLessThan(TIGHT);
    }
  });
});

/** Staged batchnorm backward exactly as lesson 3 states it, steps 9 → 0. */
function batchnormStagedBackward(dout: Tensor, x: Tensor, gamma: Tensor, eps: number) {
  const N = x.shape[0];
  const mu = x.mean(0);
  const xmu = x.sub(mu);
  const sq = xmu.mul(xmu);
  const v = sq.mean(0);
  const sqrtvar = v.add(eps).sqrt();
  const ivar = np.div(1, sqrtvar);
  const xhat = xmu.mul(ivar);
  const dbeta = dout.sum(0);
  const dgammax = dout;
  const dgamma = dgammax.mul(xhat).sum(0);
  const dxhat = dgammax.mul(gamma);
  const divar = dxhat.mul(xmu).sum(0);
  const dxmu1 = dxhat.mul(ivar);
  const dsqrtvar = divar.mul(-1).div(sqrtvar.mul(sqrtvar));
  const dvar = dsqrtvar.mul(0.5).div(v.add(eps).sqrt());
  const dsq = np.ones(x.shape).mul(dvar).div(N);
  const dxmu2 = xmu.mul(dsq).mul(2);
  const dxmu = dxmu1.add(dxmu2);
  const dx1 = dxmu;
  const dmu = dxmu.sum(0).neg();
  const dx2 = np.ones(x.shape).mul(dmu).div(N);
  const dx = dx1.add(dx2);
  return {dx, dgamma, dbeta, xhat, ivar, dxhat, divar, dxmu1, dxmu2, dsqrtvar, dvar, dsq, dmu, dx1, dx2};
}

/** Closed form of lesson 4: dx = (γ/(N σ)) (N dy − Σ dy − x̂ Σ dy·x̂). */
function batchnormClosedForm(dout: Tensor, x: Tensor, gamma: Tensor, eps: number) {
  const N = x.shape[0];
  const mu = x.mean(0);
  const sigma = x.var(0).add(eps).sqrt();
  const xhat = x.sub(mu).div(sigma);
  const dbeta = dout.sum(0);
  const dgamma = dout.mul(xhat).sum(0);
  const dx = gamma.div(sigma.mul(N)).mul(dout.mul(N).sub(dbeta).sub(xhat.mul(dgamma)));
  return {dx, dgamma, dbeta, xhat};
}

describe("lessons 3 and 4: batch normalization", () => {
  const cases = loadCases("batchnorm");

  it("staged backward (lesson 3) matches every intermediate gradient PyTorch reports", () => {
    for (const c of cases) {
      const x = toTensor(c.inputs.x as never);
      const gamma = toTensor(c.inputs.gamma as never);
      const dout = toTensor(c.inputs.dout as never);
      const r = batchnormStagedBackward(dout, x, gamma, c.params.eps as number);
      const g = c.intermediate_grads!;
      expect(relErr(r.dxhat, g.xhat)).toBeLessThan(1e-8);
      expect(relErr(r.divar, g.ivar)).toBeLessThan(1e-8);
      expect(relErr(r.dsqrtvar, g.sqrtvar)).toBeLessThan(1e-8);
      expect(relErr(r.dvar, g.var)).toBeLessThan(1e-8);
      expect(relErr(r.dsq, g.sq)).toBeLessThan(1e-8);
      expect(relErr(r.dxmu1.add(r.dxmu2), g.xmu)).toBeLessThan(1e-8);
      expect(relErr(r.dx, c.grads.x)).toBeLessThan(1e-7);
      expect(relErr(r.dgamma, c.grads.gamma)).toBeLessThan(TIGHT);
      expect(relErr(r.dbeta, c.grads.beta)).toBeLessThan(TIGHT);
    }
  });

  it("dμ is (numerically) zero: the mean's two branches cancel", () => {
    for (const c of cases) {
      const x = toTensor(c.inputs.x as never);
      const r = batchnormStagedBackward(toTensor(c.inputs.dout as never), x, toTensor(c.inputs.gamma as never), 1e-5);
      // dmu = -Σ dxmu1 - Σ dxmu2 ; the dxmu2 part sums to 0 since Σ xmu = 0, but dxmu1 does not
      const s2 = flat(r.dxmu2.sum(0));
      for (const v of s2) expect(Math.abs(v)).toBeLessThan(1e-9);
    }
  });

  it("closed forms dβ = Σ dy, dγ = Σ dy·x̂, dx (lesson 4) match PyTorch and autograd", () => {
    for (const c of cases) {
      const x = toTensor(c.inputs.x as never);
      const gamma = toTensor(c.inputs.gamma as never);
      const beta = toTensor(c.inputs.beta as never);
      const dout = toTensor(c.inputs.dout as never);
      const eps = c.params.eps as number;
      const r = batchnormClosedForm(dout, x, gamma, eps);
      expect(relErr(r.dx, c.grads.x)).toBeLessThan(1e-7);
      expect(relErr(r.dgamma, c.grads.gamma)).toBeLessThan(TIGHT);
      expect(relErr(r.dbeta, c.grads.beta)).toBeLessThan(TIGHT);
      // autograd of the staged forward
      const xl = leaf(x);
      const gl = leaf(gamma);
      const bl = leaf(beta);
      const mu = xl.mean(0);
      const xmu = xl.sub(mu);
      const out = xmu.div(xmu.mul(xmu).mean(0).add(eps).sqrt()).mul(gl).add(bl);
      expect(relErr(out, c.outputs.out as never)).toBeLessThan(1e-9);
      out.backward(dout);
      expect(relErr(r.dx, xl.grad!)).toBeLessThan(1e-7);
      expect(relErr(r.dgamma, gl.grad!)).toBeLessThan(TIGHT);
    }
  });

  it("the classic mistake dγ = dy·x̂ (no sum) has the wrong shape", () => {
    const c = cases[0];
    const x = toTensor(c.inputs.x as never);
    const r = batchnormClosedForm(toTensor(c.inputs.dout as never), x, toTensor(c.inputs.gamma as never), 1e-5);
    const wrong = toTensor(c.inputs.dout as never).mul(r.xhat);
    expect(wrong.shape).toEqual(x.shape);
    expect(c.grads.gamma.shape).toEqual([x.shape[1]]);
  });

  it("a correct dx satisfies Σₙ dx = 0 and Σₙ dx·x̂ ≈ 0", () => {
    np.random.seed(9);
    const x = randn(8, 4).mul(3).add(2);
    const gamma = randn(4);
    const dout = randn(8, 4);
    const r = batchnormClosedForm(dout, x, gamma, 0);
    for (const v of flat(r.dx.sum(0))) expect(Math.abs(v)).toBeLessThan(1e-10);
    for (const v of flat(r.dx.mul(r.xhat).sum(0))) expect(Math.abs(v)).toBeLessThan(1e-10);
  });
});

describe("lesson 5: softmax and SVM losses", () => {
  it("loss and dx = (p − onehot)/N match PyTorch, autograd and the max-shift form", () => {
    for (const c of loadCases("softmax")) {
      const x = toTensor(c.inputs.x as never);
      const y = (c.inputs.y as {data: number[]}).data;
      const N = x.shape[0];
      const shifted = x.sub(x.max(1, true));
      const logZ = shifted.exp().sum(1, true).log();
      const logp = shifted.sub(logZ);
      const p = logp.exp();
      const rows = np.arange(N);
      const loss = -(logp.get(rows, y) as Tensor).sum().item() / N;
      expect(relErr(loss, c.outputs.loss as never)).toBeLessThan(TIGHT);
      const onehot = np.zeros(x.shape);
      for (let i = 0; i < N; i++) onehot.set([i, y[i]], 1);
      const dx = p.sub(onehot).div(N);
      expect(relErr(dx, c.grads.x)).toBeLessThan(1e-8);
      const xl = leaf(x);
      nn.cross_entropy(xl, y).backward();
      expect(relErr(dx, xl.grad!)).toBeLessThan(1e-8);
    }
  });

  it("the gradient flowing into the row-max node nets to zero", () => {
    np.random.seed(10);
    const x = leaf(randn(4, 5).mul(3));
    const y = [0, 3, 1, 4];
    const m = x.max(1, true).named("m");
    const shifted = x.sub(m);
    const logp = shifted.sub(shifted.exp().sum(1, true).log());
    const loss = (logp.get(np.arange(4), y) as Tensor).sum().neg().div(4);
    loss.backward();
    for (const v of flat(m.grad!)) expect(Math.abs(v)).toBeLessThan(1e-12);
  });

  it("without the max shift, large scores overflow to a non-finite loss", () => {
    const x = np.array([[1000, 0, -5]]);
    const p = x.exp().div(x.exp().sum(1, true));
    const loss = -Math.log(p.get(0, 0) as number);
    expect(Number.isFinite(loss)).toBe(false);
    const shifted = x.sub(x.max(1, true));
    const logp = shifted.sub(shifted.exp().sum(1, true).log());
    expect(Number.isFinite(logp.get(0, 0) as number)).toBe(true);
  });

  it("multiclass SVM: dx closed form matches PyTorch", () => {
    for (const c of loadCases("svm")) {
      const x = toTensor(c.inputs.x as never);
      const y = (c.inputs.y as {data: number[]}).data;
      const delta = c.params.delta as number;
      const N = x.shape[0];
      const correct = (x.get(np.arange(N), y) as Tensor).reshape(N, 1);
      const margins = np.maximum(0, x.sub(correct).add(delta));
      for (let i = 0; i < N; i++) margins.set([i, y[i]], 0);
      expect(relErr(margins.sum().item() / N, c.outputs.loss as never)).toBeLessThan(TIGHT);
      const positive = np.greater(margins, 0);
      const dx = positive.copy();
      const counts = flat(positive.sum(1));
      for (let i = 0; i < N; i++) dx.set([i, y[i]], -counts[i]);
      expect(relErr(dx.div(N), c.grads.x)).toBeLessThan(TIGHT);
    }
  });
});
