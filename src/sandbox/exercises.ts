// What the sandbox needs to know about an exercise: the exported function name, the names of its
// outputs, and trusted trials (inputs + reference outputs + reference step gradients) for a seed.
import type {CallOutcome, ExerciseResult, Limits, PlainTensor, PreparedCall, Trial} from "./types.ts";
import {judgeTrial, summarizeExercise} from "./judge.ts";

export interface SandboxExercise {
  id: string;
  /** The function the submission must export. */
  fn: string;
  title: string;
  points: number;
  /** Parameter names, for messages such as "cache.xhat was changed in place". */
  params: string[];
  /** Names of the returned values, in order (`[dx, dgamma, dbeta]`). */
  outputs: string[];
  /** Per output: whether it is graded (src/grader/returns.ts); ungraded slots are not read. Default: all. */
  graded?: boolean[];
  /** Trusted: inputs and references, computed outside the sandbox. Same seed → same trials. */
  prepare(seed: number): PreparedCall[];
  /** Trusted: turns what the isolate returned for each prepared call into the exercise's result. */
  judge(calls: PreparedCall[], outcomes: CallOutcome[], limits: Limits): Omit<ExerciseResult, "logs" | "ms">;
  /** True when the exported function is still the starter code (not attempted). */
  isUntouched?(functionSource: string): boolean;
}

// ---- a self-contained fallback so the sandbox works (and is tested) without content/exercises.

function rng(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform() || 1e-300)) * Math.cos(2 * Math.PI * uniform());
}

const tensor = (shape: number[], data: Float64Array): PlainTensor => ({$tensor: true, shape, data});

/** Batchnorm (training mode, over axis 0) forward and its staged backward, on flat (N, D) data. */
export function batchnormReference(x: Float64Array, gamma: Float64Array, dout: Float64Array, n: number, d: number, eps = 1e-5) {
  const mu = new Float64Array(d), v = new Float64Array(d);
  for (let k = 0; k < n * d; k++) mu[k % d] += x[k] / n;
  const xmu = x.map((val, k) => val - mu[k % d]);
  for (let k = 0; k < n * d; k++) v[k % d] += (xmu[k] * xmu[k]) / n;
  const sqrtvar = v.map((val) => Math.sqrt(val + eps));
  const ivar = sqrtvar.map((s) => 1 / s);
  const xhat = xmu.map((val, k) => val * ivar[k % d]);
  // Backward, step by step (the staged graph of cs231n's batchnorm).
  const dbeta = new Float64Array(d), dgamma = new Float64Array(d), divar = new Float64Array(d);
  for (let k = 0; k < n * d; k++) {
    dbeta[k % d] += dout[k];
    dgamma[k % d] += dout[k] * xhat[k];
  }
  const dxhat = dout.map((g, k) => g * gamma[k % d]);
  for (let k = 0; k < n * d; k++) divar[k % d] += dxhat[k] * xmu[k];
  const dsqrtvar = divar.map((g, j) => -g / (sqrtvar[j] * sqrtvar[j]));
  const dvar = dsqrtvar.map((g, j) => (0.5 * g) / sqrtvar[j]);
  const dxmu = dxhat.map((g, k) => g * ivar[k % d] + (2 * xmu[k] * dvar[k % d]) / n);
  const dmu = new Float64Array(d);
  for (let k = 0; k < n * d; k++) dmu[k % d] -= dxmu[k];
  const dx = dxmu.map((g, k) => g + dmu[k % d] / n);
  return {forward: {mu, xmu, var: v, sqrtvar, ivar, xhat}, grads: {dx, dgamma, dbeta}, steps: {dxhat, divar, dsqrtvar, dvar, dxmu, dmu}};
}

function batchnormTrial(name: string, hidden: boolean, n: number, d: number, seed: number): Trial {
  const randn = rng(seed);
  const fill = (k: number, f: () => number) => Float64Array.from({length: k}, f);
  const x = fill(n * d, () => 5 * randn() + 12);
  const gamma = fill(d, randn);
  const beta = fill(d, randn);
  const dout = fill(n * d, randn);
  const eps = 1e-5;
  const {forward: f, grads: g, steps: s} = batchnormReference(x, gamma, dout, n, d, eps);
  const nd = [n, d];
  return {
    name,
    hidden,
    args: [
      tensor(nd, dout),
      {x: tensor(nd, x), gamma: tensor([d], gamma), beta: tensor([d], beta), eps, mu: tensor([d], f.mu), xmu: tensor(nd, f.xmu),
        var: tensor([d], f.var), sqrtvar: tensor([d], f.sqrtvar), ivar: tensor([d], f.ivar), xhat: tensor(nd, f.xhat)}
    ],
    expected: {dx: tensor(nd, g.dx), dgamma: tensor([d], g.dgamma), dbeta: tensor([d], g.dbeta)},
    steps: {dxhat: tensor(nd, s.dxhat), divar: tensor([d], s.divar), dsqrtvar: tensor([d], s.dsqrtvar), dvar: tensor([d], s.dvar),
      dxmu: tensor(nd, s.dxmu), dmu: tensor([d], s.dmu)}
  };
}

const batchnormHints: Record<string, string> = {
  dgamma: "dgamma sums dout * xhat over the batch axis (axis 0), giving shape (D,).",
  dbeta: "dbeta sums dout over the batch axis (axis 0), giving shape (D,).",
  dvar: "The variance branch: d(var) = sum(dxhat * xmu, axis 0) * -0.5 * (var + eps)^-1.5.",
  dmu: "The mean feeds both xmu branches: sum their gradients before dividing by N.",
  dx: "dx collects three paths: through xhat, through the variance, and through the mean."
};

const fallbackBatchnorm = {
  id: "batchnorm_backward",
  fn: "batchnorm_backward",
  title: "Batch normalization: backward pass",
  points: 10,
  params: ["dout", "cache"],
  outputs: ["dx", "dgamma", "dbeta"],
  tolerance: 1e-6,
  prepare: (seed: number): Trial[] => [
    batchnormTrial("N=4, D=5", false, 4, 5, seed * 7 + 1),
    batchnormTrial("N=16, D=10 (hidden)", true, 16, 10, seed * 7 + 2),
    batchnormTrial("N=2, D=3 (hidden)", true, 2, 3, seed * 7 + 3)
  ],
  hint: (step: string) => batchnormHints[step]
};

export const fallbackExercises: SandboxExercise[] = [
  {
    ...fallbackBatchnorm,
    judge(calls, outcomes, limits) {
      const trials = outcomes.map((o, i) => judgeTrial(fallbackBatchnorm, calls[i] as Trial, o, limits));
      return summarizeExercise(fallbackBatchnorm, trials, calls);
    }
  }
];
