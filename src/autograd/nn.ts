// Neural-network ops with exact, fused backward rules: relu, sigmoid, softmax, log_softmax,
// cross_entropy, conv2d (NCHW) and max_pool2d.
import {allocate} from "../tensor/alloc.ts";
import {Tensor, toTensor, type TensorLike} from "../tensor/tensor.ts";
import {formatShape, normalizeAxis, ShapeError} from "../tensor/shape.ts";
import {record, needsGrad} from "./graph.ts";
import {relu, sigmoid} from "./ops/elementwise.ts";
import {packedValues, transpose} from "./ops/shape.ts";
import {convBackward, convForward, type ConvGeom} from "../tensor/kernels/conv.ts";
import {maxPoolBackward, maxPoolForward, type PoolGeom} from "../tensor/kernels/pool.ts";
import {batchnorm} from "./nn-norm.ts";

/** Runs a last-axis row kernel on x moved so `axis` is last, and moves the result back. */
function alongAxis(op: string, x: Tensor, axis: number, kernel: (src: Float64Array, out: Float64Array, rows: number, n: number) => void): Tensor {
  const ax = normalizeAxis(op, axis, x.shape);
  const last = x.ndim - 1;
  const perm = [...x.shape.keys()];
  perm[ax] = last; perm[last] = ax;
  const moved = ax === last ? x : transpose(x, perm, false);
  const src = packedValues(moved);
  const n = x.shape[ax], rows = n ? src.length / n : 0;
  const out = allocate(src.length);
  kernel(src, out, rows, n);
  const t = new Tensor(out, moved.shape.slice());
  return ax === last ? t : new Tensor(packedValues(transpose(t, perm, false)), x.shape.slice());
}

function softmaxRows(src: Float64Array, out: Float64Array, rows: number, n: number): void {
  for (let r = 0, b = 0; r < rows; r++, b += n) {
    let m = -Infinity;
    for (let i = b; i < b + n; i++) if (src[i] > m) m = src[i];
    let s = 0;
    for (let i = b; i < b + n; i++) { const e = Math.exp(src[i] - m); out[i] = e; s += e; }
    const inv = 1 / s;
    for (let i = b; i < b + n; i++) out[i] *= inv;
  }
}

function logSoftmaxRows(src: Float64Array, out: Float64Array, rows: number, n: number): void {
  for (let r = 0, b = 0; r < rows; r++, b += n) {
    let m = -Infinity;
    for (let i = b; i < b + n; i++) if (src[i] > m) m = src[i];
    let s = 0;
    for (let i = b; i < b + n; i++) s += Math.exp(src[i] - m);
    const lse = m + Math.log(s);
    for (let i = b; i < b + n; i++) out[i] = src[i] - lse;
  }
}

export function softmax(x: TensorLike, axis = -1): Tensor {
  const X = toTensor(x, "softmax");
  const out = alongAxis("softmax", X, axis, softmaxRows);
  if (needsGrad(X)) {
    // dx = y · (g − Σ g·y)
    record(out, "softmax", [X], {axis}, (g) => [softmaxBackward(g, out, X, axis)]);
  }
  return out;
}

function softmaxBackward(g: Tensor, y: Tensor, X: Tensor, axis: number): Tensor {
  const yv = y.values();
  const ax = normalizeAxis("softmax", axis, X.shape);
  // Move g the same way alongAxis moves x, run the row rule, move back.
  return alongAxis("softmax", g, ax, (gs, out, rows, n) => {
    const ys = ax === X.ndim - 1 ? yv : packedValues(transpose(y, swapPerm(X.ndim, ax), false));
    for (let r = 0, b = 0; r < rows; r++, b += n) {
      let dotv = 0;
      for (let i = b; i < b + n; i++) dotv += gs[i] * ys[i];
      for (let i = b; i < b + n; i++) out[i] = ys[i] * (gs[i] - dotv);
    }
  });
}

function swapPerm(nd: number, ax: number): number[] {
  const perm = [...Array(nd).keys()];
  perm[ax] = nd - 1; perm[nd - 1] = ax;
  return perm;
}

