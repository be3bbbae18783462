// Property tests: autograd gradients agree with centered differences on random shapes and broadcasts.
import {describe, expect, it} from "vitest";
import fc from "fast-check";
import {np, nn, Tensor, numericGradient, relError} from "../../../src/tensor/index.ts";
import {broadcastPairArb, prod, shapeArb, values} from "../tensor/helpers.ts";

/** Values in ±[0.2, 2]: away from kinks (0 for abs/relu) and from log/sqrt's singularity when `positive`. */
function data(shape: number[], seed: number, positive = false): Tensor {
  const v = values(prod(shape), seed).map((x) => (x >= 0 ? 0.2 + x * 0.9 : -0.2 + x * 0.9)).map((x) => (positive ? Math.abs(x) : x));
  return np.array(v).reshape(shape);
}

/** Checks every input's autograd gradient against the numeric one for d(sum(f·dout)). */
function checkGrads(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], seed: number, tol = 1e-6): void {
  const leaves = inputs.map((t) => np.array(t, {requiresGrad: true}));
  const out = f(...leaves);
  const dout = data(out.shape, seed + 99);
  out.backward(dout);
  leaves.forEach((leaf, i) => {
    const numeric = numericGradient((xi) => f(...inputs.map((t, j) => (j === i ? xi : t))), inputs[i], dout);
    expect(leaf.grad, `grad of input ${i}`).not.toBeNull();
    expect(leaf.grad!.shape).toEqual(inputs[i].shape);
    expect(relError(leaf.grad!, numeric), `input ${i}`).toBeLessThan(tol);
  });
}

const binaryOps: [string, (a: Tensor, b: Tensor) => Tensor, boolean][] = [
  ["add", (a, b) => np.add(a, b), false],
  ["sub", (a, b) => np.sub(a, b), false],
  ["mul", (a, b) => np.mul(a, b), false],
  ["div", (a, b) => np.div(a, b), false],
  ["pow", (a, b) => np.pow(a, b), true],
  ["maximum", (a, b) => np.maximum(a, b), false],
  ["minimum", (a, b) => np.minimum(a, b), false],
  ["where", (a, b) => np.where(np.greater(a, 0.5), a, b), false],
];

const unaryOps: [string, (a: Tensor) => Tensor, boolean][] = [
  ["neg", (a) => np.neg(a), false],
  ["exp", (a) => np.exp(a), false],
  ["log", (a) => np.log(a), true],
  ["sqrt", (a) => np.sqrt(a), true],
  ["abs", (a) => np.abs(a), false],
  ["tanh", (a) => np.tanh(a), false],
  ["square", (a) => np.square(a), false],
  ["reciprocal", (a) => np.reciprocal(a), false],
  ["relu", (a) => nn.relu(a), false],
  ["sigmoid", (a) => nn.sigmoid(a), false],
  ["pow scalar", (a) => a.pow(3), false],
  ["pow 2", (a) => a.pow(2), false],
  ["clip", (a) => a.clip(-0.5, 0.5), false],
  ["linalg.norm", (a) => np.linalg.norm(a), false],
  ["transpose", (a) => a.T.mul(np.arange(a.size).reshape([...a.shape].reverse())), false],
  ["reshape", (a) => a.reshape(-1).mul(np.arange(a.size)), false],
  ["copy of view", (a) => (a.get("::-1") as Tensor).copy().mul(np.arange(a.size).reshape(a.shape)), false],
  ["pad", (a) => np.pad(a, 1).mul(np.arange(prod(a.shape.map((d) => d + 2))).reshape(a.shape.map((d) => d + 2))), false],
  ["concatenate", (a) => np.concatenate([a, a.mul(2)], 0).exp(), false],
  ["stack", (a) => np.stack([a, a.exp()], -1).mul(2), false],
];

