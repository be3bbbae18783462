// Closed forms of lessons 7–9 (convolution, pooling, spatial batchnorm, layernorm), compared with
// PyTorch's gradients in the fixtures and with the runtime's autograd.
import {describe, expect, it} from "vitest";
import {np, nn, Tensor} from "../../../src/tensor/index.ts";
import {flat, leaf, loadCases, relErr, toTensor} from "./helpers.ts";

/** Lesson 7's output-size formula (rows that do not fit a whole window are left out: floor). */
function convOutSize(H: number, HH: number, pad: number, stride: number): number {
  return 1 + Math.floor((H + 2 * pad - HH) / stride);
}

/** Lesson 7's backward as a sum over windows, on plain arrays (row-major NCHW). */
function convBackwardByWindows(x: Tensor, w: Tensor, dout: Tensor, stride: number, pad: number) {
  const [N, C, H, W] = x.shape;
  const [F, , HH, WW] = w.shape;
  const [, , Ho, Wo] = dout.shape;
  const xs = flat(x);
  const ws = flat(w);
  const ds = flat(dout);
  const dx = new Array(xs.length).fill(0);
  const dw = new Array(ws.length).fill(0);
  const db = new Array(F).fill(0);
  const xi = (n: number, c: number, h: number, ww: number) => ((n * C + c) * H + h) * W + ww;
  const wi = (f: number, c: number, i: number, j: number) => ((f * C + c) * HH + i) * WW + j;
  for (let n = 0; n < N; n++)
    for (let f = 0; f < F; f++)
      for (let a = 0; a < Ho; a++)
        for (let b = 0; b < Wo; b++) {
          const g = ds[((n * F + f) * Ho + a) * Wo + b];
          db[f] += g;
          for (let c = 0; c < C; c++)
            for (let i = 0; i < HH; i++)
              for (let j = 0; j < WW; j++) {
                const h = a * stride + i - pad;
                const ww = b * stride + j - pad;
                if (h < 0 || h >= H || ww < 0 || ww >= W) continue; // zero padding: no gradient
                dw[wi(f, c, i, j)] += g * xs[xi(n, c, h, ww)];
                dx[xi(n, c, h, ww)] += g * ws[wi(f, c, i, j)];
              }
        }
  return {
    dx: np.array(dx).reshape(x.shape),
    dw: np.array(dw).reshape(w.shape),
    db: np.array(db)
  };
}

describe("lesson 7: convolution", () => {
  it("output size H' = 1 + ⌊(H + 2p − HH)/s⌋ matches PyTorch's output shapes and nn.conv2d", () => {
    for (const c of loadCases("conv")) {
      const x = toTensor(c.inputs.x as never);
      const w = toTensor(c.inputs.w as never);
      const b = toTensor(c.inputs.b as never);
      const {stride, pad} = c.params as {stride: number; pad: number};
      const out = c.outputs.out as {shape: number[]};
      const Ho = convOutSize(x.shape[2], w.shape[2], pad, stride);
      const Wo = convOutSize(x.shape[3], w.shape[3], pad, stride);
      expect(out.shape).toEqual([x.shape[0], w.shape[0], Ho, Wo]);
      expect(nn.conv2d(x, w, b, {stride, pad}).shape).toEqual(out.shape);
    }
  });

  it("backward as a sum over windows gives PyTorch's dx, dw, db and matches autograd", () => {
    for (const c of loadCases("conv")) {
      const x = toTensor(c.inputs.x as never);
      const w = toTensor(c.inputs.w as never);
      const b = toTensor(c.inputs.b as never);
      const dout = toTensor(c.inputs.dout as never);
      const {stride, pad} = c.params as {stride: number; pad: number};
      const r = convBackwardByWindows(x, w, dout, stride, pad);
      expect(relErr(r.dx, c.grads.x)).toBeLessThan(1e-9);
      expect(relErr(r.dw, c.grads.w)).toBeLessThan(1e-9);
      expect(relErr(r.db, c.grads.b)).toBeLessThan(1e-9);
      const xl = leaf(x);
      const wl = leaf(w);
      const bl = leaf(b);
      nn.conv2d(xl, wl, bl, {stride, pad}).backward(dout);
      expect(relErr(r.dx, xl.grad!)).toBeLessThan(1e-9);
      expect(relErr(r.dw, wl.grad!)).toBeLessThan(1e-9);
    }
  });

  it("db is dout summed over N, H', W'", () => {
    const c = loadCases("conv")[0];
    const dout = toTensor(c.inputs.dout as never);
    expect(relErr(dout.sum([0, 2, 3]), c.grads.b)).toBeLessThan(1e-12);
  });
});

