// Elementwise ops with numpy broadcasting: forward kernels plus each op's backward rule.
import {allocate} from "../../tensor/alloc.ts";
import {Tensor, toTensor, type TensorLike} from "../../tensor/tensor.ts";
import {broadcastShapes, broadcastStrides, contiguousStrides, sameShape, sizeOf} from "../../tensor/shape.ts";
import * as K from "../../tensor/kernels/elementwise.ts";
import {reduceInto, G_MUL, G_DIV, G_NEG_MUL_DIV, G_MUL3, G_STEP, type Operand} from "../../tensor/kernels/grad.ts";
import {needsGrad, record} from "../graph.ts";
import {sumTo} from "./reduce.ts";
import {markComparisonMask} from "../../tensor/indexing.ts";

/** Non-recording binary kernel call: the building block for forward and backward. */
export function binaryRaw(code: number, name: string, A: Tensor, B: Tensor): Tensor {
  const as = A.shape, bs = B.shape;
  if (sameShape(as, bs) && A.isContiguous() && B.isContiguous()) {
    const n = A.size, out = allocate(n);
    K.binaryRun(code, out, 0, A.data, A.offset, 1, B.data, B.offset, 1, n);
    return new Tensor(out, as.slice());
  }
  if (B.size === 1 && bs.length <= as.length && A.isContiguous()) {
    const n = A.size, out = allocate(n);
    K.binaryRun(code, out, 0, A.data, A.offset, 1, B.data, B.offset, 0, n);
    return new Tensor(out, as.slice());
  }
  if (A.size === 1 && as.length <= bs.length && B.isContiguous()) {
    const n = B.size, out = allocate(n);
    K.binaryRun(code, out, 0, A.data, A.offset, 0, B.data, B.offset, 1, n);
    return new Tensor(out, bs.slice());
  }
  const shape = broadcastShapes(name, as, bs);
  const out = allocate(sizeOf(shape));
  K.binaryStrided(code, shape, A.data, A.offset, broadcastStrides(as, A.strides, shape),
    B.data, B.offset, broadcastStrides(bs, B.strides, shape), out);
  return new Tensor(out, shape);
}

/** Non-recording unary kernel call on any layout; output is packed. */
export function unaryRaw(code: number, A: Tensor): Tensor {
  const n = A.size, out = allocate(n);
  if (A.isContiguous()) K.unaryRun(code, out, 0, A.data, A.offset, 1, n);
  else K.unaryStrided(code, A.shape, A.data, A.offset, A.strides, out);
  return new Tensor(out, A.shape.slice());
}

function scalar(x: number): Tensor {
  return new Tensor(Float64Array.of(x), []);
}

function binary(name: string, code: number, a: TensorLike, b: TensorLike, rule: ((g: Tensor, A: Tensor, B: Tensor, out: Tensor) => (Tensor | null)[]) | null): Tensor {
  const A = toTensor(a, name), B = toTensor(b, name);
  const out = binaryRaw(code, name, A, B);
  if (rule && needsGrad(A, B)) record(out, name, [A, B], {}, (g) => rule(g, A, B, out));
  return out;
}

function unary(name: string, code: number, a: TensorLike, rule: (g: Tensor, A: Tensor, out: Tensor) => Tensor): Tensor {
  const A = toTensor(a, name);
  const out = unaryRaw(code, A);
  if (needsGrad(A)) record(out, name, [A], {}, (g) => [rule(g, A, out)]);
  return out;
}

const mulRaw = (x: Tensor, y: Tensor) => binaryRaw(K.MUL, "mul", x, y);
// Shared constants, created on first use (a module-level Tensor would hit the import cycle with tensor.ts).
let one: Tensor | null = null, two: Tensor | null = null, minusHalf: Tensor | null = null;
const ONE = () => (one ??= scalar(1)), TWO = () => (two ??= scalar(2)), MINUS_HALF = () => (minusHalf ??= scalar(-0.5));

function operand(t: Tensor, shape: readonly number[]): Operand {
  return {data: t.data, offset: t.offset, strides: broadcastStrides(t.shape, t.strides, shape)};
}

/**
 * sumTo(op(g, x, y), shape) in one fused pass (see kernels/grad.ts): the gradient of a broadcasting
 * input, without materialising the full-size product first.
 */
export function gradTo(op: number, g: Tensor, x: Tensor, y: Tensor, shape: readonly number[]): Tensor {
  const S = g.shape;
  const T = allocate(sizeOf(shape));
  reduceInto(op, S, operand(g, S), operand(x, S), operand(y, S), T, broadcastStrides(shape, contiguousStrides(shape), S));
  return new Tensor(T, shape.slice());
}

