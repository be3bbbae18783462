// Staged batchnorm backward (Kratzert's computational graph, steps 9 → 0), graded node by node.
import {mapDense, sumAxis0, zipDense, type Dense} from "../../src/grader/index.ts";
import type {ExerciseDef, TrialContext} from "../../src/grader/index.ts";

const starter = `function batchnorm_backward(dout, cache) {
  const {xhat, gamma, xmu, ivar, sqrtvar, var: v, eps} = cache;
  // var is a reserved word in JavaScript: the cache's var is called v here
  const N = dout.shape[0];
  // step 9
  const dbeta = null;
  const dgammax = dout;
  // step 8
  const dgamma = null;
  const dxhat = null;
  // step 7
  const divar = null;
  const dxmu1 = null;
  // step 6
  const dsqrtvar = null;
  // step 5
  const dvar = null;
  // step 4
  const dsq = null;
  // step 3
  const dxmu2 = null;
  // step 2
  const dx1 = null;
  const dmu = null;
  // step 1
  const dx2 = null;
  // step 0
  const dx = null;
  return [dx, dgamma, dbeta];
}
`;

/** Mean over axis 0 of a (N, D) Dense, broadcast back to (N, D). */
function centered(a: Dense): Dense {
  const n = a.shape[0];
  const mean = mapDense(sumAxis0(a), (v) => v / n);
  return mapDense(a, (v, i) => v - mean.data[i % mean.data.length]);
}

/** a (N,D) divided column-wise by b (D,). */
function divColumns(a: Dense, b: Dense): Dense {
  return mapDense(a, (v, i) => v / b.data[i % b.data.length]);
}

function projection(dx: Dense, ctx: TrialContext): Dense {
  return sumAxis0(zipDense(dx, ctx.named.xhat, (a, b) => a * b));
}

function scaleOf(d: Dense): number {
  let m = 0;
  for (const v of d.data) m = Math.max(m, Math.abs(v));
  return m;
}

