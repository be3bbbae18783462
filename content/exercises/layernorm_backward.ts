// Lesson 9: layer normalization, the batchnorm graph over the other axis; outputs only.
import {mulColumns, normBackward} from "./norm-math.ts";
import type {ExerciseDef, TrialContext} from "../../src/grader/index.ts";

function rowDx(c: TrialContext, opts: {gammaOutside?: boolean} = {}) {
  const {dout, gamma} = c.inputs;
  if (!opts.gammaOutside) return normBackward(mulColumns(dout, gamma.data), c.named.xhat, c.named.ivar.data, 1);
  // the batchnorm habit: closed form on dout, gamma multiplied afterwards
  return mulColumns(normBackward(dout, c.named.xhat, c.named.ivar.data, 1), gamma.data);
}

export const layernorm_backward: ExerciseDef = {
  id: "layernorm_backward",
  title: "Layernorm backward",
  lesson: "09-layernorm",
  fn: "layernorm_backward",
  params: ["dout", "cache"],
  returns: ["dx", "dgamma", "dbeta"],
  differentiable: ["x", "gamma", "beta"],
  makeInputs({N, D, scale, shift}, {np}) {
    return {
      x: np.random.randn(N, D).mul(scale).add(shift),
      gamma: np.random.randn(D),
      beta: np.random.randn(D),
      dout: np.random.randn(N, D)
    };
  },
  forward({x, gamma, beta}, config, {np}) {
    const eps = config.eps ?? 1e-5;
    const mu = x.mean(1, true).named("mu");
    const xmu = x.sub(mu).named("xmu");
    const sq = xmu.mul(xmu).named("sq");
    const v = sq.mean(1, true).named("var");
    const sqrtvar = v.add(eps).sqrt().named("sqrtvar");
    const ivar = np.div(1, sqrtvar).named("ivar");
    const xhat = xmu.mul(ivar).named("xhat");
    return gamma.mul(xhat).add(beta).named("out");
  },
  args({inputs, named, config}) {
    const {xhat, xmu, ivar, sqrtvar} = named;
    return [inputs.dout, {x: inputs.x, xhat, gamma: inputs.gamma, beta: inputs.beta, xmu, ivar, sqrtvar, var: named.var, eps: config.eps ?? 1e-5}];
  },
  steps: [
    {name: "dbeta", target: {node: "beta"}, output: 2,
      hint: {nudge: "beta is still one per feature, shared by all rows.", fix: "dbeta = dout.sum(0)"}},
    {name: "dgamma", target: {node: "gamma"}, output: 1,
      hint: {nudge: "gamma is still one per feature, shared by all rows.", fix: "dgamma = (dout * xhat).sum(0)"}},
    {name: "dx", target: {node: "x"}, output: 0,
      hint: {nudge: "The statistics are per row now: the sums in dx run over axis 1, and gamma varies along that axis.",
        fix: "dxhat = dout * gamma; dx = ivar / D * (D * dxhat - dxhat.sum(1, true) - xhat * (dxhat * xhat).sum(1, true))"}}
  ],
  trials: [
    {name: "cs231n: (4,5)", seed: 231, config: {N: 4, D: 5, scale: 2, shift: 3}},
    {name: "(3,8), large scale", seed: 51, config: {N: 3, D: 8, scale: 10, shift: -4}},
    {name: "N=1", seed: 52, config: {N: 1, D: 6, scale: 1, shift: 0}}
  ],
  starter: `function layernorm_backward(dout, cache) {
  const {xhat, gamma, ivar} = cache;
  const D = dout.shape[1];
  const dx = null;
  const dgamma = null;
  const dbeta = null;
  return [dx, dgamma, dbeta];
}
`,
  hints: [
    {nudge: "Same graph as batchnorm, other axis: which sums are over rows, which over features?",
      fix: "dbeta, dgamma sum over axis 0 (they are per feature); dx's sums run over axis 1 with dxhat = dout * gamma inside them."}
  ],
  mutants: [
    {id: "gamma-outside-sums", step: "dx", value: (c) => rowDx(c, {gammaOutside: true}),
      hint: {nudge: "gamma was pulled out of the row sums, as batchnorm allows; here gamma changes along the summed axis.",
        fix: "Multiply first: dxhat = dout * gamma, then use dxhat inside the sums."}},
    {id: "batchnorm-axis", step: "dx", value: (c) => {
      // statistics over axis 0 instead of 1 — the batchnorm formula copied unchanged
      const {dout, gamma} = c.inputs;
      const N = dout.shape[0];
      if (N < 2) return null;
      const xhat = c.named.xhat;
      const ivarRow = c.named.ivar.data;
      const ivarCol = Array.from({length: dout.shape[1]}, (_, k) => ivarRow[k % N]);
      return normBackward(mulColumns(dout, gamma.data), xhat, ivarCol, 0);
    }, hint: {nudge: "dx sums over the batch axis; layernorm's statistics are over the features of each row.", fix: "Use .sum(1, true) (per row) and D instead of N."}},
  ]
};
