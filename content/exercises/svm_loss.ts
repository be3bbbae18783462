// Lesson 5: multiclass SVM (hinge) loss with margin 1, mean over N; returns [loss, dx].
import {makeDense, mapDense} from "./dense-math.ts";
import type {Dense} from "../../src/grader/index.ts";
import type {ExerciseDef, TrialContext} from "../../src/grader/index.ts";

function labels(c: Pick<TrialContext, "inputs">): number[] {
  return Array.from(c.inputs.y.data);
}

/** The SVM gradient with optional mistakes: `correctColumn` false drops the −count at the label. */
function svmGrad(x: Dense, y: number[], opts: {correctColumn?: boolean; divide?: boolean} = {}): Dense {
  const [N, C] = x.shape;
  const out = new Float64Array(N * C);
  for (let i = 0; i < N; i++) {
    const sy = x.data[i * C + y[i]];
    let count = 0;
    for (let j = 0; j < C; j++) {
      if (j === y[i]) continue;
      if (x.data[i * C + j] - sy + 1 > 0) (out[i * C + j] = 1), count++;
    }
    if (opts.correctColumn !== false) out[i * C + y[i]] = -count;
  }
  const k = opts.divide === false ? 1 : 1 / N;
  return makeDense([N, C], Array.from(out, (v) => v * k));
}

export const svm_loss: ExerciseDef = {
  id: "svm_loss",
  title: "Multiclass SVM loss",
  lesson: "05-softmax",
  fn: "svm_loss",
  params: ["x", "y"],
  returns: ["loss", "dx"],
  differentiable: ["x"],
  makeInputs({N, C, scale}, {np}) {
    return {x: np.random.randn(N, C).mul(scale), y: np.random.randint(0, C, [N])};
  },
  forward({x, y}, _config, {np}) {
    const [N, C] = x.shape;
    const onehot = np.zeros([N, C]);
    for (let i = 0; i < N; i++) onehot.set([i, y.get(i)], 1);
    const correct = x.mul(onehot).sum(1, true).named("correct");
    const margins = np.maximum(0, x.sub(correct).add(1)).mul(np.sub(1, onehot)).named("margins");
    return margins.sum().div(N).named("loss");
  },
  args({inputs}) {
    return [inputs.x, inputs.y];
  },
  steps: [
    {name: "loss", target: {value: "loss"}, output: 0,
      hint: {nudge: "Sum max(0, x_j − x_y + 1) over the wrong classes j of each row, then average over rows.", fix: "Zero the correct class's margin (it would add 1 per row) before summing; divide by N."}},
    {name: "dx", target: {node: "x"}, output: 1,
      hint: {nudge: "Each positive margin adds +1 at its class and −1 at the correct class.", fix: "dx = (margins > 0) as 0/1; dx[i, y[i]] = −(number of positive margins in row i); then dx / N."}}
  ],
  trials: [
    {name: "(5,4)", seed: 31, config: {N: 5, C: 4, scale: 1}},
    {name: "cs231n: (50,10), small scores", seed: 231, config: {N: 50, C: 10, scale: 0.001}},
    {name: "(3,3), large scores", seed: 33, config: {N: 3, C: 3, scale: 5}}
  ],
  starter: `function svm_loss(x, y) {
  const N = x.shape[0];
  const loss = null; // TODO: a number
  const dx = null;   // TODO: (N, C)
  return [loss, dx];
}
`,
  hints: [
    {nudge: "margins = max(0, x − x_correct + 1), with x_correct = x[arange(N), y] as a column (N, 1).",
      fix: "Set margins[i, y[i]] = 0, loss = margins.sum() / N; dx = np.greater(margins, 0), then dx[i, y[i]] = −(row count), then / N."}
  ],
  mutants: [
    {id: "correct-class-counted", step: "loss", value: (c) => mapDense(c.ref.loss, (v) => v + 1),
      hint: {nudge: "The loss is exactly 1 too large: the correct class's own margin (always 1) is counted.", fix: "Set margins[i, y[i]] = 0 before summing."}},
    {id: "no-correct-column", step: "dx", value: (c) => svmGrad(c.inputs.x, labels(c), {correctColumn: false}),
      hint: {nudge: "dx is right for the wrong classes but 0 at the correct class.", fix: "The correct score appears in every margin of its row: dx[i, y[i]] = −(number of positive margins) / N."}},
    {id: "no-1/N", step: "dx", value: (c) => svmGrad(c.inputs.x, labels(c), {divide: false}),
      hint: {nudge: "dx is N times too large.", fix: "The loss is a mean over N rows: divide dx by N."}}
  ]
};
