// Naive convolution backward (cs231n layout: x (N,C,H,W), w (F,C,HH,WW), b (F,)), with strides and
// paddings the classic notebook never runs, so ignoring the stride or overwriting instead of
// accumulating cannot pass.
import {coverage1d, overlapSignature, scale} from "./dense-math.ts";
import type {Dense} from "../../src/grader/index.ts";
import type {ExerciseDef, TrialContext} from "../../src/grader/index.ts";

/**
 * What `dxpad[n, ":", rows, cols] = w[f] * g` leaves in dx: the last write to a padded pixel comes from the
 * last filter (f = F−1, in the n,f,i,j and n,i,j,f loop orders alike) and the last window covering it in
 * row-major order (largest i, then largest j). The overlap invariant cannot see this mistake: overwriting
 * across filters makes even single-window pixels wrong.
 */
function overwriteLastWindow(c: TrialContext): Dense {
  const {N, C, H, W, F, HH, WW, stride, pad} = c.config;
  const w = c.inputs.w, dout = c.inputs.dout;
  const [, , Ho, Wo] = dout.shape;
  const lastWindow = (p: number, k: number, count: number) => {
    for (let o = count - 1; o >= 0; o--) if (o * stride <= p && p < o * stride + k) return o;
    return -1;
  };
  const data = new Float64Array(N * C * H * W);
  const f = F - 1;
  for (let n = 0; n < N; n++) for (let ch = 0; ch < C; ch++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const i = lastWindow(y + pad, HH, Ho), j = lastWindow(x + pad, WW, Wo);
    if (i < 0 || j < 0) continue;
    const wv = w.data[((f * C + ch) * HH + (y + pad - i * stride)) * WW + (x + pad - j * stride)];
    data[((n * C + ch) * H + y) * W + x] = wv * dout.data[((n * F + f) * Ho + i) * Wo + j];
  }
  return {$tensor: true, shape: [N, C, H, W], data};
}

const strideHint = {
  nudge: "Right with stride 1, wrong with a larger stride.",
  fix: "The window of output (i, j) starts at row i·stride and column j·stride of the padded input: in code xpad[n, \":\", `${i * stride}:${i * stride + HH}`, `${j * stride}:${j * stride + WW}`], in the backward loop as in the forward one."
};

