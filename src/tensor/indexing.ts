// numpy indexing: ints, slice strings, null (newaxis), "...", integer arrays (fancy indexing).
// Basic indexing makes a view; fancy indexing is resolved to a list of storage offsets.
import {Tensor, type Index} from "./tensor.ts";
import {broadcastShapes, formatShape, sizeOf, ShapeError} from "./shape.ts";

export class IndexError extends Error {
  override name = "IndexError";
}

type Entry =
  | {kind: "slice"; axis: number; start: number; step: number; len: number}
  | {kind: "int"; axis: number; i: number}
  | {kind: "new"}
  | {kind: "adv"; axis: number; idx: Int32Array; shape: number[]};

const SLICE = /^\s*([+-]?\d+)?\s*:\s*([+-]?\d+)?\s*(?::\s*([+-]?\d+)?\s*)?$/;

/** Python's slice.indices: clamps start/stop for the given size and returns the element count. */
function resolveSlice(op: string, text: string, size: number): {start: number; step: number; len: number} {
  const m = SLICE.exec(text);
  if (!m) throw new IndexError(`${op}: invalid index '${text}' (expected an integer, a slice like "1:3" or "::2", null, "..." or an integer array)`);
  const step = m[3] !== undefined ? Number(m[3]) : 1;
  if (step === 0) throw new IndexError(`${op}: slice step cannot be zero in '${text}'`);
  const clamp = (v: number | undefined, dflt: number): number => {
    if (v === undefined) return dflt;
    if (v < 0) v += size;
    if (step > 0) return Math.min(Math.max(v, 0), size);
    return Math.min(Math.max(v, -1), size - 1);
  };
  const start = clamp(m[1] !== undefined ? Number(m[1]) : undefined, step > 0 ? 0 : size - 1);
  const stop = clamp(m[2] !== undefined ? Number(m[2]) : undefined, step > 0 ? size : -1);
  const len = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
  return {start, step, len};
}

function checkInt(op: string, i: number, axis: number, size: number): number {
  if (!Number.isInteger(i)) throw new IndexError(`${op}: index ${i} on axis ${axis} is not an integer`);
  if (i < -size || i >= size) throw new IndexError(`${op}: index ${i} is out of bounds for axis ${axis} with size ${size}`);
  return i < 0 ? i + size : i;
}

/** An integer-array index as flat Int32 values plus its shape (JS boolean arrays act as masks). */
function toIndexArray(op: string, v: Tensor | readonly unknown[], axis: number, size: number): {idx: Int32Array; shape: number[]} {
  let values: ArrayLike<number>, shape: number[];
  if (v instanceof Tensor) {
    values = v.values();
    shape = v.shape.slice();
  } else if (v.length > 0 && v.every((e) => typeof e === "boolean")) {
    if (v.length !== size) throw new IndexError(`${op}: boolean index of length ${v.length} does not match axis ${axis} with size ${size}`);
    const picked: number[] = [];
    v.forEach((b, i) => b && picked.push(i));
    values = picked;
    shape = [picked.length];
  } else {
    const t = Tensor.from(v as never);
    values = t.values();
    shape = t.shape.slice();
  }
  const idx = new Int32Array(values.length);
  for (let k = 0; k < values.length; k++) idx[k] = checkInt(op, values[k], axis, size);
  return {idx, shape};
}

function isArrayIndex(v: Index): v is Tensor | readonly number[] {
  return v instanceof Tensor || Array.isArray(v);
}

/** Set on the 0/1 results of comparisons (np.greater, `x > 0`, …) so indexing can refuse them. */
const comparisonMask = Symbol.for("backstep.comparisonMask");

/** Marks a comparison's 0/1 result as a mask (see rejectMaskIndex). Returns t. */
export function markComparisonMask(t: Tensor): Tensor {
  if (t.ndim > 0) Object.defineProperty(t, comparisonMask, {value: true, enumerable: false, configurable: true});
  return t;
}

export const maskIndexMessage = "a 0/1 mask from a comparison can't be used as an index here; multiply by the mask (dout * (x > 0)) or use np.where(cond, a, b)";

