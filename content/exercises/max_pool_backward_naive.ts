// Naive max-pool backward, with overlapping windows (stride < pool size) and ties, which the classic
// 2×2/stride-2 test never has.
import {coverage1d, overlapSignature} from "./dense-math.ts";
import type {Dense} from "../../src/grader/index.ts";
import type {ExerciseDef} from "../../src/grader/index.ts";

function nonzeros(d: Dense): number {
  let n = 0;
  for (const v of d.data) if (v !== 0) n++;
  return n;
}

/** The gradient routed the way a mistaken backward routes it: to the whole window, or to every maximum. */
function routeWindows(x: Dense, dout: Dense, config: Record<string, number>, how: "all" | "maxima"): Dense | null {
  const [N, C, H, W] = x.shape, {ph, pw, stride} = config;
  const [, , Ho, Wo] = dout.shape;
  const out = new Float64Array(x.data.length);
  const at = (n: number, c: number, i: number, j: number) => ((n * C + c) * H + i) * W + j;
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let i = 0; i < Ho; i++) for (let j = 0; j < Wo; j++) {
    const g = dout.data[((n * C + c) * Ho + i) * Wo + j];
    let top = -Infinity;
    for (let k = 0; k < ph * pw; k++) top = Math.max(top, x.data[at(n, c, i * stride + Math.floor(k / pw), j * stride + (k % pw))]);
    for (let k = 0; k < ph * pw; k++) {
      const r = i * stride + Math.floor(k / pw), s = j * stride + (k % pw);
      if (how === "all" || (how === "maxima" && x.data[at(n, c, r, s)] === top)) out[at(n, c, r, s)] += g;
    }
  }
  return {$tensor: true, shape: x.shape.slice(), data: out};
}

const overlapHint = {
  nudge: "Right when windows do not overlap, wrong when they do.",
  fix: "A pixel can be the max of several windows: accumulate, dx[window max] += dout[n, c, i, j], not =."
};

