// Lesson 6: the affine → ReLU "sandwich" backward — chaining two backward passes.
import {makeDense} from "./dense-math.ts";
import type {ExerciseDef} from "../../src/grader/index.ts";

export const affine_relu_backward: ExerciseDef = {
  id: "affine_relu_backward",
  title: "Affine + ReLU backward (chaining layers)",
  lesson: "06-small-network",
  fn: "affine_relu_backward",
  params: ["dout", "cache"],
  returns: ["dx", "dw", "db"],
  differentiable: ["x", "w", "b"],
  makeInputs({N, D, M}, {np}) {
    return {x: np.random.randn(N, D), w: np.random.randn(D, M), b: np.random.randn(M), dout: np.random.randn(N, M)};
  },
  forward({x, w, b}, _config, {nn}) {
    const a = x.matmul(w).add(b).named("a");
    return nn.relu(a).named("out");
  },
  args({inputs, named}) {
    return [inputs.dout, {x: inputs.x, w: inputs.w, b: inputs.b, a: named.a}];
  },
  steps: [
    {name: "da", target: {node: "a"},
      hint: {nudge: "Go backwards: the last layer was the ReLU, so start with its backward pass on a.", fix: "da = dout * np.greater(a, 0)"}},
    {name: "db", target: {node: "b"}, output: 2, given: {a: "da"},
      hint: {nudge: "Then the affine layer, with da as its upstream gradient; b was broadcast over the rows.", fix: "db = da.sum(0)"}},
    {name: "dw", target: {node: "w"}, output: 1, given: {a: "da"},
      hint: {nudge: "Dimension deduction: dw is (D, M), built from x (N, D) and da (N, M).", fix: "dw = np.matmul(x.T, da)"}},
    {name: "dx", target: {node: "x"}, output: 0, given: {a: "da"},
      hint: {nudge: "Dimension deduction: dx is (N, D), built from da (N, M) and w (D, M).", fix: "dx = np.matmul(da, w.T)"}}
  ],
  trials: [
    {name: "(5,4)→3", seed: 61, config: {N: 5, D: 4, M: 3}},
    {name: "(2,6)→6", seed: 62, config: {N: 2, D: 6, M: 6}},
    {name: "N=1", seed: 63, config: {N: 1, D: 3, M: 5}}
  ],
  starter: `function affine_relu_backward(dout, cache) {
  const {x, w, b, a} = cache; // a = x·w + b, the input of the ReLU
  const da = null; // TODO: backward through the ReLU
  const dx = null; // TODO: backward through the affine layer, with da as its upstream gradient
  const dw = null;
  const db = null;
  return [dx, dw, db];
}
`,
  hints: [{nudge: "The forward pass was affine first, ReLU second; the backward pass runs in the opposite order.",
    fix: "da = dout * np.greater(a, 0); then dx = da·wᵀ, dw = xᵀ·da, db = da.sum(0)."}],
  mutants: [
    {id: "relu-skipped", step: "db", value: (c) => {
      const [N, M] = c.inputs.dout.shape;
      const out = new Float64Array(M);
      for (let i = 0; i < N; i++) for (let j = 0; j < M; j++) out[j] += c.inputs.dout.data[i * M + j];
      return makeDense([M], out);
    }, hint: {nudge: "db is the sum of dout itself: the ReLU's backward pass was skipped.", fix: "Use da = dout * np.greater(a, 0) as the affine layer's upstream gradient."}},
    {id: "mask-on-output", step: "da", value: (c) => c.inputs.dout,
      hint: {nudge: "da equals dout: the ReLU mask is missing.", fix: "da = dout * np.greater(a, 0)"}}
  ]
};
