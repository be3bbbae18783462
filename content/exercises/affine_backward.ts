// Affine layer backward, cs231n: out = x.reshape(N, D) @ w + b.
import {matmul, reshape, scale, transpose2} from "./dense-math.ts";
import type {ExerciseDef} from "../../src/grader/index.ts";

export const affine_backward: ExerciseDef = {
  id: "affine_backward",
  title: "Affine layer backward",
  lesson: "01-gates",
  fn: "affine_backward",
  params: ["dout", "cache"],
  returns: ["dx", "dw", "db"],
  differentiable: ["x", "w", "b"],
  makeInputs({N, d1, d2, M}, {np}) {
    return {x: np.random.randn(N, d1, d2), w: np.random.randn(d1 * d2, M), b: np.random.randn(M), dout: np.random.randn(N, M)};
  },
  forward({x, w, b}) {
    const xflat = x.reshape(x.shape[0], -1).named("xflat");
    return xflat.matmul(w).add(b).named("out");
  },
  args({inputs}) {
    return [inputs.dout, {x: inputs.x, w: inputs.w, b: inputs.b}];
  },
  steps: [
    {name: "db", target: {node: "b"}, output: 2,
      hint: {nudge: "b is added to every row of x·w.", fix: "db = dout.sum(0)"}},
    {name: "dw", target: {node: "w"}, output: 1,
      hint: {nudge: "out = xflat · w with xflat = x.reshape(N, -1), shape (N, D); dw has w's shape (D, M).", fix: "dw = np.matmul(x.reshape(N, -1).T, dout)  (transpose the flattened x, not x itself)"}},
    {name: "dx", target: {node: "x"}, output: 0,
      hint: {nudge: "dx has x's shape (N, d1, d2): compute it flat, then reshape.", fix: "dx = np.matmul(dout, w.T).reshape(x.shape)"}}
  ],
  trials: [
    {name: "cs231n: x (10,2,3), w (6,5)", seed: 231, config: {N: 10, d1: 2, d2: 3, M: 5}},
    {name: "square w (4,4)", seed: 5, config: {N: 3, d1: 2, d2: 2, M: 4}},
    {name: "N=1", seed: 9, config: {N: 1, d1: 3, d2: 1, M: 2}}
  ],
  starter: `function affine_backward(dout, cache) {
  const {x, w, b} = cache;
  const N = x.shape[0];
  const dx = null; // TODO: shape of x
  const dw = null; // TODO: (D, M)
  const db = null; // TODO: (M,)
  return [dx, dw, db];
}
`,
  hints: [
    {nudge: "Each gradient has the shape of the thing it is the gradient of: dx like x, dw like w, db like b.",
      fix: "For out = X·w: dX = dout·wᵀ and dw = Xᵀ·dout; b was broadcast over rows, so db sums over them."}
  ],
  mutants: [
    {id: "db-mean", step: "db", value: (c) => scale(c.ref.db, 1 / c.config.N),
      hint: {nudge: "db is the mean of dout over the batch; it should be the sum.", fix: "Every row adds b once, so db = dout.sum(0), not dout.mean(0)."}},
    {id: "dw-transposed", step: "dw", value: (c) => (c.ref.dw.shape[0] === c.ref.dw.shape[1] ? transpose2(c.ref.dw) : null),
      hint: {nudge: "dw is transposed (the shapes agree only because w is square).", fix: "dw = np.matmul(xflat.T, dout), not np.matmul(dout.T, xflat)."}},
    {id: "dx-w-not-transposed", step: "dx", value: (c) => {
      const w = c.inputs.w;
      if (w.shape[0] !== w.shape[1]) return null;
      return reshape(matmul(c.inputs.dout, w), c.inputs.x.shape);
    }, hint: {nudge: "dx uses w where it needs wᵀ (the shapes agree only because w is square).", fix: "dx = np.matmul(dout, w.T), reshaped to x's shape."}}
  ]
};