export const conv_backward_naive: ExerciseDef = {
  id: "conv_backward_naive",
  title: "Convolution backward (naive loops)",
  lesson: "07-convolution",
  fn: "conv_backward_naive",
  params: ["dout", "cache"],
  returns: ["dx", "dw", "db"],
  differentiable: ["x", "w", "b"],
  makeInputs({N, C, H, W, F, HH, WW, stride, pad}, {np}) {
    const Ho = 1 + (H + 2 * pad - HH) / stride, Wo = 1 + (W + 2 * pad - WW) / stride;
    if (!Number.isInteger(Ho) || !Number.isInteger(Wo)) throw new Error(`conv_backward_naive trial: windows do not tile (${H}+2·${pad}−${HH})/${stride}`);
    return {x: np.random.randn(N, C, H, W), w: np.random.randn(F, C, HH, WW), b: np.random.randn(F), dout: np.random.randn(N, F, Ho, Wo)};
  },
  forward({x, w, b}, {stride, pad}, {nn}) {
    return nn.conv2d(x, w, b, {stride, pad}).named("out");
  },
  args({inputs, config}) {
    return [inputs.dout, {x: inputs.x, w: inputs.w, b: inputs.b, conv_param: {stride: config.stride, pad: config.pad}}];
  },
  steps: [
    {name: "db", target: {node: "b"}, output: 2,
      hint: {nudge: "b[f] is added at every output position of filter f.", fix: "db[f] is the sum of dout over n, i and j, that is over axes 0, 2 and 3: db = dout.sum([0, 2, 3])."}},
    {name: "dw", target: {node: "w"}, output: 1,
      hint: {nudge: "w[f] meets every window of every image.", fix: "dw[f] += window * dout[n, f, i, j], summed over n, i, j (window taken from the padded x)."}},
    {name: "dx", target: {node: "x"}, output: 0,
      hint: {nudge: "Each window of the padded x receives w[f] · dout[n, f, i, j]; windows overlap, so add.",
        fix: "Inside the loop: dxpad[n, \":\", rows, cols] += dout[n, f, i, j] * w[f] (rows, cols: the window's slices, as in the forward pass). After the loop crop the padding: dx = dxpad[\":\", \":\", `${pad}:${pad + H}`, `${pad}:${pad + W}`]."}}
  ],
  trials: [
    {name: "cs231n: stride 1, pad 1", seed: 231, config: {N: 4, C: 3, H: 5, W: 5, F: 2, HH: 3, WW: 3, stride: 1, pad: 1}},
    {name: "stride 1, pad 0, 2×3 filter", seed: 21, config: {N: 2, C: 2, H: 4, W: 5, F: 3, HH: 2, WW: 3, stride: 1, pad: 0}},
    {name: "stride 2, pad 0", seed: 22, config: {N: 2, C: 3, H: 7, W: 7, F: 3, HH: 3, WW: 3, stride: 2, pad: 0}, catches: strideHint},
    {name: "stride 3, pad 2", seed: 23, config: {N: 2, C: 2, H: 5, W: 5, F: 2, HH: 3, WW: 3, stride: 3, pad: 2}, catches: strideHint},
    {name: "stride 2, pad 2, N=1, 2×4 filter", seed: 24, config: {N: 1, C: 2, H: 6, W: 8, F: 3, HH: 2, WW: 4, stride: 2, pad: 2}, catches: strideHint}
  ],
  starter: `function conv_backward_naive(dout, cache) {
  const {x, w, b, conv_param} = cache;
  const {stride, pad} = conv_param;
  const [N, C, H, W] = x.shape;
  const [F, , HH, WW] = w.shape;
  const [, , Ho, Wo] = dout.shape;
  const xpad = np.pad(x, [[0, 0], [0, 0], [pad, pad], [pad, pad]]);
  const dxpad = np.zeros(xpad.shape);
  const dw = np.zeros(w.shape);
  const db = null; // TODO
  // TODO: loop over n, f, i, j; accumulate into dw and dxpad
  const dx = null; // TODO: cut the padding off dxpad
  return [dx, dw, db];
}
`,
  hints: [
    {nudge: "Loop over n, f and the output positions (i, j), exactly like the forward pass, and send dout[n, f, i, j] back to what produced it.",
      fix: "Pad x first (np.pad), accumulate into dxpad with +=, and crop the padding at the end."}
  ],
  mutants: [
    {id: "db-mean", step: "db", value: (c) => scale(c.ref.db, 1 / (c.inputs.dout.shape[0] * c.inputs.dout.shape[2] * c.inputs.dout.shape[3])),
      hint: {nudge: "db is a mean over the batch and positions; it should be a sum.", fix: "db = dout.sum([0, 2, 3]): every position adds b[f] once, so nothing is divided."}},
    {id: "overwrite-overlap", step: "dx", value: overwriteLastWindow,
      hint: {nudge: "dx holds only the last contribution each pixel received: the last filter's, from the last window covering it.",
        fix: "Accumulate: dxpad[n, \":\", rows, cols] += dout[n, f, i, j] * w[f]; with = each filter and each later window overwrites what the earlier ones wrote."}}
  ],
  invariants: [
    {id: "overwrite-overlap", step: "dx", tol: 0.5,
      residual: (got, c) => overlapSignature(got, c.ref.dx,
        coverage1d(c.config.H, c.config.HH, c.config.stride, c.config.pad), coverage1d(c.config.W, c.config.WW, c.config.stride, c.config.pad)),
      hint: {nudge: "dx is right where only one window covers a pixel and wrong where windows overlap.",
        fix: "Accumulate: dxpad[n, \":\", rows, cols] += dout[n, f, i, j] * w[f]; with = a later window overwrites an earlier one."}}
  ]
};