/**
 * Everything is float64 here, so a 0/1 mask and an integer index array look alike; numpy would read the
 * mask as booleans, we would read it as rows 0 and 1 and silently pick or zero the wrong elements.
 * Refused as an index:
 * - a tensor made by a comparison (`x > 0`, `np.less_equal(x, 0)`: marked by the comparison ops),
 *   whatever its shape;
 * - the only index, a tensor of 2 or more dimensions with exactly x's shape whose values are all 0 or 1
 *   (e.g. `np.greater(x, 0)`): as integers it would build an array of shape x.shape + x.shape[1:] out
 *   of rows 0 and 1, which no real indexing does.
 * Integer indexing such as `probs.get(np.arange(N), y)` (1-D index arrays, one per axis) is never refused.
 */
function rejectMaskIndex(op: string, x: Tensor, index: readonly Index[]): void {
  for (const v of index) {
    if (v instanceof Tensor && v.ndim > 0 && (v as unknown as Record<symbol, unknown>)[comparisonMask] === true) throw new IndexError(`${op}: ${maskIndexMessage}`);
  }
  const only = index.length === 1 ? index[0] : null;
  if (only instanceof Tensor && only.ndim >= 2 && only.ndim === x.ndim && only.shape.every((d, i) => d === x.shape[i])) {
    const values = only.values();
    let binary = true;
    for (let k = 0; k < values.length && binary; k++) binary = values[k] === 0 || values[k] === 1;
    if (binary) throw new IndexError(`${op}: ${maskIndexMessage}`);
  }
}

export function parseIndex(op: string, x: Tensor, indexArg: readonly Index[] | Index): Entry[] {
  // `dx.set(mask, 0)`: a single index given without the list.
  const index: readonly Index[] = Array.isArray(indexArg) ? indexArg : [indexArg as Index];
  rejectMaskIndex(op, x, index);
  const used = index.filter((v) => v !== null && v !== "...").length;
  const ellipses = index.filter((v) => v === "...").length;
  if (ellipses > 1) throw new IndexError(`${op}: an index can only have a single ellipsis ("...")`);
  if (used > x.ndim) {
    throw new IndexError(`${op}: too many indices for array of shape ${formatShape(x.shape)}: ${used} given, array is ${x.ndim}-dimensional`);
  }
  const entries: Entry[] = [];
  let axis = 0;
  for (let v of index) {
    // A 0-d tensor (e.g. from argmax) indexes like the integer it holds.
    if (v instanceof Tensor && v.ndim === 0) v = v.data[v.offset];
    if (v === null) { entries.push({kind: "new"}); continue; }
    if (v === "...") {
      const fill = x.ndim - used;
      for (let k = 0; k < fill; k++, axis++) entries.push({kind: "slice", axis, start: 0, step: 1, len: x.shape[axis]});
      continue;
    }
    const size = x.shape[axis];
    if (typeof v === "number") entries.push({kind: "int", axis, i: checkInt(op, v, axis, size)});
    else if (typeof v === "string") {
      if (/^\s*[+-]?\d+\s*$/.test(v)) entries.push({kind: "int", axis, i: checkInt(op, Number(v), axis, size)});
      else entries.push({kind: "slice", axis, ...resolveSlice(op, v, size)});
    } else if (isArrayIndex(v)) entries.push({kind: "adv", axis, ...toIndexArray(op, v as Tensor | readonly unknown[], axis, size)});
    else if (typeof v === "boolean") throw new IndexError(`${op}: boolean scalar indices are not supported`);
    else throw new IndexError(`${op}: invalid index ${String(v)} on axis ${axis}`);
    axis++;
  }
  for (; axis < x.ndim; axis++) entries.push({kind: "slice", axis, start: 0, step: 1, len: x.shape[axis]});
  return entries;
}

export function hasAdvanced(entries: readonly Entry[]): boolean {
  return entries.some((e) => e.kind === "adv");
}

/** Basic indexing: a view sharing x's storage. */
export function basicView(x: Tensor, entries: readonly Entry[]): Tensor {
  let offset = x.offset;
  const shape: number[] = [], strides: number[] = [];
  for (const e of entries) {
    if (e.kind === "new") { shape.push(1); strides.push(0); }
    else if (e.kind === "int") offset += e.i * x.strides[e.axis];
    else if (e.kind === "slice") {
      offset += e.start * x.strides[e.axis];
      shape.push(e.len);
      strides.push(e.step * x.strides[e.axis]);
    }
  }
  return new Tensor(x.data, shape, strides, offset);
}