export function add(a: TensorLike, b: TensorLike): Tensor {
  return binary("add", K.ADD, a, b, (g, A, B) => [
    A.requiresGrad ? sumTo(g, A.shape) : null,
    B.requiresGrad ? sumTo(g, B.shape) : null,
  ]);
}

export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binary("sub", K.SUB, a, b, (g, A, B) => [
    A.requiresGrad ? sumTo(g, A.shape) : null,
    B.requiresGrad ? unaryRaw(K.NEG, sumTo(g, B.shape)) : null,
  ]);
}

export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binary("mul", K.MUL, a, b, (g, A, B) => [
    A.requiresGrad ? gradTo(G_MUL, g, B, ONE(), A.shape) : null,
    B.requiresGrad ? gradTo(G_MUL, g, A, ONE(), B.shape) : null,
  ]);
}

export function div(a: TensorLike, b: TensorLike): Tensor {
  return binary("div", K.DIV, a, b, (g, A, B, out) => [
    A.requiresGrad ? gradTo(G_DIV, g, B, ONE(), A.shape) : null,
    // d(a/b)/db = −out/b
    B.requiresGrad ? gradTo(G_NEG_MUL_DIV, g, out, B, B.shape) : null,
  ]);
}

export function pow(a: TensorLike, b: TensorLike): Tensor {
  const A = toTensor(a, "pow"), B = toTensor(b, "pow");
  // x ** 2 (batchnorm's `sq`, every squared error) takes the multiply kernel, not Math.pow.
  const squaring = B.size === 1 && B.ndim <= A.ndim && B.data[B.offset] === 2 && !B.requiresGrad;
  const out = squaring ? unaryRaw(K.SQUARE, A) : binaryRaw(K.POW, "pow", A, B);
  if (needsGrad(A, B)) {
    record(out, "pow", [A, B], {}, (g) => {
      let ga: Tensor | null = null, gb: Tensor | null = null;
      if (A.requiresGrad) {
        ga = squaring
          ? gradTo(G_MUL3, g, A, TWO(), A.shape)
          : gradTo(G_MUL3, g, B, binaryRaw(K.POW, "pow", A, binaryRaw(K.SUB, "pow", B, ONE())), A.shape);
      }
      if (B.requiresGrad) gb = gradTo(G_MUL3, g, out, unaryRaw(K.LOG, A), B.shape);
      return [ga, gb];
    });
  }
  return out;
}

export function mod(a: TensorLike, b: TensorLike): Tensor {
  return binary("mod", K.MOD, a, b, (g, A, B) => [
    A.requiresGrad ? sumTo(g, A.shape) : null,
    B.requiresGrad ? unaryRaw(K.NEG, sumTo(mulRaw(g, unaryRaw(K.FLOOR, binaryRaw(K.DIV, "mod", A, B))), B.shape)) : null,
  ]);
}

/** Ties split the gradient evenly, as PyTorch does. */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return binary("maximum", K.MAXIMUM, a, b, (g, A, B) => [
    A.requiresGrad ? gradTo(G_MUL, g, binaryRaw(K.MAX_SHARE, "maximum", A, B), ONE(), A.shape) : null,
    B.requiresGrad ? gradTo(G_MUL, g, binaryRaw(K.MAX_SHARE, "maximum", B, A), ONE(), B.shape) : null,
  ]);
}

export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return binary("minimum", K.MINIMUM, a, b, (g, A, B) => [
    A.requiresGrad ? gradTo(G_MUL, g, binaryRaw(K.MIN_SHARE, "minimum", A, B), ONE(), A.shape) : null,
    B.requiresGrad ? gradTo(G_MUL, g, binaryRaw(K.MIN_SHARE, "minimum", B, A), ONE(), B.shape) : null,
  ]);
}

// Comparisons return 0/1 float tensors and are not differentiable.
// Their results are marked as masks, so using one as an index fails loudly instead of reading 0/1 as rows.
const compare = (a: TensorLike, b: TensorLike, name: string, kernel: number) =>
  markComparisonMask(binary(name, kernel, a, b, null));
export const greater = (a: TensorLike, b: TensorLike) => compare(a, b, "greater", K.GT);
export const greater_equal = (a: TensorLike, b: TensorLike) => compare(a, b, "greater_equal", K.GE);
export const less = (a: TensorLike, b: TensorLike) => compare(a, b, "less", K.LT);
export const less_equal = (a: TensorLike, b: TensorLike) => compare(a, b, "less_equal", K.LE);
export const equal = (a: TensorLike, b: TensorLike) => compare(a, b, "equal", K.EQ);
export const not_equal = (a: TensorLike, b: TensorLike) => compare(a, b, "not_equal", K.NE);

