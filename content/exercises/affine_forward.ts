// Lesson 1: affine forward, x of any shape (N, d1, …) flattened to (N, D), then x·w + b.
import {makeDense, matmul, reshape} from "./dense-math.ts";
import type {ExerciseDef} from "../../src/grader/index.ts";

export const affine_forward: ExerciseDef = {
  id: "affine_forward",
  title: "Affine layer forward",
  lesson: "01-gates",
  fn: "affine_forward",
  params: ["x", "w", "b"],
  returns: ["out"],
  differentiable: ["x", "w", "b"],
  makeInputs({N, d1, d2, M}, {np}) {
    return {x: np.random.randn(N, d1, d2), w: np.random.randn(d1 * d2, M), b: np.random.randn(M)};
  },
  forward({x, w, b}) {
    return x.reshape(x.shape[0], -1).matmul(w).add(b).named("out");
  },
  args({inputs}) {
    return [inputs.x, inputs.w, inputs.b];
  },
  steps: [
    {name: "out", target: {value: "out"}, output: 0,
      hint: {nudge: "out has shape (N, M): flatten x to (N, D) first.", fix: "out = np.matmul(x.reshape(N, -1), w) + b"}}
  ],
  trials: [
    {name: "cs231n-like: x (2,4,5), w (20,3)", seed: 231, config: {N: 2, d1: 4, d2: 5, M: 3}},
    {name: "x (5,3,1), w (3,4)", seed: 10, config: {N: 5, d1: 3, d2: 1, M: 4}},
    {name: "N=1", seed: 11, config: {N: 1, d1: 2, d2: 3, M: 2}}
  ],
  starter: `function affine_forward(x, w, b) {
  const N = x.shape[0];
  const out = null; // TODO: flatten x to (N, D), then x·w + b
  return out;
}
`,
  // Lesson 1 warm-up: after every hint, the learner may see a solution rather than get stuck.
  reveal: `function affine_forward(x, w, b) {
  const N = x.shape[0];
  const out = np.matmul(x.reshape(N, -1), w) + b;
  return out;
}
`,
  hints: [{nudge: "x.reshape(N, -1) turns (N, d1, d2) into (N, d1·d2); -1 means 'whatever is left'.", fix: "out = np.matmul(x.reshape(N, -1), w) + b"}],
  mutants: [
    {id: "no-bias", step: "out", value: (c) => {
      const x = c.inputs.x;
      return matmul(reshape(x, [x.shape[0], x.data.length / x.shape[0]]), c.inputs.w);
    }, hint: {nudge: "out is x·w without the bias.", fix: "Add b (it broadcasts over the rows): out = np.matmul(xflat, w) + b."}},
    {id: "bias-times-N", step: "out", value: (c) => {
      const x = c.inputs.x, M = c.inputs.b.data.length;
      const xw = matmul(reshape(x, [x.shape[0], x.data.length / x.shape[0]]), c.inputs.w);
      return makeDense(xw.shape, Array.from(xw.data, (v, i) => v + x.shape[0] * c.inputs.b.data[i % M]));
    }, hint: {nudge: "The bias was added N times per row.", fix: "Add b once: out = np.matmul(xflat, w) + b."}}
  ]
};
