// The batchnorm graph the graph tests draw: cs231n's staged forward in our runtime, every
// intermediate named, after a backward with a non-uniform upstream gradient (the sum of a batchnorm
// output does not depend on x, so dout = ones would give dx = 0).
import {np} from "../../../src/tensor/index.ts";

export function batchnormModel(prefix = "") {
  const n = (name: string) => `${prefix}${name}`;
  const x = np.array([[1, 2, 3], [4, 0, -1], [2, 5, 1], [0, 1, 2]], {requiresGrad: true}).named("x");
  const gamma = np.array([1.5, 0.5, 2], {requiresGrad: true}).named(n("gamma"));
  const beta = np.array([0.1, -0.2, 0.3], {requiresGrad: true}).named(n("beta"));
  const mu = x.mean(0).named(n("mu"));
  const xmu = x.sub(mu).named(n("xmu"));
  const sq = xmu.pow(2).named(n("sq"));
  const variance = sq.mean(0).named(n("var"));
  const sqrtvar = variance.add(1e-5).sqrt().named(n("sqrtvar"));
  const ivar = np.div(1, sqrtvar).named(n("ivar"));
  const xhat = xmu.mul(ivar).named(n("xhat"));
  const gammax = gamma.mul(xhat).named(n("gammax"));
  const out = gammax.add(beta).named(n("out"));
  const dout = np.array([[1, -2, 0.5], [0.3, 1, -1], [2, 0.1, 1], [-1, 0.4, 0.2]]);
  out.backward(dout);
  return {x, gamma, beta, mu, xmu, sq, variance, sqrtvar, ivar, xhat, gammax, out, dout};
}
