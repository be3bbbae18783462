// Lesson 4: the closed-form batchnorm backward, dx = γ·ivar/N · (N·dout − Σdout − x̂·Σ dout·x̂).
import {batchnorm_backward} from "./batchnorm_backward.ts";
import {mapDense} from "./dense-math.ts";
import {mulColumns, normBackward, sumRows} from "./norm-math.ts";
import type {ExerciseDef, TrialContext} from "../../src/grader/index.ts";

/** The closed form with a chosen mistake. */
function closedForm(c: TrialContext, opts: {count?: number; gamma?: boolean} = {}) {
  const dxhat = opts.gamma === false ? c.inputs.dout : mulColumns(c.inputs.dout, c.inputs.gamma.data);
  return normBackward(dxhat, c.named.xhat, c.named.ivar.data, 0, opts.count);
}

export const batchnorm_backward_alt: ExerciseDef = {
  id: "batchnorm_backward_alt",
  title: "Batchnorm backward in closed form",
  lesson: "04-batchnorm-paper",
  fn: "batchnorm_backward_alt",
  params: ["dout", "cache"],
  returns: ["dx", "dgamma", "dbeta"],
  differentiable: ["x", "gamma", "beta"],
  makeInputs: batchnorm_backward.makeInputs,
  forward: batchnorm_backward.forward,
  args: batchnorm_backward.args,
  steps: [
    {name: "dbeta", target: {node: "beta"}, output: 2,
      hint: {nudge: "beta is shared by all N rows.", fix: "dbeta = dout.sum(0)"}},
    {name: "dgamma", target: {node: "gamma"}, output: 1,
      hint: {nudge: "gamma is shared by all N rows: sum the per-row contributions dout·xhat.", fix: "dgamma = (dout * xhat).sum(0)"}},
    {name: "dx", target: {node: "x"}, output: 0,
      hint: {nudge: "dx = γ/(Nσ) · (N·dout − dbeta − xhat·dgamma), with ivar = 1/σ.", fix: "dx = gamma * ivar / N * (N * dout - dbeta - xhat * dgamma)"}}
  ],
  trials: batchnorm_backward.trials,
  starter: `function batchnorm_backward_alt(dout, cache) {
  const {xhat, gamma, ivar} = cache;
  const N = dout.shape[0];
  const dbeta = null;  // TODO (D,)
  const dgamma = null; // TODO (D,)
  const dx = null;     // TODO (N, D)
  return [dx, dgamma, dbeta];
}
`,
  hints: [
    {nudge: "Start with the two sums, dbeta and dgamma; the closed-form dx uses both.",
      fix: "dx = gamma * ivar / N * (N * dout - dbeta - xhat * dgamma)"}
  ],
  mutants: [
    {id: "dgamma-no-xhat", step: "dgamma", value: (c) => c.ref.dbeta,
      hint: {nudge: "dgamma equals dbeta: the factor xhat is missing.", fix: "dgamma = (dout * xhat).sum(0)"}},
    {id: "gamma-missing", step: "dx", value: (c) => closedForm(c, {gamma: false}),
      hint: {nudge: "dx is missing the factor gamma.", fix: "The gradient reaches xhat through gamma·xhat: multiply by gamma."}},
    {id: "wrong-N", step: "dx", value: (c) => closedForm(c, {count: 1}),
      hint: {nudge: "dx is off by the batch-size factors: check 1/N in front and N·dout inside.", fix: "dx = gamma * ivar / N * (N * dout - dbeta - xhat * dgamma)"}},
    {id: "no-mean-term", step: "dx", value: (c) => {
      const full = closedForm(c);
      // add back the removed Σdout term: γ·ivar/N · Σ dout, per column
      const D = c.inputs.gamma.data.length;
      const s = sumRows(c.inputs.dout).data;
      return mapDense(full, (v, i) => v + (c.inputs.gamma.data[i % D] * c.named.ivar.data[i % D] / c.config.N) * s[i % D]);
    }, hint: {nudge: "dx misses the '− dbeta' term (the path through the mean).", fix: "Subtract dbeta inside the bracket: N*dout − dbeta − xhat*dgamma."}}
  ],
  invariants: batchnorm_backward.invariants,
  nonFiniteHint: batchnorm_backward.nonFiniteHint
};
