// nn forward passes against direct loop implementations (numpy/cs231n definitions), and their errors.
import {describe, expect, it} from "vitest";
import {np, nn, Tensor, ShapeError} from "../../../src/tensor/index.ts";
import {values} from "../tensor/helpers.ts";
import {readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import {relError} from "../../../src/tensor/index.ts";

function convNaive(x: Tensor, w: Tensor, b: Tensor, stride: number, pad: number): number[] {
  const [N, C, H, W] = x.shape, [F, , HH, WW] = w.shape;
  const Ho = Math.floor((H + 2 * pad - HH) / stride) + 1, Wo = Math.floor((W + 2 * pad - WW) / stride) + 1;
  const xv = x.values(), wv = w.values(), bv = b.values();
  const out: number[] = [];
  for (let n = 0; n < N; n++) for (let f = 0; f < F; f++) for (let i = 0; i < Ho; i++) for (let j = 0; j < Wo; j++) {
    let s = bv[f];
    for (let c = 0; c < C; c++) for (let a = 0; a < HH; a++) for (let d = 0; d < WW; d++) {
      const h = i * stride - pad + a, ww = j * stride - pad + d;
      if (h >= 0 && h < H && ww >= 0 && ww < W) s += xv[((n * C + c) * H + h) * W + ww] * wv[((f * C + c) * HH + a) * WW + d];
    }
    out.push(s);
  }
  return out;
}

describe("nn", () => {
  it("conv2d matches the direct loops (stride 1 and 2, pad 0–2)", () => {
    for (const [stride, pad] of [[1, 0], [1, 1], [2, 1], [2, 2], [3, 0]]) {
      const x = np.array(values(2 * 3 * 7 * 6, stride * 10 + pad)).reshape(2, 3, 7, 6);
      const w = np.array(values(4 * 3 * 3 * 3, 5)).reshape(4, 3, 3, 3);
      const b = np.array([0.1, -0.2, 0.3, 0]);
      const out = nn.conv2d(x, w, b, {stride, pad});
      const want = convNaive(x, w, b, stride, pad);
      expect(out.size).toBe(want.length);
      Array.from(out.values()).forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
    }
  });

  it("max_pool2d takes each window's maximum", () => {
    const x = np.arange(16).reshape(1, 1, 4, 4);
    expect(nn.max_pool2d(x, {pool_height: 2, pool_width: 2, stride: 2}).tolist()).toEqual([[[[5, 7], [13, 15]]]]);
    expect(nn.max_pool2d(x.neg(), {pool_height: 3, pool_width: 3, stride: 1}).tolist()).toEqual([[[[-0, -1], [-4, -5]]]]);
  });

  it("softmax rows sum to 1, are shift invariant and do not overflow", () => {
    const s = nn.softmax(np.array([[1000, 1001, 1002], [-5, 0, 5]]));
    const rows = s.sum(1).values();
    expect(rows[0]).toBeCloseTo(1, 15);
    expect(rows[1]).toBeCloseTo(1, 15);
    const e = [Math.exp(-2), Math.exp(-1), 1], z = e[0] + e[1] + e[2];
    e.forEach((v, i) => expect(s.get(0, i) as number).toBeCloseTo(v / z, 15));
    const ls = nn.log_softmax(np.array([[1000, 1001, 1002]]));
    expect(ls.get(0, 2) as number).toBeCloseTo(-Math.log(z), 12);
    const col = nn.softmax(np.array([[1, 2], [3, 4]]), 0);
    expect(col.get(0, 0) as number).toBeCloseTo(1 / (1 + Math.exp(2)), 15);
  });

  it("cross_entropy is the mean negative log-probability of the labels", () => {
    const scores = np.array([[1, 2, 3], [1, 1, 1]]);
    const loss = nn.cross_entropy(scores, [2, 0]).item();
    const lse0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    expect(loss).toBeCloseTo(((lse0 - 3) + Math.log(3)) / 2, 14);
    expect(() => nn.cross_entropy(scores, [0, 3])).toThrow("cross_entropy: label 3 at row 1 is not a class index in [0, 3)");
    expect(() => nn.cross_entropy(scores, [0])).toThrow("cross_entropy: labels of shape (1,) do not match 2 rows of scores");
  });

  it("cross_entropy backward can run twice (leaf grads accumulate, the second pass recomputes softmax)", () => {
    const x = np.array([[0.5, -1, 2], [0, 0.3, 0.1]], {requiresGrad: true});
    const loss = nn.cross_entropy(x, [1, 2]);
    loss.backward();
    const once = Array.from(x.grad!.values());
    loss.backward();
    Array.from(x.grad!.values()).forEach((v, i) => expect(v).toBeCloseTo(2 * once[i], 15));
    // Rows of the gradient sum to zero: Σ softmax − 1.
    const rows = np.array(once).reshape(2, 3).sum(1).values();
    expect(Math.abs(rows[0]) + Math.abs(rows[1])).toBeLessThan(1e-15);
  });

  it("fused batchnorm matches PyTorch's batchnorm fixtures (values and all gradients)", () => {
    const file = fileURLToPath(new URL("../../fixtures/pytorch/batchnorm.json", import.meta.url));
    const cases = JSON.parse(readFileSync(file, "utf8")).cases;
    const t = (v: {shape: number[]; data: number[]}) => np.array(v.data).reshape(v.shape);
    for (const c of cases) {
      const x = t(c.inputs.x).requiresGrad_(), g = t(c.inputs.gamma).requiresGrad_(), b = t(c.inputs.beta).requiresGrad_();
      const out = nn.batchnorm(x, g, b, {eps: c.params.eps});
      out.backward(t(c.inputs.dout));
      expect(relError(out, t(c.outputs.out))).toBeLessThan(1e-12);
      expect(relError(x.grad!, t(c.grads.x))).toBeLessThan(1e-9);
      expect(relError(g.grad!, t(c.grads.gamma))).toBeLessThan(1e-12);
      expect(relError(b.grad!, t(c.grads.beta))).toBeLessThan(1e-12);
    }
  });

  it("shape errors name the op and the shapes", () => {
    const x = np.zeros(2, 3, 5, 5);
    expect(() => nn.conv2d(x, np.zeros(4, 2, 3, 3), null)).toThrow(new ShapeError("conv2d: x of shape (2,3,5,5) has 3 channels but w of shape (4,2,3,3) expects 2"));
    expect(() => nn.conv2d(x, np.zeros(4, 3, 3, 3), np.zeros(3))).toThrow("conv2d: b of shape (3,) must be (4,) for w of shape (4,3,3,3)");
    expect(() => nn.conv2d(np.zeros(3, 5, 5), np.zeros(4, 3, 3, 3), null)).toThrow("conv2d: x must be (N, C, H, W), got shape (3,5,5)");
    expect(() => nn.max_pool2d(np.zeros(1, 1, 2, 2), {pool_height: 3, pool_width: 3, stride: 1})).toThrow(/max_pool2d: pool 3x3 larger than input 2x2/);
    expect(() => nn.batchnorm(np.zeros(4, 3), np.ones(2), np.zeros(3))).toThrow("batchnorm: gamma of shape (2,) must be (3,) for x of shape (4,3)");
  });
});