export function log_softmax(x: TensorLike, axis = -1): Tensor {
  const X = toTensor(x, "log_softmax");
  const out = alongAxis("log_softmax", X, axis, logSoftmaxRows);
  if (needsGrad(X)) {
    record(out, "log_softmax", [X], {axis}, (g) => {
      const ax = normalizeAxis("log_softmax", axis, X.shape);
      const ls = ax === X.ndim - 1 ? out.values() : packedValues(transpose(out, swapPerm(X.ndim, ax), false));
      // dx = g − softmax · Σ g
      return [alongAxis("log_softmax", g, ax, (gs, o, rows, n) => {
        for (let r = 0, b = 0; r < rows; r++, b += n) {
          let s = 0;
          for (let i = b; i < b + n; i++) s += gs[i];
          for (let i = b; i < b + n; i++) o[i] = gs[i] - Math.exp(ls[i]) * s;
        }
      })];
    });
  }
  return out;
}

/** Integer class labels from a tensor or array, checked against N rows and C classes. */
function readLabels(op: string, y: TensorLike, N: number, C: number): Int32Array {
  const t = toTensor(y, op);
  if (t.ndim !== 1 || t.shape[0] !== N) throw new ShapeError(`${op}: labels of shape ${formatShape(t.shape)} do not match ${N} rows of scores`);
  const v = t.values();
  const out = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const c = v[i];
    if (!Number.isInteger(c) || c < 0 || c >= C) throw new RangeError(`${op}: label ${c} at row ${i} is not a class index in [0, ${C})`);
    out[i] = c;
  }
  return out;
}

/** Mean cross-entropy of scores (N, C) against integer labels y (N,): softmax loss. */
export function cross_entropy(scores: TensorLike, y: TensorLike): Tensor {
  const X = toTensor(scores, "cross_entropy");
  if (X.ndim !== 2) throw new ShapeError(`cross_entropy: scores must be 2-D (N, C), got shape ${formatShape(X.shape)}`);
  const [N, C] = X.shape;
  const labels = readLabels("cross_entropy", y, N, C);
  const src = packedValues(X);
  // One exp per score: keep the probabilities for backward, the loss uses log-sum-exp.
  const probs = allocate(src.length);
  let loss = 0;
  for (let i = 0, b = 0; i < N; i++, b += C) {
    let m = -Infinity;
    for (let j = b; j < b + C; j++) if (src[j] > m) m = src[j];
    let s = 0;
    for (let j = b; j < b + C; j++) { const e = Math.exp(src[j] - m); probs[j] = e; s += e; }
    const inv = 1 / s;
    for (let j = b; j < b + C; j++) probs[j] *= inv;
    loss += m + Math.log(s) - src[b + labels[i]];
  }
  const out = new Tensor(Float64Array.of(loss / N), []);
  if (needsGrad(X)) {
    let consumed = false;
    record(out, "cross_entropy", [X], {y: labels}, (g) => {
      // d loss / d scores = (softmax − onehot) / N. The first backward writes it over the saved
      // probabilities (saving a full-size allocation); a second backward recomputes them.
      const scale = g.item() / N;
      const dx = consumed ? allocate(src.length) : probs;
      if (consumed) softmaxRows(src, dx, N, C);
      consumed = true;
      for (let i = 0; i < dx.length; i++) dx[i] *= scale;
      for (let i = 0; i < N; i++) dx[i * C + labels[i]] -= scale;
      return [new Tensor(dx, [N, C])];
    });
  }
  return out;
}

export interface ConvParams { stride?: number; pad?: number }

