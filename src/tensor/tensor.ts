// The Tensor: float64 storage plus shape/strides/offset (views share storage), autograd fields,
// and numpy-style methods that delegate to the op modules.
import {contiguousStrides, formatShape, sizeOf} from "./shape.ts";
import type {GradNode} from "../autograd/graph.ts";
import {backward} from "../autograd/graph.ts";
import {assertAutogradAllowed} from "../autograd/no-grad.ts";
import * as ew from "../autograd/ops/elementwise.ts";
import * as red from "../autograd/ops/reduce.ts";
import * as lin from "../autograd/ops/linalg.ts";
import * as shp from "../autograd/ops/shape.ts";
import * as idx from "../autograd/ops/index.ts";
import {formatTensor} from "./format.ts";
import {fromNested, toNested} from "./creation.ts";
import {countTensor} from "./work.ts";

/** What binary ops accept on either side. */
export type TensorLike = Tensor | number | boolean | NestedArray;
export type NestedArray = readonly (number | boolean | NestedArray)[];
/** One index: integer, slice string (":", "1:3", "::2"), null (newaxis), "...", or integer array/Tensor. */
export type Index = number | string | null | Tensor | readonly number[] | NestedArray;
export type Axis = number | readonly number[] | null | undefined;
export interface ReduceOptions { axis?: Axis; keepdims?: boolean }

export class Tensor {
  data: Float64Array;
  shape: number[];
  strides: number[];
  offset: number;
  requiresGrad = false;
  grad: Tensor | null = null;
  node: GradNode | null = null;
  name: string | null = null;

  constructor(data: Float64Array, shape: number[], strides?: number[], offset = 0) {
    this.data = data;
    this.shape = shape;
    this.strides = strides ?? contiguousStrides(shape);
    this.offset = offset;
    // A view counts the elements it spans, not its whole storage (a slice in a loop is small work).
    countTensor(strides === undefined ? data.length : sizeOf(shape));
  }

  get size(): number { return sizeOf(this.shape); }
  get ndim(): number { return this.shape.length; }
  get T(): Tensor { return shp.transpose(this); }