describe("autograd vs numeric gradients", () => {
  for (const [name, f, positive] of binaryOps) {
    it(`${name} with broadcasting`, () => {
      fc.assert(fc.property(broadcastPairArb, fc.integer({min: 1, max: 10000}), ([sa, sb], seed) => {
        checkGrads(f, [data(sa, seed, positive), data(sb, seed + 1, name === "pow" ? false : positive).mul(name === "pow" ? 1.5 : 1)], seed);
      }), {numRuns: 25});
    });
  }

  for (const [name, f, positive] of unaryOps) {
    it(name, () => {
      fc.assert(fc.property(shapeArb, fc.integer({min: 1, max: 10000}), (shape, seed) => {
        checkGrads(f, [data(shape, seed, positive)], seed);
      }), {numRuns: 20});
    });
  }

  for (const red of ["sum", "mean", "var", "std", "max", "min"] as const) {
    it(`${red} over random axes, with and without keepdims`, () => {
      const arb = shapeArb.chain((s) => fc.tuple(fc.constant(s), fc.option(fc.subarray([...s.keys()], {minLength: 1}), {nil: null}), fc.boolean(), fc.integer({min: 1, max: 9999})));
      fc.assert(fc.property(arb, ([shape, axes, keepdims, seed]) => {
        // max/min need a unique extreme: distinct values.
        const x = red === "max" || red === "min" ? np.array(values(prod(shape), seed).map((v, i) => v + i * 1e-3)).reshape(shape) : data(shape, seed);
        checkGrads((a) => (a as unknown as Record<string, (o: object) => Tensor>)[red]({axis: axes, keepdims}), [x], seed);
      }), {numRuns: 25});
    });
  }

  it("matmul, including 1-D and batched operands", () => {
    const arb = fc.tuple(fc.integer({min: 1, max: 6}), fc.integer({min: 1, max: 6}), fc.integer({min: 1, max: 6}), fc.integer({min: 1, max: 999}));
    fc.assert(fc.property(arb, ([m, k, n, seed]) => {
      checkGrads((a, b) => np.matmul(a, b), [data([m, k], seed), data([k, n], seed + 1)], seed);
      checkGrads((a, b) => np.matmul(a, b), [data([k], seed), data([k, n], seed + 2)], seed);
      checkGrads((a, b) => np.matmul(a, b), [data([2, m, k], seed), data([k, n], seed + 3)], seed);
    }), {numRuns: 15});
  });

  it("indexing: basic views and fancy gathers with repeats", () => {
    fc.assert(fc.property(fc.integer({min: 2, max: 5}), fc.integer({min: 2, max: 5}), fc.integer({min: 1, max: 999}), (r, c, seed) => {
      const rows = np.array(values(6, seed).map((v) => Math.floor(((v + 2) / 4) * r)));
      const cols = np.array(values(6, seed + 5).map((v) => Math.floor(((v + 2) / 4) * c)));
      checkGrads((a) => (a.get(rows, cols) as Tensor).exp(), [data([r, c], seed)], seed);
      checkGrads((a) => (a.get("1:", "::-1") as Tensor).exp(), [data([r, c], seed)], seed);
      checkGrads((a) => (a.get(null, ":", 0) as Tensor).mul(3), [data([r, c], seed)], seed);
    }), {numRuns: 20});
  });

  it("softmax and log_softmax along any axis", () => {
    const arb = shapeArb.chain((s) => fc.tuple(fc.constant(s), fc.integer({min: -s.length, max: s.length - 1}), fc.integer({min: 1, max: 999})));
    fc.assert(fc.property(arb, ([shape, axis, seed]) => {
      checkGrads((a) => nn.softmax(a, axis), [data(shape, seed)], seed);
      checkGrads((a) => nn.log_softmax(a, axis), [data(shape, seed)], seed);
    }), {numRuns: 25});
  });

  it("cross_entropy", () => {
    fc.assert(fc.property(fc.integer({min: 1, max: 6}), fc.integer({min: 2, max: 6}), fc.integer({min: 1, max: 999}), (n, c, seed) => {
      const y = values(n, seed).map((v) => Math.floor(((v + 2) / 4) * c));
      checkGrads((a) => nn.cross_entropy(a, y), [data([n, c], seed).mul(2)], seed, 1e-5);
    }), {numRuns: 25});
  });

  it("conv2d with stride and padding (x, w and b)", () => {
    const arb = fc.record({
      n: fc.integer({min: 1, max: 2}), c: fc.integer({min: 1, max: 3}), h: fc.integer({min: 3, max: 6}), w: fc.integer({min: 3, max: 6}),
      f: fc.integer({min: 1, max: 3}), k: fc.integer({min: 1, max: 3}), stride: fc.integer({min: 1, max: 2}), pad: fc.integer({min: 0, max: 2}),
      seed: fc.integer({min: 1, max: 999}),
    });
    fc.assert(fc.property(arb, (p) => {
      const conv = (x: Tensor, w: Tensor, b: Tensor) => nn.conv2d(x, w, b, {stride: p.stride, pad: p.pad});
      checkGrads(conv, [data([p.n, p.c, p.h, p.w], p.seed), data([p.f, p.c, p.k, p.k], p.seed + 1), data([p.f], p.seed + 2)], p.seed);
    }), {numRuns: 25});
  });

  it("fused batchnorm (2-D and spatial 4-D), x, gamma and beta", () => {
    // N ≥ 3: with two rows x̂ = ±1 whatever x is, so dx is ~0 and only round-off is compared.
    fc.assert(fc.property(fc.integer({min: 3, max: 5}), fc.integer({min: 1, max: 4}), fc.boolean(), fc.integer({min: 1, max: 999}), (n, c, spatial, seed) => {
      const shape = spatial ? [n, c, 2, 3] : [n, c];
      checkGrads((x, g, b) => nn.batchnorm(x, g, b), [data(shape, seed).mul(3), data([c], seed + 1), data([c], seed + 2)], seed);
    }), {numRuns: 25});
  });

  it("max_pool2d, overlapping windows included", () => {
    const arb = fc.record({ph: fc.integer({min: 1, max: 3}), pw: fc.integer({min: 1, max: 3}), stride: fc.integer({min: 1, max: 3}), h: fc.integer({min: 3, max: 7}), w: fc.integer({min: 3, max: 7}), seed: fc.integer({min: 1, max: 999})});
    fc.assert(fc.property(arb, (p) => {
      // Distinct values so each window has a unique maximum.
      const n = 2 * 2 * p.h * p.w;
      const perm = values(n, p.seed).map((v, i) => [v, i]).sort((a, b) => a[0] - b[0]).map(([, i]) => i);
      const x = np.array(perm.map((v) => v * 0.1)).reshape(2, 2, p.h, p.w);
      checkGrads((a) => nn.max_pool2d(a, {pool_height: p.ph, pool_width: p.pw, stride: p.stride}), [x], p.seed);
    }), {numRuns: 25});
  });
});