export function conv2d(x: TensorLike, w: TensorLike, b?: TensorLike | null, params: ConvParams = {}): Tensor {
  const X = toTensor(x, "conv2d"), Wt = toTensor(w, "conv2d");
  const B = b === null || b === undefined ? null : toTensor(b, "conv2d");
  const stride = params.stride ?? 1, pad = params.pad ?? 0;
  if (X.ndim !== 4) throw new ShapeError(`conv2d: x must be (N, C, H, W), got shape ${formatShape(X.shape)}`);
  if (Wt.ndim !== 4) throw new ShapeError(`conv2d: w must be (F, C, HH, WW), got shape ${formatShape(Wt.shape)}`);
  const [N, C, H, W] = X.shape, [F, C2, HH, WW] = Wt.shape;
  if (C !== C2) throw new ShapeError(`conv2d: x of shape ${formatShape(X.shape)} has ${C} channels but w of shape ${formatShape(Wt.shape)} expects ${C2}`);
  if (B && (B.ndim !== 1 || B.shape[0] !== F)) throw new ShapeError(`conv2d: b of shape ${formatShape(B.shape)} must be (${F},) for w of shape ${formatShape(Wt.shape)}`);
  if (!Number.isInteger(stride) || stride < 1 || !Number.isInteger(pad) || pad < 0) throw new RangeError(`conv2d: stride (${stride}) must be a positive integer and pad (${pad}) a non-negative integer`);
  const Ho = Math.floor((H + 2 * pad - HH) / stride) + 1, Wo = Math.floor((W + 2 * pad - WW) / stride) + 1;
  if (Ho < 1 || Wo < 1) throw new ShapeError(`conv2d: filter ${HH}x${WW} larger than padded input ${H + 2 * pad}x${W + 2 * pad} (x ${formatShape(X.shape)}, pad ${pad})`);
  const g: ConvGeom = {N, C, H, W, F, HH, WW, stride, pad, Ho, Wo};
  const xv = packedValues(X), wv = packedValues(Wt);
  const out = new Tensor(convForward(xv, wv, B ? packedValues(B) : null, g), [N, F, Ho, Wo]);
  const inputs = B ? [X, Wt, B] : [X, Wt];
  if (needsGrad(X, Wt, B ?? undefined)) {
    record(out, "conv2d", inputs, {stride, pad}, (grad) => {
      const r = convBackward(xv, wv, packedValues(grad), g, {dx: X.requiresGrad, dw: Wt.requiresGrad, db: !!B && B.requiresGrad});
      const res: (Tensor | null)[] = [r.dx && new Tensor(r.dx, X.shape.slice()), r.dw && new Tensor(r.dw, Wt.shape.slice())];
      if (B) res.push(r.db && new Tensor(r.db, B.shape.slice()));
      return res;
    });
  }
  return out;
}

export interface PoolParams { pool_height?: number; pool_width?: number; stride?: number }

export function max_pool2d(x: TensorLike, params: PoolParams = {}): Tensor {
  const X = toTensor(x, "max_pool2d");
  if (X.ndim !== 4) throw new ShapeError(`max_pool2d: x must be (N, C, H, W), got shape ${formatShape(X.shape)}`);
  const ph = params.pool_height ?? 2, pw = params.pool_width ?? 2, stride = params.stride ?? 2;
  const [N, C, H, W] = X.shape;
  if (![ph, pw, stride].every((v) => Number.isInteger(v) && v >= 1)) throw new RangeError(`max_pool2d: pool_height, pool_width and stride must be positive integers, got ${ph}, ${pw}, ${stride}`);
  if (ph > H || pw > W) throw new ShapeError(`max_pool2d: pool ${ph}x${pw} larger than input ${H}x${W} (x ${formatShape(X.shape)})`);
  const Ho = Math.floor((H - ph) / stride) + 1, Wo = Math.floor((W - pw) / stride) + 1;
  const g: PoolGeom = {N, C, H, W, ph, pw, stride, Ho, Wo};
  const {out, arg} = maxPoolForward(packedValues(X), g);
  const t = new Tensor(out, [N, C, Ho, Wo]);
  if (needsGrad(X)) {
    record(t, "max_pool2d", [X], {pool_height: ph, pool_width: pw, stride}, (grad) => [
      new Tensor(maxPoolBackward(packedValues(grad), arg, X.size), X.shape.slice()),
    ]);
  }
  return t;
}

export const nn = {relu, sigmoid, softmax, log_softmax, cross_entropy, conv2d, max_pool2d, batchnorm};