describe("lesson 8: max pooling and spatial batchnorm", () => {
  it("max pooling sends each window's gradient to its argmax (+= for overlapping windows)", () => {
    for (const c of loadCases("pool")) {
      const x = toTensor(c.inputs.x as never);
      const dout = toTensor(c.inputs.dout as never);
      const {pool_height: PH, pool_width: PW, stride: S} = c.params as Record<string, number>;
      const [N, C, H, W] = x.shape;
      const [, , Ho, Wo] = dout.shape;
      expect(Ho).toBe(1 + Math.floor((H - PH) / S));
      const xs = flat(x);
      const ds = flat(dout);
      const dx = new Array(xs.length).fill(0);
      for (let n = 0; n < N; n++)
        for (let ch = 0; ch < C; ch++)
          for (let a = 0; a < Ho; a++)
            for (let b = 0; b < Wo; b++) {
              let best = -1;
              for (let i = 0; i < PH; i++)
                for (let j = 0; j < PW; j++) {
                  const k = ((n * C + ch) * H + a * S + i) * W + b * S + j;
                  if (best < 0 || xs[k] > xs[best]) best = k;
                }
              dx[best] += ds[((n * C + ch) * Ho + a) * Wo + b];
            }
      const dxT = np.array(dx).reshape(x.shape);
      expect(relErr(dxT, c.grads.x)).toBeLessThan(1e-12);
      const xl = leaf(x);
      nn.max_pool2d(xl, {pool_height: PH, pool_width: PW, stride: S}).backward(dout);
      expect(relErr(dxT, xl.grad!)).toBeLessThan(1e-12);
    }
  });

  it("with ties, the whole window's gradient goes to the first maximum (argmax), as lesson 8 says", () => {
    const x = leaf(np.array([[[[2, 2], [1, 2]]]]));
    nn.max_pool2d(x, {pool_height: 2, pool_width: 2, stride: 2}).backward(np.array([[[[5]]]]));
    expect(flat(x.grad!)).toEqual([5, 0, 0, 0]);
    const window = np.array([[1, 3], [3, 2]]);
    const k = (window.argmax() as Tensor).item();
    expect([Math.floor(k / 2), k % 2]).toEqual([0, 1]);
  });

  it("spatial batchnorm = vanilla batchnorm on x transposed to (N·H·W, C)", () => {
    for (const c of loadCases("spatial_batchnorm")) {
      const x = toTensor(c.inputs.x as never);
      const gamma = toTensor(c.inputs.gamma as never);
      const dout = toTensor(c.inputs.dout as never);
      const eps = c.params.eps as number;
      const [N, C, H, W] = x.shape;
      const x2 = x.transpose(0, 2, 3, 1).reshape(-1, C);
      const d2 = dout.transpose(0, 2, 3, 1).reshape(-1, C);
      const M = N * H * W;
      const sigma = x2.var(0).add(eps).sqrt();
      const xhat = x2.sub(x2.mean(0)).div(sigma);
      const dbeta = d2.sum(0);
      const dgamma = d2.mul(xhat).sum(0);
      const dx2 = gamma.div(sigma.mul(M)).mul(d2.mul(M).sub(dbeta).sub(xhat.mul(dgamma)));
      const dx = dx2.reshape(N, H, W, C).transpose(0, 3, 1, 2);
      expect(relErr(dx, c.grads.x)).toBeLessThan(1e-7);
      expect(relErr(dgamma, c.grads.gamma)).toBeLessThan(1e-9);
      expect(relErr(dbeta, c.grads.beta)).toBeLessThan(1e-9);
    }
  });
});

describe("lesson 9: layer normalization", () => {
  it("the batchnorm closed form with the axis changed (per row, D features) matches PyTorch and autograd", () => {
    for (const c of loadCases("layernorm")) {
      const x = toTensor(c.inputs.x as never);
      const gamma = toTensor(c.inputs.gamma as never);
      const beta = toTensor(c.inputs.beta as never);
      const dout = toTensor(c.inputs.dout as never);
      const eps = c.params.eps as number;
      const D = x.shape[1];
      const sigma = x.var(1, true).add(eps).sqrt();
      const xhat = x.sub(x.mean(1, true)).div(sigma);
      const dxhat = dout.mul(gamma);
      const dx = np
        .div(1, sigma.mul(D))
        .mul(dxhat.mul(D).sub(dxhat.sum(1, true)).sub(xhat.mul(dxhat.mul(xhat).sum(1, true))));
      expect(relErr(dx, c.grads.x)).toBeLessThan(1e-7);
      expect(relErr(dout.mul(xhat).sum(0), c.grads.gamma)).toBeLessThan(1e-9);
      expect(relErr(dout.sum(0), c.grads.beta)).toBeLessThan(1e-9);
      const xl = leaf(x);
      const xmu = xl.sub(xl.mean(1, true));
      const out = xmu.div(xmu.mul(xmu).mean(1, true).add(eps).sqrt()).mul(gamma).add(beta);
      out.backward(dout);
      expect(relErr(dx, xl.grad!)).toBeLessThan(1e-7);
    }
  });

  it("differs from batchnorm: γ multiplies before the row sums, so it stays inside them", () => {
    np.random.seed(11);
    const x = np.random.randn(3, 4);
    const gamma = np.random.randn(4);
    // a correct layernorm dx rows sum to zero: Σ_d dx = 0 for each row
    const dout = np.random.randn(3, 4);
    const D = 4;
    const sigma = x.var(1, true).add(1e-5).sqrt();
    const xhat = x.sub(x.mean(1, true)).div(sigma);
    const dxhat = dout.mul(gamma);
    const dx = np.div(1, sigma.mul(D)).mul(dxhat.mul(D).sub(dxhat.sum(1, true)).sub(xhat.mul(dxhat.mul(xhat).sum(1, true))));
    for (const v of flat(dx.sum(1))) expect(Math.abs(v)).toBeLessThan(1e-10);
  });
});