export const neg = (a: TensorLike) => unary("neg", K.NEG, a, (g) => unaryRaw(K.NEG, g));
export const exp = (a: TensorLike) => unary("exp", K.EXP, a, (g, _A, out) => mulRaw(g, out));
export const log = (a: TensorLike) => unary("log", K.LOG, a, (g, A) => binaryRaw(K.DIV, "log", g, A));
// d sqrt(x) = g · 0.5 / out, written as −g·(−0.5)/out for the fused kernel.
export const sqrt = (a: TensorLike) => unary("sqrt", K.SQRT, a, (g, A, out) => gradTo(G_NEG_MUL_DIV, g, MINUS_HALF(), out, A.shape));
export const abs = (a: TensorLike) => unary("abs", K.ABS, a, (g, A) => mulRaw(g, unaryRaw(K.SIGN, A)));
export const tanh = (a: TensorLike) =>
  unary("tanh", K.TANH, a, (g, _A, out) => mulRaw(g, binaryRaw(K.SUB, "tanh", scalar(1), unaryRaw(K.SQUARE, out))));
export const sigmoid = (a: TensorLike) =>
  unary("sigmoid", K.SIGMOID, a, (g, _A, out) => mulRaw(mulRaw(g, out), binaryRaw(K.SUB, "sigmoid", scalar(1), out)));
export const relu = (a: TensorLike) => unary("relu", K.RELU, a, (g, A) => gradTo(G_STEP, g, A, ONE(), A.shape));
export const square = (a: TensorLike) => unary("square", K.SQUARE, a, (g, A) => gradTo(G_MUL3, g, A, TWO(), A.shape));
export const reciprocal = (a: TensorLike) =>
  unary("reciprocal", K.RECIPROCAL, a, (g, _A, out) => unaryRaw(K.NEG, mulRaw(g, unaryRaw(K.SQUARE, out))));

// Piecewise-constant: zero gradient almost everywhere, so not recorded.
export const sign = (a: TensorLike) => unaryRaw(K.SIGN, toTensor(a, "sign"));
export const floor = (a: TensorLike) => unaryRaw(K.FLOOR, toTensor(a, "floor"));

/** Elementwise select: cond ? a : b (cond is nonzero/zero), broadcasting all three. */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const C = toTensor(cond, "where"), A = toTensor(a, "where"), B = toTensor(b, "where");
  const shape = broadcastShapes("where", broadcastShapes("where", C.shape, A.shape), B.shape);
  const mask = binaryRaw(K.NE, "where", broadcastValues(C, shape), scalar(0));
  const av = broadcastValues(A, shape), bv = broadcastValues(B, shape);
  const n = mask.size, out = allocate(n);
  const m = mask.data, x = av.data, y = bv.data;
  for (let i = 0; i < n; i++) out[i] = m[i] !== 0 ? x[i] : y[i];
  const result = new Tensor(out, shape);
  if (needsGrad(A, B)) {
    record(result, "where", [A, B], {}, (g) => [
      A.requiresGrad ? sumTo(mulRaw(g, mask), A.shape) : null,
      B.requiresGrad ? sumTo(mulRaw(g, binaryRaw(K.SUB, "where", scalar(1), mask)), B.shape) : null,
    ]);
  }
  return result;
}

/** Limits values to [lo, hi] (null = unbounded); gradient passes where x is inside the range. */
export function clip(a: TensorLike, lo: number | null, hi: number | null): Tensor {
  const A = toTensor(a, "clip");
  let v = A.isContiguous() ? A : unaryRaw(K.COPY, A);
  if (lo !== null && lo !== undefined) v = binaryRaw(K.MAXIMUM, "clip", v, scalar(lo));
  if (hi !== null && hi !== undefined) v = binaryRaw(K.MINIMUM, "clip", v, scalar(hi));
  const out = v === A ? unaryRaw(K.COPY, A) : v;
  if (needsGrad(A)) {
    // The gradient passes where clipping left x unchanged.
    record(out, "clip", [A], {lo, hi}, (g) => [mulRaw(g, binaryRaw(K.EQ, "clip", A, out))]);
  }
  return out;
}

/** A packed copy of `t` broadcast to `shape` (no autograd). */
export function broadcastValues(t: Tensor, shape: number[]): Tensor {
  if (sameShape(t.shape, shape) && t.isContiguous()) return t;
  const out = allocate(sizeOf(shape));
  K.unaryStrided(K.COPY, shape, t.data, t.offset, broadcastStrides(t.shape, t.strides, shape), out);
  return new Tensor(out, shape.slice());
}
