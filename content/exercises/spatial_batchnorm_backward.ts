// Lesson 8: spatial batchnorm = batchnorm of (N, C, H, W) per channel over N, H, W.
import {makeDense, mapDense} from "./dense-math.ts";
import {channelsFirst, channelsLast, mulColumns, normBackward, sumRows} from "./norm-math.ts";
import type {ExerciseDef, TrialContext} from "../../src/grader/index.ts";

/** Closed form on the (N·H·W, C) view, back to NCHW; `count` overrides M = N·H·W (mutants). */
function spatialDx(c: TrialContext, count?: number) {
  const rows = mulColumns(channelsLast(c.inputs.dout), c.inputs.gamma.data);
  const dx = normBackward(rows, channelsLast(c.named.xhat), c.named.ivar.data, 0, count);
  return channelsFirst(dx, c.inputs.x.shape);
}

/** The reshape-without-transpose mistake: (N, C, H, W) read as (N·H·W, C) rows directly. */
function unpermuted(c: TrialContext) {
  const {dout, gamma, x} = c.inputs;
  const C = x.shape[1], M = x.data.length / C;
  const rows = (d: {data: Float64Array}) => makeDense([M, C], d.data);
  const dxRows = normBackward(mulColumns(rows(dout), gamma.data), rows(c.named.xhat), c.named.ivar.data, 0);
  return {
    dbeta: sumRows(rows(dout)),
    dgamma: sumRows(makeDense([M, C], Array.from(dout.data, (v, i) => v * c.named.xhat.data[i]))),
    dxFlat: makeDense(x.shape, dxRows.data),
    dxTransposedBack: channelsFirst(dxRows, x.shape)
  };
}

