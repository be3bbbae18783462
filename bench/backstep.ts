// The Backstep column: our float64 runtime, forward + backward through autograd, the way the grader
// uses it (build the graph from leaves that require grad, call backward(dout), read every .grad).
// Coded against the runtime contract in DEVELOPERS.md; loaded lazily so the other columns still run
// when src/tensor is missing or an op throws.

export type Outputs = Record<string, Float64Array>;

/** The slice of the runtime contract the benchmark uses (structural, so a drifting API fails loudly at run time, not at import). */
export interface BsTensor {
  data: Float64Array;
  shape: number[];
  strides: number[];
  offset: number;
  size: number;
  grad: BsTensor | null;
  requiresGrad_(): BsTensor;
  backward(dout?: BsTensor): void;
  copy(): BsTensor;
  item(): number;
  [method: string]: unknown;
}
type Op = (...args: unknown[]) => BsTensor;
export interface BsNp {
  zeros(shape: number[]): BsTensor;
  array(value: unknown, options?: {requiresGrad?: boolean}): BsTensor;
  [name: string]: unknown;
}
export interface BsNn {
  [name: string]: unknown;
}
export interface Runtime {
  np: BsNp;
  nn: BsNn;
}

let runtime: Promise<Runtime> | null = null;

/** Imports src/tensor/index.ts once. Rejects with the import error if the runtime is not there yet. */
export function loadRuntime(): Promise<Runtime> {
  runtime ??= import(new URL("../src/tensor/index.ts", import.meta.url).href).then((m: Partial<Runtime>) => {
    if (!m.np || !m.nn) throw new Error("src/tensor/index.ts does not export np and nn");
    return {np: m.np, nn: m.nn};
  });
  return runtime;
}

function call(owner: Record<string, unknown>, name: string, where: string): Op {
  const fn = owner[name];
  if (typeof fn !== "function") throw new Error(`${where}.${name} is not a function (runtime contract)`);
  return fn.bind(owner) as Op;
}

/** A tensor of `shape` holding a copy of `values`. */
export function tensor(rt: Runtime, values: ArrayLike<number>, shape: number[], requiresGrad = false): BsTensor {
  const t = rt.np.zeros(shape);
  t.data.set(values);
  return requiresGrad ? t.requiresGrad_() : t;
}

/** Row-major contents of `t`, copying only when it is a view. */
export function flat(t: BsTensor): Float64Array {
  let expected = 1;
  let contiguous = t.offset === 0 && t.data.length === t.size;
  for (let i = t.shape.length - 1; i >= 0 && contiguous; i--) {
    if (t.shape[i] !== 1 && t.strides[i] !== expected) contiguous = false;
    expected *= t.shape[i];
  }
  return contiguous ? t.data : t.copy().data;
}

function gradOf(t: BsTensor, name: string): Float64Array {
  if (!t.grad) throw new Error(`backward left no gradient on ${name}`);
  return flat(t.grad);
}

/** A timed Backstep step: `run` does the work, `results` returns its outputs for comparison. */
export interface BsStep {
  run: () => unknown;
  results: () => Outputs;
}

function makeStep(step: () => Outputs): BsStep {
  return {run: step, results: step};
}

function method(t: BsTensor, name: string): Op {
  return call(t as unknown as Record<string, unknown>, name, "Tensor");
}

export function bsMatmul(rt: Runtime, a: Float64Array, b: Float64Array, m: number, k: number, n: number): BsStep {
  const ta = tensor(rt, a, [m, k]);
  const tb = tensor(rt, b, [k, n]);
  const matmul = call(rt.np, "matmul", "np");
  return makeStep(() => ({c: flat(matmul(ta, tb))}));
}

/** Matmul forward + backward through autograd (dA = dC·Bᵀ, dB = Aᵀ·dC): three products. */
export function bsMatmulGrad(rt: Runtime, a: Float64Array, b: Float64Array, dc: Float64Array, m: number, k: number, n: number): BsStep {
  const ta = tensor(rt, a, [m, k], true);
  const tb = tensor(rt, b, [k, n], true);
  const td = tensor(rt, dc, [m, n]);
  const matmul = call(rt.np, "matmul", "np");
  return makeStep(() => {
    ta.grad = tb.grad = null;
    const c = matmul(ta, tb);
    c.backward(td);
    return {c: flat(c), da: gradOf(ta, "a"), db: gradOf(tb, "b")};
  });
}

/** Batchnorm staged as in cs231n's computational-graph lesson, each step one recorded op. */
export function bsBatchnorm(rt: Runtime, x: Float64Array, gamma: Float64Array, beta: Float64Array, dout: Float64Array, n: number, d: number, eps: number): BsStep {
  const tx = tensor(rt, x, [n, d], true);
  const tg = tensor(rt, gamma, [d], true);
  const tb = tensor(rt, beta, [d], true);
  const td = tensor(rt, dout, [n, d]);
  const div = call(rt.np, "div", "np");
  const sqrt = call(rt.np, "sqrt", "np");
  return makeStep(() => {
    tx.grad = tg.grad = tb.grad = null;
    const mu = method(tx, "mean")(0);
    const xmu = method(tx, "sub")(mu);
    const sq = method(xmu, "pow")(2);
    const variance = method(sq, "mean")(0);
    const sqrtvar = sqrt(method(variance, "add")(eps));
    const ivar = div(1, sqrtvar);
    const xhat = method(xmu, "mul")(ivar);
    const gammax = method(tg, "mul")(xhat);
    const out = method(gammax, "add")(tb);
    out.backward(td);
    return {out: flat(out), dx: gradOf(tx, "x"), dgamma: gradOf(tg, "gamma"), dbeta: gradOf(tb, "beta")};
  });
}