  /** True when the elements are laid out row-major and packed starting at `offset`. */
  isContiguous(): boolean {
    let s = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      const d = this.shape[i];
      if (d !== 1 && this.strides[i] !== s) return false;
      s *= d;
    }
    return true;
  }

  /** Packed row-major copy of the elements (the storage itself when already packed and whole). */
  values(): Float64Array { return shp.packedValues(this); }

  item(): number {
    if (this.size !== 1) throw new TypeError(`item: only a tensor with one element can be converted to a number, got shape ${formatShape(this.shape)}`);
    return this.data[this.offset];
  }
  valueOf(): number {
    if (this.size !== 1) throw new TypeError(`cannot convert an array of shape ${formatShape(this.shape)} to a number (use .item() on a one-element array)`);
    return this.data[this.offset];
  }
  tolist(): unknown { return toNested(this); }
  toString(): string { return formatTensor(this); }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return formatTensor(this); }
  toJSON(): unknown { return {shape: this.shape, data: Array.from(this.values())}; }

  // Autograd.
  requiresGrad_(flag = true): this { assertAutogradAllowed("requiresGrad_()"); this.requiresGrad = flag; return this; }
  named(name: string): this { this.name = name; return this; }
  backward(dout?: TensorLike): void { backward(this, dout); }
  detach(): Tensor { return new Tensor(this.data, this.shape.slice(), this.strides.slice(), this.offset); }
  zeroGrad(): void { this.grad = null; }

  // Elementwise.
  add(b: TensorLike): Tensor { return ew.add(this, b); }
  sub(b: TensorLike): Tensor { return ew.sub(this, b); }
  mul(b: TensorLike): Tensor { return ew.mul(this, b); }
  div(b: TensorLike): Tensor { return ew.div(this, b); }
  pow(b: TensorLike): Tensor { return ew.pow(this, b); }
  mod(b: TensorLike): Tensor { return ew.mod(this, b); }
  maximum(b: TensorLike): Tensor { return ew.maximum(this, b); }
  minimum(b: TensorLike): Tensor { return ew.minimum(this, b); }
  greater(b: TensorLike): Tensor { return ew.greater(this, b); }
  greater_equal(b: TensorLike): Tensor { return ew.greater_equal(this, b); }
  less(b: TensorLike): Tensor { return ew.less(this, b); }
  less_equal(b: TensorLike): Tensor { return ew.less_equal(this, b); }
  equal(b: TensorLike): Tensor { return ew.equal(this, b); }
  not_equal(b: TensorLike): Tensor { return ew.not_equal(this, b); }
  neg(): Tensor { return ew.neg(this); }
  exp(): Tensor { return ew.exp(this); }
  log(): Tensor { return ew.log(this); }
  sqrt(): Tensor { return ew.sqrt(this); }
  abs(): Tensor { return ew.abs(this); }
  tanh(): Tensor { return ew.tanh(this); }
  square(): Tensor { return ew.square(this); }
  reciprocal(): Tensor { return ew.reciprocal(this); }
  sigmoid(): Tensor { return ew.sigmoid(this); }
  relu(): Tensor { return ew.relu(this); }
  clip(lo: number | null, hi: number | null): Tensor { return ew.clip(this, lo, hi); }

  // Reductions: x.sum(axis?, keepdims?) or x.sum({axis, keepdims}).
  sum(axis?: Axis | ReduceOptions, keepdims?: boolean): Tensor { return red.sum(this, axis, keepdims); }
  mean(axis?: Axis | ReduceOptions, keepdims?: boolean): Tensor { return red.mean(this, axis, keepdims); }
  var(axis?: Axis | ReduceOptions, keepdims?: boolean): Tensor { return red.variance(this, axis, keepdims); }
  std(axis?: Axis | ReduceOptions, keepdims?: boolean): Tensor { return red.std(this, axis, keepdims); }
  max(axis?: Axis | ReduceOptions, keepdims?: boolean): Tensor { return red.max(this, axis, keepdims); }
  min(axis?: Axis | ReduceOptions, keepdims?: boolean): Tensor { return red.min(this, axis, keepdims); }
  argmax(axis?: number | null | ReduceOptions, keepdims?: boolean): Tensor { return red.argmax(this, axis, keepdims); }
  argmin(axis?: number | null | ReduceOptions, keepdims?: boolean): Tensor { return red.argmin(this, axis, keepdims); }

  // Linear algebra and shape.
  matmul(b: TensorLike): Tensor { return lin.matmul(this, b); }
  dot(b: TensorLike): Tensor { return lin.dot(this, b); }
  transpose(...axes: (number | number[])[]): Tensor { return shp.transpose(this, ...axes); }
  reshape(...shape: (number | number[])[]): Tensor { return shp.reshape(this, ...shape); }
  flatten(): Tensor { return shp.flatten(this); }
  ravel(): Tensor { return shp.reshape(this, -1); }
  copy(): Tensor { return shp.copy(this); }
  squeeze(axis?: number): Tensor { return shp.squeeze(this, axis); }
  expand_dims(axis: number): Tensor { return shp.expandDims(this, axis); }

  // Indexing.
  get(...index: Index[]): Tensor | number {
    // Fast path for learner loops: one integer per axis on a tensor that is not being differentiated.
    const off = this.requiresGrad ? -1 : elementOffset(this, index);
    return off >= 0 ? this.data[off] : idx.get(this, index);
  }
  /** Writes in place: `x.set([i, ":"], v)` (the index list is always an array). */
  set(index: Index[] | number, value: TensorLike): this {
    const list = typeof index === "number" ? [index] : index;
    const off = typeof value === "number" && !this.requiresGrad ? elementOffset(this, list) : -1;
    if (off >= 0) this.data[off] = value as number;
    else idx.set(this, list, value);
    return this;
  }
  fill(value: number): this { this.set([], value); return this; }

  static from(x: TensorLike): Tensor { return toTensor(x); }
}

/** Storage offset of x[i, j, …] when the index is one in-bounds integer per axis, else -1. */
function elementOffset(x: Tensor, index: readonly Index[]): number {
  const shape = x.shape;
  if (index.length !== shape.length || index.length === 0) return -1;
  let off = x.offset;
  for (let d = 0; d < index.length; d++) {
    let i = index[d];
    if (typeof i !== "number" || (i | 0) !== i) return -1;
    const n = shape[d];
    if (i < 0) i += n;
    if (i < 0 || i >= n) return -1;
    off += i * x.strides[d];
  }
  return off;
}

/** Any Tensor argument: Tensors pass through; numbers, booleans and nested arrays become new tensors. */
export function toTensor(x: TensorLike | unknown, op = "array"): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === "number") return new Tensor(Float64Array.of(x), []);
  if (typeof x === "boolean") return new Tensor(Float64Array.of(x ? 1 : 0), []);
  if (Array.isArray(x) || ArrayBuffer.isView(x)) return fromNested(x as NestedArray, op);
  throw new TypeError(`${op}: expected an array or a number, got ${describe(x)}`);
}

export function describe(x: unknown): string {
  if (x === null) return "null";
  if (x instanceof Tensor) return `array of shape ${formatShape(x.shape)}`;
  if (Array.isArray(x)) return "a list";
  return typeof x === "object" ? (x as object).constructor?.name ?? "object" : `${typeof x} ${String(x)}`;
}