export const spatial_batchnorm_backward: ExerciseDef = {
  id: "spatial_batchnorm_backward",
  title: "Spatial batchnorm backward",
  lesson: "08-pooling-spatial-bn",
  fn: "spatial_batchnorm_backward",
  params: ["dout", "cache"],
  returns: ["dx", "dgamma", "dbeta"],
  differentiable: ["x", "gamma", "beta"],
  makeInputs({N, C, H, W, scale, shift}, {np}) {
    return {
      x: np.random.randn(N, C, H, W).mul(scale).add(shift),
      gamma: np.random.randn(C),
      beta: np.random.randn(C),
      dout: np.random.randn(N, C, H, W)
    };
  },
  forward({x, gamma, beta}, config, {np}) {
    const C = x.shape[1];
    const eps = config.eps ?? 1e-5;
    const mu = x.mean([0, 2, 3], true).named("mu");
    const xmu = x.sub(mu).named("xmu");
    const v = xmu.mul(xmu).mean([0, 2, 3], true).named("var");
    const ivar = np.div(1, v.add(eps).sqrt()).named("ivar");
    const xhat = xmu.mul(ivar).named("xhat");
    return xhat.mul(gamma.reshape(1, C, 1, 1)).add(beta.reshape(1, C, 1, 1)).named("out");
  },
  args({inputs, named, config}) {
    const C = inputs.x.shape[1];
    const ivar = makeDense([C], named.ivar.data);
    return [inputs.dout, {x: inputs.x, xhat: named.xhat, gamma: inputs.gamma, beta: inputs.beta, ivar, eps: config.eps ?? 1e-5}];
  },
  steps: [
    {name: "dbeta", target: {node: "beta"}, output: 2,
      hint: {nudge: "beta_c is added at every position of every image of channel c.", fix: "dbeta = dout.sum([0, 2, 3])"}},
    {name: "dgamma", target: {node: "gamma"}, output: 1,
      hint: {nudge: "gamma_c is shared by all N·H·W positions of channel c.", fix: "dgamma = (dout * xhat).sum([0, 2, 3])"}},
    {name: "dx", target: {node: "x"}, output: 0,
      hint: {nudge: "Move channels last and flatten: (N·H·W, C) rows; apply the batchnorm closed form with M = N·H·W; undo the reshape.",
        fix: "rows = t => t.transpose(0, 2, 3, 1).reshape(-1, C); dxr = gamma * ivar / M * (M * rows(dout) - dbeta - rows(xhat) * dgamma); dx = dxr.reshape(N, H, W, C).transpose(0, 3, 1, 2)"}}
  ],
  trials: [
    {name: "cs231n: (2,3,4,5)", seed: 231, config: {N: 2, C: 3, H: 4, W: 5, scale: 4, shift: 10}},
    {name: "(1,2,3,3)", seed: 41, config: {N: 1, C: 2, H: 3, W: 3, scale: 1, shift: 0}},
    {name: "(4,1,2,2)", seed: 42, config: {N: 4, C: 1, H: 2, W: 2, scale: 2, shift: -3}}
  ],
  starter: `function spatial_batchnorm_backward(dout, cache) {
  const {xhat, gamma, ivar} = cache;
  const [N, C, H, W] = dout.shape;
  const M = N * H * W;
  const dx = null;     // TODO (N, C, H, W)
  const dgamma = null; // TODO (C,)
  const dbeta = null;  // TODO (C,)
  return [dx, dgamma, dbeta];
}
`,
  hints: [
    {nudge: "Spatial batchnorm is vanilla batchnorm on x.transpose(0, 2, 3, 1).reshape(-1, C).",
      fix: "Reshape dout and xhat the same way, use dx = gamma * ivar / M * (M * dout − dbeta − xhat * dgamma), then reshape(N, H, W, C).transpose(0, 3, 1, 2)."}
  ],
  mutants: [
    {id: "N-not-NHW", step: "dx", value: (c) => spatialDx(c, c.config.N),
      hint: {nudge: "dx uses N where the statistics are over N·H·W values per channel.", fix: "Use M = N * H * W in the closed form."}},
    {id: "reshape-without-transpose", step: "dbeta", value: (c) => unpermuted(c).dbeta,
      hint: {nudge: "The right kind of numbers in the wrong places: reshaping (N, C, H, W) straight to (−1, C) mixes channels within a row.", fix: "Transpose to channels-last first — t.transpose(0, 2, 3, 1).reshape(-1, C) — and back afterwards with .reshape(N, H, W, C).transpose(0, 3, 1, 2)."}},
    {id: "reshape-without-transpose", step: "dgamma", value: (c) => unpermuted(c).dgamma,
      hint: {nudge: "The right kind of numbers in the wrong places: reshaping (N, C, H, W) straight to (−1, C) mixes channels within a row.", fix: "Transpose to channels-last first — t.transpose(0, 2, 3, 1).reshape(-1, C) — and back afterwards with .reshape(N, H, W, C).transpose(0, 3, 1, 2)."}},
    {id: "reshape-without-transpose", step: "dx", value: (c) => unpermuted(c).dxFlat,
      hint: {nudge: "The right kind of numbers in the wrong places: reshaping (N, C, H, W) straight to (−1, C) mixes channels within a row.", fix: "Transpose to channels-last first — t.transpose(0, 2, 3, 1).reshape(-1, C) — and back afterwards with .reshape(N, H, W, C).transpose(0, 3, 1, 2)."}},
    {id: "reshape-without-transpose", step: "dx", value: (c) => unpermuted(c).dxTransposedBack,
      hint: {nudge: "The right kind of numbers in the wrong places: reshaping (N, C, H, W) straight to (−1, C) mixes channels within a row.", fix: "Transpose to channels-last first — t.transpose(0, 2, 3, 1).reshape(-1, C) — and back afterwards with .reshape(N, H, W, C).transpose(0, 3, 1, 2)."}},
    {id: "gamma-missing", step: "dx", value: (c) => {
      const ones = mapDense(c.inputs.gamma, () => 1);
      return spatialDx({...c, inputs: {...c.inputs, gamma: ones}});
    }, hint: {nudge: "dx is missing the factor gamma.", fix: "dxhat = dout * gamma (per channel) before the closed form."}}
  ]
};