/** Batchnorm as one fused op (nn.batchnorm): the runtime's own closed-form backward. */
export function bsBatchnormFused(rt: Runtime, x: Float64Array, gamma: Float64Array, beta: Float64Array, dout: Float64Array, n: number, d: number, eps: number): BsStep {
  const tx = tensor(rt, x, [n, d], true);
  const tg = tensor(rt, gamma, [d], true);
  const tb = tensor(rt, beta, [d], true);
  const td = tensor(rt, dout, [n, d]);
  const batchnorm = call(rt.nn, "batchnorm", "nn");
  return makeStep(() => {
    tx.grad = tg.grad = tb.grad = null;
    const out = batchnorm(tx, tg, tb, {eps});
    out.backward(td);
    return {out: flat(out), dx: gradOf(tx, "x"), dgamma: gradOf(tg, "gamma"), dbeta: gradOf(tb, "beta")};
  });
}

/** Softmax cross-entropy: the fused nn.cross_entropy op, or staged as cs231n's vectorized softmax_loss. */
export function bsSoftmax(rt: Runtime, scores: Float64Array, y: Int32Array, n: number, c: number, fused: boolean): BsStep {
  const ts = tensor(rt, scores, [n, c], true);
  const labels = rt.np.array(Array.from(y));
  const rows = call(rt.np, "arange", "np")(n);
  const exp = call(rt.np, "exp", "np");
  const log = call(rt.np, "log", "np");
  const crossEntropy = fused ? call(rt.nn, "cross_entropy", "nn") : null;
  return makeStep(() => {
    ts.grad = null;
    let loss: BsTensor;
    if (crossEntropy) {
      loss = crossEntropy(ts, labels);
    } else {
      const shifted = method(ts, "sub")(method(ts, "max")({axis: 1, keepdims: true}));
      const z = method(exp(shifted), "sum")({axis: 1, keepdims: true});
      const logProbs = method(shifted, "sub")(log(z));
      const picked = method(logProbs, "get")(rows, labels);
      loss = method(method(picked, "sum")(), "mul")(-1 / n);
    }
    loss.backward();
    return {loss: Float64Array.of(loss.item()), dscores: gradOf(ts, "scores")};
  });
}

export function bsConv(rt: Runtime, x: Float64Array, w: Float64Array, b: Float64Array, dout: Float64Array,
  s: {n: number; c: number; h: number; w: number; f: number; kh: number; kw: number; stride: number; pad: number; ho: number; wo: number}): BsStep {
  const tx = tensor(rt, x, [s.n, s.c, s.h, s.w], true);
  const tw = tensor(rt, w, [s.f, s.c, s.kh, s.kw], true);
  const tb = tensor(rt, b, [s.f], true);
  const td = tensor(rt, dout, [s.n, s.f, s.ho, s.wo]);
  const conv2d = call(rt.nn, "conv2d", "nn");
  return makeStep(() => {
    tx.grad = tw.grad = tb.grad = null;
    const out = conv2d(tx, tw, tb, {stride: s.stride, pad: s.pad});
    out.backward(td);
    return {out: flat(out), dx: gradOf(tx, "x"), dw: gradOf(tw, "w"), db: gradOf(tb, "b")};
  });
}

export function bsMaxPool(rt: Runtime, x: Float64Array, dout: Float64Array,
  s: {n: number; c: number; h: number; w: number; ph: number; pw: number; stride: number; ho: number; wo: number}): BsStep {
  const tx = tensor(rt, x, [s.n, s.c, s.h, s.w], true);
  const td = tensor(rt, dout, [s.n, s.c, s.ho, s.wo]);
  const maxPool = call(rt.nn, "max_pool2d", "nn");
  return makeStep(() => {
    tx.grad = null;
    const out = maxPool(tx, {pool_height: s.ph, pool_width: s.pw, stride: s.stride});
    out.backward(td);
    return {out: flat(out), dx: gradOf(tx, "x")};
  });
}

/** c = a·b + a on tiny tensors, then backward: the fixed cost of recording and differentiating ops. */
export function bsOpFloor(rt: Runtime, a: Float64Array, b: Float64Array, dc: Float64Array): BsStep {
  const ta = tensor(rt, a, [a.length], true);
  const tb = tensor(rt, b, [b.length], true);
  const td = tensor(rt, dc, [dc.length]);
  return makeStep(() => {
    ta.grad = tb.grad = null;
    const c = method(method(ta, "mul")(tb), "add")(ta);
    c.backward(td);
    return {c: flat(c), da: gradOf(ta, "a"), db: gradOf(tb, "b")};
  });
}
