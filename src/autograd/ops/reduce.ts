// Reductions (sum mean var std max min argmax) over any axes, with keepdims, and their backward rules.
import {allocate} from "../../tensor/alloc.ts";
import {Tensor, type Axis, type ReduceOptions} from "../../tensor/tensor.ts";
import {broadcastStrides, contiguousStrides, formatShape, normalizeAxes, sameShape, ShapeError, sizeOf} from "../../tensor/shape.ts";
import {maxKernel, sumKernel, centerKernel} from "../../tensor/kernels/reduce.ts";
import {record, needsGrad} from "../graph.ts";
import {binaryRaw} from "./elementwise.ts";
import {MUL, DIV, SQRT, unaryRun, binaryStrided} from "../../tensor/kernels/elementwise.ts";
import {packedValues, transpose} from "./shape.ts";
import {reduceInto, G_ID} from "../../tensor/kernels/grad.ts";

interface Plan {
  X: Float64Array; xo: number; outer: number; R: number; inner: number;
  /** Output shape without and with kept dims. */
  shape: number[]; keepShape: number[];
  /** Set when reduced axes were moved last: x.transpose(perm) is the [outer, R] layout. */
  perm: number[] | null;
}

function parseArgs(axis: Axis | ReduceOptions, keepdims: boolean | undefined): {axis: Axis; keepdims: boolean} {
  if (axis !== null && typeof axis === "object" && !Array.isArray(axis)) {
    const o = axis as ReduceOptions;
    return {axis: o.axis, keepdims: o.keepdims ?? keepdims ?? false};
  }
  return {axis: axis as Axis, keepdims: keepdims ?? false};
}

function plan(x: Tensor, axes: number[]): Plan {
  const shape: number[] = [], keepShape: number[] = [];
  const reduced = new Set(axes);
  x.shape.forEach((d, i) => {
    if (reduced.has(i)) keepShape.push(1);
    else { shape.push(d); keepShape.push(d); }
  });
  const block = axes.length === 0 || axes[axes.length - 1] - axes[0] === axes.length - 1;
  if (block) {
    const first = axes.length ? axes[0] : x.ndim, last = axes.length ? axes[axes.length - 1] + 1 : x.ndim;
    const outer = sizeOf(x.shape.slice(0, first)), R = sizeOf(x.shape.slice(first, last)), inner = sizeOf(x.shape.slice(last));
    const contiguous = x.isContiguous();
    return {X: contiguous ? x.data : packedValues(x), xo: contiguous ? x.offset : 0, outer, R, inner, shape, keepShape, perm: null};
  }
  const perm = [...x.shape.keys()].filter((i) => !reduced.has(i)).concat(axes);
  const xp = transpose(x, perm, false);
  const R = sizeOf(axes.map((a) => x.shape[a]));
  return {X: packedValues(xp), xo: 0, outer: sizeOf(shape), R, inner: 1, shape, keepShape, perm};
}

function checkNonEmpty(op: string, x: Tensor, p: Plan): void {
  if (p.R === 0) throw new ShapeError(`${op}: zero-size reduction over an empty axis of shape ${formatShape(x.shape)}`);
}

/**
 * Gradient of a reduction output broadcast back to the input's shape (times `scale`): a stride-0
 * broadcast view of the small gradient, so sum/mean backward never materialises a full-size array
 * (the next rule reads it through its strides; leaf grads are packed by backward()).
 */
function expandGrad(g: Tensor, p: Plan, inputShape: number[], scale = 1): Tensor {
  let data: Float64Array, offset = 0;
  if (scale === 1 && g.isContiguous()) { data = g.data; offset = g.offset; }
  else {
    data = allocate(g.size);
    binaryStrided(MUL, g.shape, g.data, g.offset, g.strides, Float64Array.of(scale), 0, g.shape.map(() => 0), data);
  }
  const keepStrides = contiguousStrides(p.keepShape);
  return new Tensor(data, inputShape.slice(), broadcastStrides(p.keepShape, keepStrides, inputShape), offset);
}

