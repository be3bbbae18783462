// Lesson 1: a column-wise sum copies dout to every row.
import {makeDense} from "./dense-math.ts";
import type {ExerciseDef} from "../../src/grader/index.ts";

export const sum_gate_backward: ExerciseDef = {
  id: "sum_gate_backward",
  title: "Column-sum gate backward",
  lesson: "01-gates",
  fn: "sum_gate_backward",
  params: ["dout", "x"],
  returns: ["dx"],
  differentiable: ["x"],
  makeInputs({N, D}, {np}) {
    return {x: np.random.randn(N, D), dout: np.random.randn(D)};
  },
  forward({x}) {
    return x.sum(0).named("out");
  },
  args({inputs}) {
    return [inputs.dout, inputs.x];
  },
  steps: [
    {name: "dx", target: {node: "x"}, output: 0,
      hint: {nudge: "Every x[i, j] is added into out[j] once, and an add gate copies the gradient.", fix: "dx = np.ones([N, 1]) * dout  (every row is a copy of dout)"}}
  ],
  trials: [
    {name: "(4,3)", seed: 7, config: {N: 4, D: 3}},
    {name: "(1,5)", seed: 8, config: {N: 1, D: 5}},
    {name: "(7,2)", seed: 9, config: {N: 7, D: 2}}
  ],
  starter: `function sum_gate_backward(dout, x) {
  const N = x.shape[0];
  const dx = null; // TODO
  return dx;
}
`,
  // Lesson 1 warm-up: after every hint, the learner may see a solution rather than get stuck.
  reveal: `function sum_gate_backward(dout, x) {
  const N = x.shape[0];
  const dx = np.ones([N, 1]) * dout;
  return dx;
}
`,
  hints: [{nudge: "dx has the shape of x, (N, D); dout has the shape of out, (D,).", fix: "Copy dout into every row: dx = np.ones([N, 1]) * dout."}],
  mutants: [
    {id: "divided-by-N", step: "dx", value: (c) => {
      const [N, D] = c.inputs.x.shape;
      return makeDense([N, D], Array.from({length: N * D}, (_, i) => c.inputs.dout.data[i % D] / N));
    }, hint: {nudge: "dx is dout / N: that is the backward of a mean, not of a sum.", fix: "A sum copies the gradient unchanged: dx = np.ones([N, 1]) * dout."}}
  ]
};