/** Storage offsets of every element of a strided view, in row-major order. */
export function viewOffsets(t: Tensor): Int32Array {
  const n = t.size, nd = t.ndim;
  const out = new Int32Array(n);
  if (n === 0) return out;
  const idx = new Array<number>(nd).fill(0);
  let off = t.offset;
  for (let k = 0; k < n; k++) {
    out[k] = off;
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < t.shape[d]) { off += t.strides[d]; break; }
      idx[d] = 0;
      off -= t.strides[d] * (t.shape[d] - 1);
    }
  }
  return out;
}

/** Result shape and storage offsets for any index (basic or fancy) into x. */
export function indexOffsets(op: string, x: Tensor, entries: readonly Entry[]): {shape: number[]; offsets: Int32Array} {
  if (!hasAdvanced(entries)) {
    const v = basicView(x, entries);
    return {shape: v.shape, offsets: viewOffsets(v)};
  }
  // With fancy indices present, integers act as 0-d index arrays (numpy's rule).
  const list = entries.map((e) => (e.kind === "int" ? {kind: "adv" as const, axis: e.axis, idx: Int32Array.of(e.i), shape: [] as number[]} : e));
  const advPos = list.map((e, i) => (e.kind === "adv" ? i : -1)).filter((i) => i >= 0);
  const advs = advPos.map((i) => list[i] as Extract<Entry, {kind: "adv"}>);
  let bshape: number[] = [];
  try {
    for (const a of advs) bshape = broadcastShapes(op, bshape, a.shape);
  } catch {
    throw new IndexError(`${op}: shape mismatch: indexing arrays could not be broadcast together with shapes ${advs.map((a) => formatShape(a.shape)).join(" ")}`);
  }
  const nb = sizeOf(bshape);
  // Offset contributed by the fancy indices at each broadcast position.
  const advOff = new Int32Array(nb);
  for (const a of advs) {
    const s = x.strides[a.axis];
    const bs = bcastIndexStrides(a.shape, bshape);
    const pos = new Array<number>(bshape.length).fill(0);
    let src = 0;
    for (let k = 0; k < nb; k++) {
      advOff[k] += a.idx[src] * s;
      for (let d = bshape.length - 1; d >= 0; d--) {
        if (++pos[d] < bshape[d]) { src += bs[d]; break; }
        pos[d] = 0;
        src -= bs[d] * (bshape[d] - 1);
      }
    }
  }
  const adjacent = advPos[advPos.length - 1] - advPos[0] === advPos.length - 1;
  // Result dims: basic dims have a stride; the fancy block is one pseudo-dim of size nb.
  const dims: {size: number; stride: number; adv: boolean}[] = [];
  let advAt = adjacent ? -1 : 0;
  let base = x.offset;
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (e.kind === "adv") { if (adjacent && advAt < 0) advAt = dims.length; continue; }
    if (e.kind === "new") dims.push({size: 1, stride: 0, adv: false});
    else if (e.kind === "slice") {
      base += e.start * x.strides[e.axis];
      dims.push({size: e.len, stride: e.step * x.strides[e.axis], adv: false});
    }
  }
  dims.splice(advAt, 0, {size: nb, stride: 0, adv: true});
  const shape: number[] = [];
  for (const d of dims) {
    if (d.adv) shape.push(...bshape);
    else shape.push(d.size);
  }
  const total = sizeOf(dims.map((d) => d.size));
  const offsets = new Int32Array(total);
  if (total === 0) return {shape, offsets};
  const pos = new Array<number>(dims.length).fill(0);
  for (let k = 0; k < total; k++) {
    let off = base;
    for (let d = 0; d < dims.length; d++) off += dims[d].adv ? advOff[pos[d]] : pos[d] * dims[d].stride;
    offsets[k] = off;
    for (let d = dims.length - 1; d >= 0; d--) {
      if (++pos[d] < dims[d].size) break;
      pos[d] = 0;
    }
  }
  return {shape, offsets};
}

function bcastIndexStrides(shape: readonly number[], target: readonly number[]): number[] {
  const out = new Array<number>(target.length).fill(0);
  const lead = target.length - shape.length;
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[lead + i] = shape[i] === 1 ? 0 : s;
    s *= shape[i];
  }
  return out;
}

export {ShapeError};
