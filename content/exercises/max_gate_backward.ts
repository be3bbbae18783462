// Lesson 1: the max gate routes dout to the larger input (no ties in the data).
import {makeDense} from "./dense-math.ts";
import type {Dense} from "../../src/grader/index.ts";
import type {ExerciseDef} from "../../src/grader/index.ts";

/** dout where `pick(a, b)` holds, else 0. */
function routed(dout: Dense, a: Dense, b: Dense, pick: (a: number, b: number) => boolean): Dense {
  return makeDense(dout.shape, Array.from(dout.data, (d, i) => (pick(a.data[i], b.data[i]) ? d : 0)));
}

export const max_gate_backward: ExerciseDef = {
  id: "max_gate_backward",
  title: "Max gate backward",
  lesson: "01-gates",
  fn: "max_gate_backward",
  params: ["dout", "a", "b"],
  returns: ["da", "db"],
  differentiable: ["a", "b"],
  makeInputs({N, D}, {np}) {
    return {a: np.random.randn(N, D), b: np.random.randn(N, D), dout: np.random.randn(N, D)};
  },
  forward({a, b}, _config, {np}) {
    return np.maximum(a, b).named("out");
  },
  args({inputs}) {
    return [inputs.dout, inputs.a, inputs.b];
  },
  steps: [
    {name: "da", target: {node: "a"}, output: 0,
      hint: {nudge: "Only the input that won the max affected the output.", fix: "da = dout * np.greater(a, b)"}},
    {name: "db", target: {node: "b"}, output: 1,
      hint: {nudge: "b gets dout only where b was the larger one.", fix: "db = dout * np.greater(b, a)"}}
  ],
  trials: [
    {name: "(4,3)", seed: 4, config: {N: 4, D: 3}},
    {name: "(1,6)", seed: 5, config: {N: 1, D: 6}},
    {name: "(5,5)", seed: 6, config: {N: 5, D: 5}}
  ],
  starter: `function max_gate_backward(dout, a, b) {
  const da = null; // TODO
  const db = null; // TODO
  return [da, db];
}
`,
  // Lesson 1 warm-up: after every hint, the learner may see a solution rather than get stuck.
  reveal: `function max_gate_backward(dout, a, b) {
  const da = dout * np.greater(a, b);
  const db = dout * np.greater(b, a);
  return [da, db];
}
`,
  hints: [{nudge: "The max gate is a router: the winner gets all of dout, the loser gets 0.", fix: "np.greater(a, b) is 1 where a won: da = dout * np.greater(a, b), db = dout * np.greater(b, a)."}],
  mutants: [
    {id: "routed-to-loser", step: "da", value: (c) => routed(c.inputs.dout, c.inputs.a, c.inputs.b, (a, b) => a < b),
      hint: {nudge: "da is non-zero exactly where a lost: the mask is flipped.", fix: "a gets the gradient where a > b: da = dout * np.greater(a, b)."}},
    {id: "routed-to-loser", step: "db", value: (c) => routed(c.inputs.dout, c.inputs.a, c.inputs.b, (a, b) => b < a),
      hint: {nudge: "db is non-zero exactly where b lost: the mask is flipped.", fix: "b gets the gradient where b > a: db = dout * np.greater(b, a)."}},
    {id: "copied-to-both", step: "da", value: (c) => c.inputs.dout,
      hint: {nudge: "da equals dout everywhere, as for an add gate; max only passes it to the winner. (a > b ? dout : 0 chooses once for the whole tensor, not per element.)", fix: "Mask it element by element: da = dout * np.greater(a, b)"}},
    {id: "copied-to-both", step: "db", value: (c) => c.inputs.dout,
      hint: {nudge: "db equals dout everywhere, as for an add gate; max only passes it to the winner. (b > a ? dout : 0 chooses once for the whole tensor, not per element.)", fix: "Mask it element by element: db = dout * np.greater(b, a)"}},
    {id: "mask-without-dout", step: "da", value: (c) => routed(makeDense(c.inputs.a.shape, new Array(c.inputs.a.data.length).fill(1)), c.inputs.a, c.inputs.b, (a, b) => a > b),
      hint: {nudge: "da is just the 0/1 mask: the upstream gradient is missing.", fix: "Multiply the mask by dout."}}
  ]
};
