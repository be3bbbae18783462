// Lesson 2: variance over axis 0, staged mean → diff → square → sum/N, graded stage by stage.
import {makeDense, mapDense, zipDense} from "./dense-math.ts";
import type {ExerciseDef} from "../../src/grader/index.ts";

export const variance_backward: ExerciseDef = {
  id: "variance_backward",
  title: "Variance backward, stage by stage",
  lesson: "02-variance",
  fn: "variance_backward",
  params: ["dout", "x"],
  returns: ["dx"],
  differentiable: ["x"],
  makeInputs({N, D, scale, shift}, {np}) {
    return {x: np.random.randn(N, D).mul(scale).add(shift), dout: np.random.randn(D)};
  },
  forward({x}) {
    const N = x.shape[0];
    const mean = x.mean(0).named("mean");
    const diff = x.sub(mean).named("diff");
    const square = diff.mul(diff).named("square");
    return square.sum(0).div(N).named("out");
  },
  args({inputs}) {
    return [inputs.dout, inputs.x];
  },
  steps: [
    {name: "dsquare", target: {node: "square"},
      hint: {nudge: "out = square.sum(0) / N: a column sum copies dout to every row, then the 1/N scales it.", fix: "dsquare = np.ones([N, 1]) * dout / N   (shape (N, D))"}},
    {name: "ddiff", target: {node: "diff"}, given: {square: "dsquare"},
      hint: {nudge: "square = diff * diff uses diff twice; each use gives diff * dsquare.", fix: "ddiff = 2 * diff * dsquare"}},
    {name: "dmean", target: {node: "mean"}, given: {diff: "ddiff"},
      hint: {nudge: "diff = x − mean: the local derivative for mean is −1, and mean (D,) was broadcast over the rows.", fix: "dmean = -ddiff.sum(0)   (it comes out as 0: that is the point of the lesson)"}},
    {name: "dx1", target: {edge: ["x", "diff"]}, given: {diff: "ddiff"},
      hint: {nudge: "The branch of x through diff = x − mean: local derivative +1.", fix: "dx1 = ddiff"}},
    {name: "dx2", target: {edge: ["x", "mean"]}, given: {mean: "dmean"},
      hint: {nudge: "The branch of x through mean = x.mean(0): each row gets an equal share.", fix: "dx2 = np.ones([N, 1]) * dmean / N"}},
    {name: "dx", target: {node: "x"}, output: 0, sumOf: ["dx1", "dx2"],
      hint: {nudge: "x is used twice (in mean and in diff): add the two branches.", fix: "dx = dx1 + dx2"}}
  ],
  trials: [
    {name: "(4,3)", seed: 21, config: {N: 4, D: 3, scale: 1, shift: 0}},
    {name: "(6,5), shifted", seed: 22, config: {N: 6, D: 5, scale: 3, shift: 10}},
    {name: "(10,2), large scale", seed: 23, config: {N: 10, D: 2, scale: 100, shift: -20}}
  ],
  starter: `function variance_backward(dout, x) {
  const N = x.shape[0];
  // forward, stage by stage
  const mean = x.mean(0);
  const diff = x - mean;
  const square = diff * diff;
  // backward, stage 4 → 1
  const dsquare = null; // TODO (N, D)
  const ddiff = null;   // TODO (N, D)
  const dmean = null;   // TODO (D,)
  const dx1 = null;     // TODO (N, D): the branch through diff
  const dx2 = null;     // TODO (N, D): the branch through mean
  const dx = dx1 + dx2;
  return dx;
}
`,
  hints: [
    {nudge: "Go backwards one stage at a time; each gradient has the shape of its value.",
      fix: "Column sum → copy to every row; square → 2·diff·upstream; subtraction → +1 for x, −1 (summed over rows) for mean; mean → share equally over N rows."}
  ],
  mutants: [
    {id: "no-1/N", step: "dsquare", value: (c) => mapDense(c.ref.dsquare, (v) => v * c.config.N),
      hint: {nudge: "dsquare is N times too large: the 1/N of the variance is missing.", fix: "dsquare = np.ones([N, 1]) * dout / N"}},
    {id: "no-factor-2", step: "ddiff", value: (c) => mapDense(c.ref.ddiff, (v) => v / 2),
      hint: {nudge: "ddiff is half the right value: diff is used twice in diff * diff.", fix: "ddiff = 2 * diff * dsquare"}},
    {id: "bessel", step: "dx", value: (c) => mapDense(c.ref.dx, (v) => (v * c.config.N) / (c.config.N - 1)),
      hint: {nudge: "dx uses 1/(N−1); this variance divides by N (population variance).", fix: "dsquare = dout / N."}},
    {id: "dx-not-broadcast", step: "dx", value: (c) => {
      const [N, D] = c.inputs.x.shape;
      const diff = c.named.diff;
      return makeDense([N, D], Array.from(diff.data, (v, i) => (2 * v * c.inputs.dout.data[i % D])));
    }, hint: {nudge: "dx is N times too large: 2·diff·dout is missing the 1/N.", fix: "dx = 2 * diff * dout / N."}},
    {id: "sign", step: "dx", value: (c) => zipDense(c.ref.dx, c.ref.dx, (v) => -v),
      hint: {nudge: "dx has the wrong sign.", fix: "x enters diff = x − mean with a plus sign: dx1 = +ddiff."}}
  ]
};