export function sum(x: Tensor, axis?: Axis | ReduceOptions, keepdims?: boolean): Tensor {
  const a = parseArgs(axis, keepdims);
  const axes = normalizeAxes("sum", a.axis, x.shape);
  const p = plan(x, axes);
  const out = allocate(p.outer * p.inner);
  sumKernel(p.X, p.xo, p.outer, p.R, p.inner, out);
  const t = new Tensor(out, a.keepdims ? p.keepShape : p.shape);
  if (needsGrad(x)) record(t, "sum", [x], {axis: a.axis ?? null, keepdims: a.keepdims}, (g) => [expandGrad(g, p, x.shape)]);
  return t;
}

export function mean(x: Tensor, axis?: Axis | ReduceOptions, keepdims?: boolean): Tensor {
  const a = parseArgs(axis, keepdims);
  const axes = normalizeAxes("mean", a.axis, x.shape);
  const p = plan(x, axes);
  checkNonEmpty("mean", x, p);
  const out = allocate(p.outer * p.inner);
  sumKernel(p.X, p.xo, p.outer, p.R, p.inner, out);
  const inv = 1 / p.R;
  for (let i = 0; i < out.length; i++) out[i] *= inv;
  const t = new Tensor(out, a.keepdims ? p.keepShape : p.shape);
  if (needsGrad(x)) {
    record(t, "mean", [x], {axis: a.axis ?? null, keepdims: a.keepdims}, (g) => [expandGrad(g, p, x.shape, inv)]);
  }
  return t;
}

/** Centred values (x - mean) laid out in plan order and the per-output sum of squares. */
function centred(p: Plan): {diff: Float64Array; ss: Float64Array} {
  const m = allocate(p.outer * p.inner);
  sumKernel(p.X, p.xo, p.outer, p.R, p.inner, m);
  for (let i = 0; i < m.length; i++) m[i] /= p.R;
  const diff = allocate(p.outer * p.R * p.inner);
  centerKernel(p.X, p.xo, p.outer, p.R, p.inner, m, diff);
  const sq = allocate(diff.length);
  for (let i = 0; i < diff.length; i++) sq[i] = diff[i] * diff[i];
  const ss = allocate(m.length);
  sumKernel(sq, 0, p.outer, p.R, p.inner, ss);
  return {diff, ss};
}

/** Tensor in the input's shape from data laid out in plan order. */
function fromPlanOrder(data: Float64Array, p: Plan, x: Tensor): Tensor {
  if (!p.perm) return new Tensor(data, x.shape.slice());
  const permShape = p.perm.map((i) => x.shape[i]);
  const inverse = new Array<number>(p.perm.length);
  p.perm.forEach((ax, i) => (inverse[ax] = i));
  return new Tensor(packedValues(transpose(new Tensor(data, permShape), inverse, false)), x.shape.slice());
}

/** Population variance (ddof 0), as numpy's default. */
export function variance(x: Tensor, axis?: Axis | ReduceOptions, keepdims?: boolean, ddof = 0): Tensor {
  return spread("var", x, axis, keepdims, ddof, false);
}

export function std(x: Tensor, axis?: Axis | ReduceOptions, keepdims?: boolean, ddof = 0): Tensor {
  return spread("std", x, axis, keepdims, ddof, true);
}

function spread(op: string, x: Tensor, axis: Axis | ReduceOptions | undefined, keepdims: boolean | undefined, ddof: number, root: boolean): Tensor {
  const a = parseArgs(axis, keepdims);
  const p = plan(x, normalizeAxes(op, a.axis, x.shape));
  checkNonEmpty(op, x, p);
  const {diff, ss} = centred(p);
  const denom = p.R - ddof;
  const out = allocate(ss.length);
  for (let i = 0; i < ss.length; i++) out[i] = ss[i] / denom;
  if (root) unaryRun(SQRT, out, 0, out, 0, 1, out.length);
  const t = new Tensor(out, a.keepdims ? p.keepShape : p.shape);
  if (needsGrad(x)) {
    record(t, op, [x], {axis: a.axis ?? null, keepdims: a.keepdims}, (g) => {
      // var: g * 2 (x - mean) / denom; std: g * (x - mean) / (denom * std).
      let scale = new Tensor(packedValues(g), p.keepShape);
      scale = root ? binaryRaw(DIV, op, scale, new Tensor(out, p.keepShape)) : binaryRaw(MUL, op, scale, new Tensor(Float64Array.of(2), []));
      const sData = scale.data;
      const gd = allocate(diff.length);
      for (let o = 0, q = 0; o < p.outer; o++) {
        for (let r = 0; r < p.R; r++) {
          // std is not differentiable at 0 (all values equal); use the zero subgradient, not 0/0.
          for (let i = 0; i < p.inner; i++, q++) {
            const k = o * p.inner + i;
            gd[q] = root && out[k] === 0 ? 0 : diff[q] * sData[k] / denom;
          }
        }
      }
      return [fromPlanOrder(gd, p, x)];
    });
  }
  return t;
}

