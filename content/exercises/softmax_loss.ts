// Softmax (cross-entropy) loss and its gradient, cs231n: returns [loss, dx], mean over the batch.
import {makeDense, softmaxRows} from "./dense-math.ts";
import type {Dense} from "../../src/grader/index.ts";
import type {ExerciseDef} from "../../src/grader/index.ts";

/** (probs − onehot)/N with the −1 placed by `place(row, label)` (true where 1 is subtracted). */
function minusOne(x: Dense, y: Dense, place: (row: number, col: number, labels: Set<number>) => boolean): Dense {
  const [n, c] = x.shape;
  const p = softmaxRows(x);
  const labels = new Set(Array.from(y.data));
  const out = new Float64Array(n * c);
  for (let i = 0; i < n; i++) for (let j = 0; j < c; j++) out[i * c + j] = (p.data[i * c + j] - (place(i, j, labels) ? 1 : 0)) / n;
  return makeDense([n, c], out);
}

export const softmax_loss: ExerciseDef = {
  id: "softmax_loss",
  title: "Softmax loss and gradient",
  lesson: "05-softmax",
  fn: "softmax_loss",
  params: ["x", "y"],
  returns: ["loss", "dx"],
  differentiable: ["x"],
  makeInputs({N, C, scale, plant}, {np}) {
    const x = np.random.randn(N, C).mul(scale);
    // `plant`: one score ≥ plant in every row, so exp overflows for every seed in code that does not
    // subtract the row max (a random draw overflows only when some score happens to exceed ~709).
    if (plant) {
      for (let i = 0; i < N; i++) {
        const j = Math.floor(np.random.rand(1).item() * C);
        x.data[i * C + j] = plant + Math.abs(x.data[i * C + j]);
      }
    }
    return {x, y: np.random.randint(0, C, [N])};
  },
  forward({x, y}, _config, {nn}) {
    return nn.cross_entropy(x, y).named("loss");
  },
  args({inputs}) {
    return [inputs.x, inputs.y];
  },
  steps: [
    {name: "loss", target: {value: "loss"}, output: 0,
      hint: {nudge: "The loss is the mean over rows of −log(probability of the correct class).", fix: "loss = -(log_probs[np.arange(N), y]).mean(), with log_probs = shifted − log(Σ exp(shifted))."}},
    {name: "dx", target: {node: "x"}, output: 1,
      hint: {nudge: "The gradient of the mean cross-entropy is (softmax − one-hot) / N.", fix: "dx = probs.copy(); dx[np.arange(N), y] -= 1; dx /= N"}}
  ],
  trials: [
    {name: "cs231n: N=50, C=10, small scores", seed: 231, config: {N: 50, C: 10, scale: 0.001}},
    {name: "N=7, C=3", seed: 2, config: {N: 7, C: 3, scale: 1}},
    {name: "N=1", seed: 6, config: {N: 1, C: 4, scale: 1}},
    {name: "scores in the hundreds", seed: 8, config: {N: 5, C: 4, scale: 500, plant: 800},
      catches: {nudge: "Right for small scores, wrong (NaN or Infinity) when scores are in the hundreds.",
        fix: "Two things break there: exp(800) overflows (subtract each row's max before exp), and a probability like e^−800 rounds to 0, so log(p) is −Infinity (compute log-probabilities as shifted − log(Σ exp(shifted)) instead of log(p))."}}
  ],
  starter: `function softmax_loss(x, y) {
  const N = x.shape[0];
  const loss = null; // TODO: a number
  const dx = null;   // TODO: (N, C)
  return [loss, dx];
}
`,
  hints: [
    {nudge: "Compute probabilities with a numerically stable softmax, then the mean negative log-probability of the right class.",
      fix: "The gradient with respect to the scores is (probs − onehot(y)) / N."}
  ],
  mutants: [
    {id: "minus-one-forgotten", step: "dx", value: (c) => minusOne(c.inputs.x, c.inputs.y, () => false),
      hint: {nudge: "dx is softmax / N: the −1 at the correct class is missing.", fix: "Subtract 1 at [n, y[n]] for every row: dx[np.arange(N), y] -= 1 (before dividing by N)."}},
    {id: "minus-one-not-divided", step: "dx", value: (c) => {
      // dx = probs / N, then dx[np.arange(N), y] -= 1: the −1 is not divided by N.
      const [n, k] = c.inputs.x.shape;
      const right = minusOne(c.inputs.x, c.inputs.y, (i, j) => c.inputs.y.data[i] === j);
      return n > 1 ? {...right, data: right.data.map((v, idx) => (c.inputs.y.data[Math.floor(idx / k)] === idx % k ? v - 1 + 1 / n : v))} : null;
    },
      hint: {nudge: "dx divides the probabilities by N but not the −1 at the correct class.", fix: "Subtract 1 first, then divide the whole of dx by N: dx[np.arange(N), y] -= 1; dx /= N."}},
    {id: "minus-one-wrong-place", step: "dx", value: (c) => minusOne(c.inputs.x, c.inputs.y, (_i, j, labels) => labels.has(j)),
      hint: {nudge: "The −1 went to whole columns (every row, every label that occurs), not one entry per row.",
        fix: "Use paired indices, dx[np.arange(N), y] -= 1, not dx[:, y] -= 1."}}
  ],
  nonFiniteHint: {nudge: "NaN or Infinity: either exp of a large score overflowed, or log of a probability that rounded to 0 (log 0 = −Infinity).",
    fix: "Subtract the row max from the scores before exp (softmax does not change), and take the loss from log-probabilities logp = shifted − log(Σ exp(shifted)), never from log(p)."}
};
