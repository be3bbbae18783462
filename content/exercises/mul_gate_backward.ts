// Lesson 1: the multiply gate swaps its inputs: da = b·dout, db = a·dout.
import {zipDense} from "./dense-math.ts";
import type {ExerciseDef} from "../../src/grader/index.ts";

export const mul_gate_backward: ExerciseDef = {
  id: "mul_gate_backward",
  title: "Multiply gate backward",
  lesson: "01-gates",
  fn: "mul_gate_backward",
  params: ["dout", "a", "b"],
  returns: ["da", "db"],
  differentiable: ["a", "b"],
  makeInputs({N, D}, {np}) {
    return {a: np.random.randn(N, D), b: np.random.randn(N, D), dout: np.random.randn(N, D)};
  },
  forward({a, b}) {
    return a.mul(b).named("out");
  },
  args({inputs}) {
    return [inputs.dout, inputs.a, inputs.b];
  },
  steps: [
    {name: "da", target: {node: "a"}, output: 0,
      hint: {nudge: "out = a * b: how much does out change when a changes by a little? By b times that.", fix: "da = b * dout"}},
    {name: "db", target: {node: "b"}, output: 1,
      hint: {nudge: "The multiply gate swaps: each input's gradient is the other input times dout.", fix: "db = a * dout"}}
  ],
  trials: [
    {name: "(3,4)", seed: 1, config: {N: 3, D: 4}},
    {name: "(1,5)", seed: 2, config: {N: 1, D: 5}},
    {name: "(6,2)", seed: 3, config: {N: 6, D: 2}}
  ],
  starter: `function mul_gate_backward(dout, a, b) {
  // da = (local derivative of a*b with respect to a) × dout
  const da = null; // TODO
  const db = null; // TODO
  return [da, db];
}
`,
  // Lesson 1 warm-up: after every hint, the learner may see a solution rather than get stuck.
  reveal: `function mul_gate_backward(dout, a, b) {
  const da = b * dout;
  const db = a * dout;
  return [da, db];
}
`,
  hints: [{nudge: "Local derivative × upstream gradient: d(a·b)/da = b.", fix: "da = b * dout and db = a * dout."}],
  mutants: [
    {id: "not-swapped", step: "da", value: (c) => zipDense(c.inputs.a, c.inputs.dout, (a, d) => a * d),
      hint: {nudge: "da uses a itself; the multiply gate swaps its inputs.", fix: "d(a·b)/da = b, so da = b * dout."}},
    {id: "not-swapped", step: "db", value: (c) => zipDense(c.inputs.b, c.inputs.dout, (b, d) => b * d),
      hint: {nudge: "db uses b itself; the multiply gate swaps its inputs.", fix: "d(a·b)/db = a, so db = a * dout."}},
    {id: "no-dout", step: "da", value: (c) => c.inputs.b,
      hint: {nudge: "da is the local derivative alone: the upstream gradient is missing.", fix: "Chain rule: multiply by dout, da = b * dout."}},
    {id: "no-dout", step: "db", value: (c) => c.inputs.a,
      hint: {nudge: "db is the local derivative alone: the upstream gradient is missing.", fix: "Chain rule: multiply by dout, db = a * dout."}}
  ]
};