function extreme(op: string, sign: 1 | -1, x: Tensor, axis: Axis | ReduceOptions | undefined, keepdims: boolean | undefined): Tensor {
  const a = parseArgs(axis, keepdims);
  const p = plan(x, normalizeAxes(op, a.axis, x.shape));
  checkNonEmpty(op, x, p);
  const n = p.outer * p.inner;
  const out = allocate(n), arg = new Int32Array(n);
  maxKernel(p.X, p.xo, p.outer, p.R, p.inner, out, arg, sign);
  const t = new Tensor(out, a.keepdims ? p.keepShape : p.shape);
  if (needsGrad(x)) {
    record(t, op, [x], {axis: a.axis ?? null, keepdims: a.keepdims}, (g) => {
      // The gradient goes to the (first) extreme element of each reduced group.
      const gv = packedValues(g);
      const gd = allocate(p.outer * p.R * p.inner);
      for (let o = 0; o < p.outer; o++) {
        for (let i = 0; i < p.inner; i++) {
          const k = o * p.inner + i;
          gd[(o * p.R + arg[k]) * p.inner + i] = gv[k];
        }
      }
      return [fromPlanOrder(gd, p, x)];
    });
  }
  return t;
}

export const max = (x: Tensor, axis?: Axis | ReduceOptions, keepdims?: boolean) => extreme("max", 1, x, axis, keepdims);
export const min = (x: Tensor, axis?: Axis | ReduceOptions, keepdims?: boolean) => extreme("min", -1, x, axis, keepdims);

function argExtreme(op: string, sign: 1 | -1, x: Tensor, axis: number | null | ReduceOptions | undefined, keepdims: boolean | undefined): Tensor {
  const a = parseArgs(axis as Axis | ReduceOptions, keepdims);
  if (Array.isArray(a.axis)) throw new ShapeError(`${op}: axis must be a single integer or null, got [${a.axis.join(", ")}]`);
  const axes = a.axis === null || a.axis === undefined ? x.shape.map((_, i) => i) : normalizeAxes(op, a.axis, x.shape);
  const p = plan(x, axes);
  checkNonEmpty(op, x, p);
  const n = p.outer * p.inner;
  const out = allocate(n), arg = new Int32Array(n);
  maxKernel(p.X, p.xo, p.outer, p.R, p.inner, out, arg, sign);
  const idx = Float64Array.from(arg);
  const flat = a.axis === null || a.axis === undefined;
  return new Tensor(idx, a.keepdims ? p.keepShape : flat ? [] : p.shape);
}

export const argmax = (x: Tensor, axis?: number | null | ReduceOptions, keepdims?: boolean) => argExtreme("argmax", 1, x, axis, keepdims);
export const argmin = (x: Tensor, axis?: number | null | ReduceOptions, keepdims?: boolean) => argExtreme("argmin", -1, x, axis, keepdims);

/** Sums a broadcast gradient back down to `shape` (the inverse of numpy broadcasting). */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  if (!g.isContiguous()) {
    // Broadcast views (stride 0) and transposes: reduce through the strides, no packed copy.
    const T = allocate(sizeOf(shape));
    const zero = {data: T, offset: 0, strides: g.shape.map(() => 0)};
    reduceInto(G_ID, g.shape, {data: g.data, offset: g.offset, strides: g.strides}, zero, zero, T, broadcastStrides(shape, contiguousStrides(shape), g.shape));
    return new Tensor(T, shape.slice());
  }
  const lead = g.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const p = plan(g, axes);
  const out = allocate(p.outer * p.inner);
  sumKernel(p.X, p.xo, p.outer, p.R, p.inner, out);
  return new Tensor(out, shape.slice());
}