export const batchnorm_backward: ExerciseDef = {
  id: "batchnorm_backward",
  title: "Batchnorm backward, step by step",
  lesson: "03-batchnorm-graph",
  fn: "batchnorm_backward",
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
    const mu = x.mean(0).named("mu");
    const xmu = x.sub(mu).named("xmu");
    const sq = xmu.pow(2).named("sq");
    const v = sq.mean(0).named("var");
    const sqrtvar = v.add(eps).sqrt().named("sqrtvar");
    const ivar = np.div(1, sqrtvar).named("ivar");
    const xhat = xmu.mul(ivar).named("xhat");
    const gammax = gamma.mul(xhat).named("gammax");
    return gammax.add(beta).named("out");
  },
  args({inputs, named, config}) {
    const {x, xhat, xmu, ivar, sqrtvar} = named;
    return [inputs.dout, {x, xhat, gamma: inputs.gamma, beta: inputs.beta, xmu, ivar, sqrtvar, var: named.var, eps: config.eps ?? 1e-5}];
  },
  steps: [
    {name: "dbeta", target: {node: "beta"}, output: 2,
      hint: {nudge: "beta is added to every row of gammax.", fix: "dbeta = dout.sum(0): sum the upstream gradient over the batch axis."}},
    {name: "dgammax", target: {node: "gammax"},
      hint: {nudge: "out = gammax + beta: addition passes the gradient through unchanged.", fix: "dgammax = dout"}},
    {name: "dgamma", target: {node: "gamma"}, output: 1, given: {gammax: "dgammax"},
      hint: {nudge: "gammax = gamma * xhat, and gamma is shared by every row.", fix: "dgamma = (dgammax * xhat).sum(0)"}},
    {name: "dxhat", target: {node: "xhat"}, given: {gammax: "dgammax"},
      hint: {nudge: "gammax = gamma * xhat: the local derivative with respect to xhat is gamma.", fix: "dxhat = dgammax * gamma"}},
    {name: "divar", target: {node: "ivar"}, given: {xhat: "dxhat"},
      hint: {nudge: "xhat = xmu * ivar, and ivar (D,) was broadcast over the rows.", fix: "divar = (dxhat * xmu).sum(0)"}},
    {name: "dxmu1", target: {edge: ["xmu", "xhat"]}, given: {xhat: "dxhat"},
      hint: {nudge: "This is xmu's gradient through xhat = xmu * ivar only.", fix: "dxmu1 = dxhat * ivar"}},
    {name: "dsqrtvar", target: {node: "sqrtvar"}, given: {ivar: "divar"},
      hint: {nudge: "ivar = 1 / sqrtvar; d(1/s)/ds = −1/s².", fix: "dsqrtvar = -1 / sqrtvar**2 * divar"}},
    {name: "dvar", target: {node: "var"}, given: {sqrtvar: "dsqrtvar"},
      hint: {nudge: "sqrtvar = sqrt(var + eps); d√u/du = 1/(2√u).", fix: "dvar = 0.5 / np.sqrt(v + eps) * dsqrtvar"}},
    {name: "dsq", target: {node: "sq"}, given: {var: "dvar"},
      hint: {nudge: "var = 1/N · Σₙ sq: every row of sq gets the same share.", fix: "dsq = np.ones([N, D]) / N * dvar   (shape (N, D))"}},
    {name: "dxmu2", target: {edge: ["xmu", "sq"]}, given: {sq: "dsq"},
      hint: {nudge: "sq = xmu²: this is xmu's gradient through sq only.", fix: "dxmu2 = 2 * xmu * dsq"}},
    {name: "dx1", target: {edge: ["x", "xmu"]}, given: {xmu: ["dxmu1", "dxmu2"]},
      hint: {nudge: "xmu = x − mu is used by two branches (xhat and sq); its gradient is the sum of both.", fix: "dx1 = dxmu1 + dxmu2"}},
    {name: "dmu", target: {node: "mu"}, given: {xmu: ["dxmu1", "dxmu2"]},
      hint: {nudge: "xmu = x − mu, with mu (D,) broadcast over rows and a minus sign.", fix: "dmu = -(dxmu1 + dxmu2).sum(0)"}},
    {name: "dx2", target: {edge: ["x", "mu"]}, given: {mu: "dmu"},
      hint: {nudge: "mu = 1/N · Σₙ x: each row of x gets dmu / N.", fix: "dx2 = np.ones([N, D]) / N * dmu"}},
    {name: "dx", target: {node: "x"}, output: 0, sumOf: ["dx1", "dx2"],
      hint: {nudge: "x feeds two branches: xmu and mu.", fix: "dx = dx1 + dx2"}}
  ],
  trials: [
    {name: "N=4, D=5 (cs231n)", seed: 231, config: {N: 4, D: 5, scale: 5, shift: 12}},
    {name: "N=10, D=3", seed: 7, config: {N: 10, D: 3, scale: 1, shift: 0}},
    {name: "large variance", seed: 11, config: {N: 6, D: 4, scale: 100, shift: -50}},
    {name: "tiny variance (var < eps)", seed: 13, config: {N: 5, D: 3, scale: 1e-3, shift: 3}},
    {name: "N=1", seed: 17, config: {N: 1, D: 4, scale: 1, shift: 0}}
  ],
  starter,
  hints: [
    {nudge: "Go backwards through the forward steps, one line each: gradient of a node = upstream gradient × local derivative.",
      fix: "Where the forward pass broadcast a (D,) tensor over the batch (mu, var, ivar, gamma, beta), the backward sums over axis 0; where a tensor is used twice (xmu), add the branches."}
  ],
  mutants: [
    {id: "gamma-missing", step: "dxhat", value: (c) => c.ref.dgammax,
      hint: {nudge: "dxhat equals dgammax: the factor gamma is missing.", fix: "gammax = gamma * xhat, so dxhat = dgammax * gamma."}},
    {id: "gamma-missing", step: "dx", value: (c) => divColumns(c.ref.dx, c.inputs.gamma),
      hint: {nudge: "dx is the true gradient divided by gamma: the factor gamma is missing.", fix: "The chain passes through gammax = gamma * xhat, so multiply by gamma."}},
    {id: "dgamma-no-xhat", step: "dgamma", value: (c) => c.ref.dbeta,
      hint: {nudge: "dgamma equals dbeta: the factor xhat is missing.", fix: "dgamma = (dout * xhat).sum(0)"}},
    {id: "dgamma-x-not-xhat", step: "dgamma", value: (c) => sumAxis0(zipDense(c.inputs.dout, c.inputs.x, (a, b) => a * b)),
      hint: {nudge: "dgamma uses x where the forward multiplies gamma by xhat.", fix: "dgamma = (dout * xhat).sum(0)"}},
    {id: "sqrtvar-power", step: "dsqrtvar", value: (c) => zipDense(c.ref.dsqrtvar, c.named.sqrtvar, (a, s) => a * s),
      hint: {nudge: "dsqrtvar is off by a factor sqrtvar: the power is wrong.", fix: "d(1/s)/ds = −1/s² (squared), so dsqrtvar = -divar / sqrtvar**2."}},
    {id: "var-power", step: "dvar", value: (c) => mapDense(c.ref.dvar, (a, i) => a * (c.named.var.data[i] + (c.config.eps ?? 1e-5))),
      hint: {nudge: "dvar is off by a factor (var + eps): the power of (var + eps) is wrong.", fix: "d/dvar (var+eps)^(−1/2) = −½ (var+eps)^(−3/2)."}},
    {id: "bessel", step: "dsq", value: (c) => mapDense(c.ref.dsq, (a) => a * c.config.N / (c.config.N - 1)),
      hint: {nudge: "dsq uses 1/(N−1): the forward variance divides by N.", fix: "var is the population variance (ddof 0): dsq = dvar / N."}},
    {id: "mean-branch-dropped", step: "dx", value: (c) => c.ref.dx1,
      hint: {nudge: "dx has only the path through xmu: the path through mu is missing.", fix: "x also reaches the output through mu = mean(x): add dx2 = dmu / N."}},
    {id: "variance-branch-dropped", step: "dx", value: (c) => centered(zipDense(c.ref.dx1, c.ref.dxmu2, (a, b) => a - b)),
      hint: {nudge: "dx misses the path through the variance.", fix: "xmu also feeds sq = xmu², so dxmu = dxmu1 + dxmu2 with dxmu2 = 2·xmu·dsq."}}
  ],
  invariants: [
    {id: "sum-dx", step: "dx", tol: 1e-6,
      residual: (got, c) => scaleOf(sumAxis0(got)) / (scaleOf(c.ref.dx) * got.shape[0] + 1e-300),
      hint: {nudge: "Σₙ dx should be 0 for every feature (shifting all of x by a constant does not change xhat); yours is not.",
        fix: "That happens when the branch through mu is missing or wrong: dx2 = dmu / N, dmu = −Σₙ(dxmu1 + dxmu2)."}},
    {id: "sum-dx-xhat", step: "dx", tol: 1e-6,
      residual: (got, c) => {
        const a = projection(got, c), b = projection(c.ref.dx, c);
        return scaleOf(zipDense(a, b, (p, q) => p - q)) / (scaleOf(c.ref.dx) * got.shape[0] + 1e-300);
      },
      hint: {nudge: "Σₙ dx·xhat is wrong (scaling x hardly changes xhat, so it should be almost 0); the variance branch is off.",
        fix: "Check dvar (power −3/2 of var + eps, factor ½) and dsq = dvar / N, and that dxmu2 = 2·xmu·dsq is added."}}
  ],
  nonFiniteHint: {nudge: "A step has NaN or Infinity.", fix: "Divide by sqrt(var + eps), never by sqrt(var): with N = 1 or constant columns var is 0."}
};
