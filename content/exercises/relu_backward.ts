// ReLU backward: dx = dout where x > 0.
import {mapDense, zipDense} from "./dense-math.ts";
import type {ExerciseDef} from "../../src/grader/index.ts";

export const relu_backward: ExerciseDef = {
  id: "relu_backward",
  title: "ReLU backward",
  lesson: "01-gates",
  fn: "relu_backward",
  params: ["dout", "cache"],
  returns: ["dx"],
  differentiable: ["x"],
  makeInputs({N, D}, {np}) {
    return {x: np.random.randn(N, D), dout: np.random.randn(N, D)};
  },
  forward({x}, _config, {nn}) {
    return nn.relu(x).named("out");
  },
  args({inputs}) {
    return [inputs.dout, inputs.x];
  },
  steps: [
    {name: "dx", target: {node: "x"}, output: 0,
      hint: {nudge: "ReLU passes the gradient where its input was positive and blocks it elsewhere.", fix: "dx = dout * np.greater(x, 0)   (x > 0 gives the same 0/1 mask)"}}
  ],
  trials: [
    {name: "cs231n: (10,10)", seed: 231, config: {N: 10, D: 10}},
    {name: "(3,7)", seed: 3, config: {N: 3, D: 7}},
    {name: "N=1", seed: 4, config: {N: 1, D: 6}}
  ],
  starter: `function relu_backward(dout, cache) {
  const x = cache;
  const dx = null; // TODO
  return dx;
}
`,
  hints: [{nudge: "relu(x) = max(x, 0): its local derivative is 1 where x > 0 and 0 elsewhere.", fix: "Multiply the upstream gradient by that mask: dx = dout * (x > 0)."}],
  mutants: [
    {id: "mask-without-dout", step: "dx", value: (c) => mapDense(c.inputs.x, (v) => (v > 0 ? 1 : 0)),
      hint: {nudge: "dx is just the mask (x > 0): the upstream gradient is missing.", fix: "Chain rule: multiply the local derivative by dout: dx = dout * (x > 0)."}},
    {id: "mask-flipped", step: "dx", value: (c) => zipDense(c.inputs.dout, c.inputs.x, (d, v) => (v > 0 ? 0 : d)),
      hint: {nudge: "dx passes the gradient exactly where it should block it: the mask is flipped.", fix: "Keep dout where x > 0, not where x ≤ 0."}},
    {id: "no-mask", step: "dx", value: (c) => c.inputs.dout,
      hint: {nudge: "dx equals dout: the ReLU mask is missing.", fix: "Zero the gradient where x ≤ 0: dx = dout * (x > 0)."}}
  ]
};