export const max_pool_backward_naive: ExerciseDef = {
  id: "max_pool_backward_naive",
  title: "Max-pool backward (naive loops)",
  lesson: "08-pooling-spatial-bn",
  fn: "max_pool_backward_naive",
  params: ["dout", "cache"],
  returns: ["dx"],
  differentiable: ["x"],
  makeInputs({N, C, H, W, ph, pw, stride, ties, shared}, {np}) {
    const Ho = 1 + (H - ph) / stride, Wo = 1 + (W - pw) / stride;
    if (!Number.isInteger(Ho) || !Number.isInteger(Wo)) throw new Error(`max_pool_backward_naive trial: windows do not tile`);
    const x = np.random.randn(N, C, H, W);
    // Trials catch their mistake by construction, whatever the seed: a tie in every window, or in
    // every channel a peak that is the max of every window covering it (so `=` and `+=` differ).
    const pick = (n: number) => Math.floor(np.random.rand(1).item() * n);
    const at = (n: number, c: number, i: number, j: number) => ((n * C + c) * H + i) * W + j;
    for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) {
      if (ties) {
        for (let i = 0; i < Ho; i++) for (let j = 0; j < Wo; j++) {
          const cells = ph * pw, first = pick(cells), second = (first + 1 + pick(cells - 1)) % cells;
          let top = -Infinity;
          for (let k = 0; k < cells; k++) top = Math.max(top, x.data[at(n, c, i * stride + Math.floor(k / pw), j * stride + (k % pw))]);
          for (const k of [first, second]) x.data[at(n, c, i * stride + Math.floor(k / pw), j * stride + (k % pw))] = top + 1;
        }
      }
      if (shared) {
        // A cell in the overlap of windows (0, 0) and (0, 1): rows [0, ph), columns [stride, pw).
        const i = pick(ph), j = stride + pick(pw - stride);
        x.data[at(n, c, i, j)] = 10;
      }
    }
    return {x, dout: np.random.randn(N, C, Ho, Wo)};
  },
  forward({x}, {ph, pw, stride}, {nn}) {
    return nn.max_pool2d(x, {pool_height: ph, pool_width: pw, stride}).named("out");
  },
  args({inputs, config}) {
    return [inputs.dout, {x: inputs.x, pool_param: {pool_height: config.ph, pool_width: config.pw, stride: config.stride}}];
  },
  steps: [
    {name: "dx", target: {node: "x"}, output: 0,
      hint: {nudge: "Only the maximum of each window influenced the output.",
        fix: "For each window, find its argmax (the first one if several are equal) and add dout[n, c, i, j] there."}}
  ],
  trials: [
    {name: "cs231n: 2×2, stride 2", seed: 231, config: {N: 3, C: 2, H: 8, W: 8, ph: 2, pw: 2, stride: 2}},
    {name: "overlapping 2×2, stride 1", seed: 31, config: {N: 2, C: 2, H: 5, W: 5, ph: 2, pw: 2, stride: 1, shared: 1}, catches: overlapHint},
    {name: "overlapping 3×3, stride 2", seed: 32, config: {N: 2, C: 3, H: 7, W: 7, ph: 3, pw: 3, stride: 2, shared: 1}, catches: overlapHint},
    {name: "2×3 windows, stride 3", seed: 33, config: {N: 1, C: 2, H: 8, W: 9, ph: 2, pw: 3, stride: 3},
      catches: {nudge: "Right with stride equal to the window, wrong with 2×3 windows and stride 3.", fix: "Window (i, j) starts at (i·stride, j·stride) and spans pool_height rows and pool_width columns."}},
    {name: "ties (equal values in a window)", seed: 34, config: {N: 2, C: 2, H: 4, W: 4, ph: 2, pw: 2, stride: 2, ties: 1},
      catches: {nudge: "Wrong when a window holds several equal maxima.", fix: "Send the gradient to one position only: the first argmax of the window, as np.argmax does."}}
  ],
  starter: `function max_pool_backward_naive(dout, cache) {
  const {x, pool_param} = cache;
  const {pool_height: PH, pool_width: PW, stride: S} = pool_param;
  const [N, C, H, W] = x.shape;
  const [, , Ho, Wo] = dout.shape;
  const dx = np.zeros(x.shape);
  // TODO: for each n, c, i, j: find the max of the window and add dout[n, c, i, j] there
  return dx;
}
`,
  hints: [{nudge: "Max pooling routes each output's gradient to the single input that was the maximum of its window.",
    fix: "dx = zeros like x; for every n, c, i, j: find the argmax inside the window and add dout[n, c, i, j] there."}],
  mutants: [
    // Mistakes only pooling has, as data: the whole window gets the gradient, or every tied maximum does.
    {id: "routed-to-window", step: "dx", value: (c) => routeWindows(c.inputs.x, c.inputs.dout, c.config, "all"),
      hint: {nudge: "dx sends dout to every cell of the window, not only to the window's maximum.", fix: "Find the argmax of the window and add dout[n, c, i, j] at that one position."}},
    {id: "routed-to-all-maxima", step: "dx", value: (c) => (c.config.ties ? routeWindows(c.inputs.x, c.inputs.dout, c.config, "maxima") : null),
      hint: {nudge: "dx sends the gradient to every position equal to the window's max.", fix: "With ties, route dout to one position only (the first argmax)."}}
  ],
  invariants: [
    {id: "overwrite-overlap", step: "dx", tol: 0.5,
      residual: (got, c) => overlapSignature(got, c.ref.dx, coverage1d(c.config.H, c.config.ph, c.config.stride), coverage1d(c.config.W, c.config.pw, c.config.stride)),
      hint: overlapHint},
    {id: "every-max", step: "dx", tol: 0,
      residual: (got, c) => (c.config.ties && nonzeros(got) > nonzeros(c.ref.dx) ? 1 : 0),
      hint: {nudge: "dx sends gradient to more positions than there are windows: each window's gradient goes to exactly one cell.", fix: "With ties, route dout to one position only (the first argmax)."}}
  ]
};
