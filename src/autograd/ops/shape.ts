// Shape ops: views (reshape, transpose, squeeze, expand_dims) and copies (copy, pad, concatenate, stack).
import {allocate} from "../../tensor/alloc.ts";
import {Tensor, toTensor, type TensorLike} from "../../tensor/tensor.ts";
import {contiguousStrides, formatShape, normalizeAxis, ShapeError, sizeOf} from "../../tensor/shape.ts";
import {COPY, unaryRun, unaryStrided, scatterStrided} from "../../tensor/kernels/elementwise.ts";
import {record, needsGrad} from "../graph.ts";

/** Elements in row-major order: the storage itself when packed and whole, else a packed copy. */
export function packedValues(t: Tensor): Float64Array {
  const n = t.size;
  if (t.isContiguous()) {
    if (t.offset === 0 && t.data.length === n) return t.data;
    return t.data.subarray(t.offset, t.offset + n);
  }
  const out = allocate(n);
  unaryStrided(COPY, t.shape, t.data, t.offset, t.strides, out);
  return out;
}

/** A new tensor with its own packed storage. */
export function copy(x: TensorLike): Tensor {
  const t = toTensor(x, "copy");
  const n = t.size, out = allocate(n);
  if (t.isContiguous()) unaryRun(COPY, out, 0, t.data, t.offset, 1, n);
  else unaryStrided(COPY, t.shape, t.data, t.offset, t.strides, out);
  const r = new Tensor(out, t.shape.slice());
  if (needsGrad(t)) record(r, "copy", [t], {}, (g) => [g]);
  return r;
}

function flattenArgs(args: readonly (number | readonly number[])[]): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? (args[0] as number[]).slice() : (args as number[]).slice();
}

/** numpy transpose: reverses axes by default; a view. */
export function transpose(x: Tensor, ...args: (number | number[] | boolean)[]): Tensor {
  let recordIt = true;
  if (typeof args[args.length - 1] === "boolean") recordIt = args.pop() as boolean;
  const given = flattenArgs(args as (number | number[])[]);
  const nd = x.ndim;
  const axes = given.length ? given.map((a) => normalizeAxis("transpose", a, x.shape)) : [...Array(nd).keys()].reverse();
  if (axes.length !== nd || new Set(axes).size !== nd) {
    throw new ShapeError(`transpose: axes [${given.join(", ")}] do not match array of shape ${formatShape(x.shape)}`);
  }
  const out = new Tensor(x.data, axes.map((a) => x.shape[a]), axes.map((a) => x.strides[a]), x.offset);
  if (recordIt && needsGrad(x)) {
    const inverse = new Array<number>(nd);
    axes.forEach((a, i) => (inverse[a] = i));
    record(out, "transpose", [x], {axes}, (g) => [transpose(g, inverse, false)]);
  }
  return out;
}

/** numpy reshape with one -1 allowed; a view when x is packed, else a copy. */
export function reshape(x: Tensor, ...args: (number | number[])[]): Tensor {
  const req = flattenArgs(args);
  const n = x.size;
  let unknown = -1, known = 1;
  for (let i = 0; i < req.length; i++) {
    const d = req[i];
    if (d === -1 && unknown < 0) unknown = i;
    else if (!Number.isInteger(d) || d < 0) throw new ShapeError(`reshape: invalid dimension ${d} in [${req.join(", ")}]`);
    else known *= d;
  }
  const shape = req.slice();
  if (unknown >= 0) {
    if (known === 0 || n % known !== 0) throw new ShapeError(`reshape: cannot reshape array of size ${n} (shape ${formatShape(x.shape)}) into shape (${req.join(",")})`);
    shape[unknown] = n / known;
  }
  if (sizeOf(shape) !== n) throw new ShapeError(`reshape: cannot reshape array of size ${n} (shape ${formatShape(x.shape)}) into shape (${req.join(",")})`);
  const out = x.isContiguous()
    ? new Tensor(x.data, shape, contiguousStrides(shape), x.offset)
    : new Tensor(packedValues(x), shape);
  if (needsGrad(x)) record(out, "reshape", [x], {shape}, (g) => [reshape(g, x.shape)]);
  return out;
}

export function flatten(x: Tensor): Tensor {
  // numpy's flatten always copies.
  return reshape(x.isContiguous() ? copy(x) : x, -1);
}

export function squeeze(x: Tensor, axis?: number): Tensor {
  if (axis === undefined) return reshape(x, x.shape.filter((d) => d !== 1));
  const a = normalizeAxis("squeeze", axis, x.shape);
  if (x.shape[a] !== 1) throw new ShapeError(`squeeze: cannot select axis ${axis} of size ${x.shape[a]} in shape ${formatShape(x.shape)} (size must be 1)`);
  return reshape(x, x.shape.filter((_, i) => i !== a));
}

export function expandDims(x: Tensor, axis: number): Tensor {
  const nd = x.ndim + 1;
  if (axis < -nd || axis >= nd) throw new ShapeError(`expand_dims: axis ${axis} out of range for shape ${formatShape(x.shape)}`);
  const a = axis < 0 ? axis + nd : axis;
  const shape = x.shape.slice();
  shape.splice(a, 0, 1);
  return reshape(x, shape);
}

/** Copies `src` into a region of packed `dst` (shape dstShape) starting at `starts`. */
function writeRegion(dst: Float64Array, dstShape: number[], starts: number[], src: Tensor): void {
  const ds = contiguousStrides(dstShape);
  let off = 0;
  for (let i = 0; i < starts.length; i++) off += starts[i] * ds[i];
  const srcValues = packedValues(src);
  scatterStrided(src.shape, srcValues, contiguousStrides(src.shape), dst, off, ds);
}

/** The view of packed `data` (shape) at `starts` with `size`. */
function regionView(data: Tensor, starts: number[], size: number[]): Tensor {
  let off = data.offset;
  for (let i = 0; i < starts.length; i++) off += starts[i] * data.strides[i];
  return new Tensor(data.data, size, data.strides.slice(), off);
}

export type PadWidth = number | readonly number[] | readonly (readonly number[])[];

/** numpy.pad with constant values: pad_width as n, [before, after], or one pair per axis. */
export function pad(x: TensorLike, padWidth: PadWidth, opts: {constant_values?: number; mode?: string} = {}): Tensor {
  const t = toTensor(x, "pad");
  if (opts.mode && opts.mode !== "constant") throw new Error(`pad: only mode 'constant' is supported, got '${opts.mode}'`);
  const nd = t.ndim;
  let pairs: number[][];
  if (typeof padWidth === "number") pairs = Array.from({length: nd}, () => [padWidth, padWidth]);
  else if (padWidth.length && typeof padWidth[0] === "number") {
    const p = padWidth as readonly number[];
    if (p.length === 1) pairs = Array.from({length: nd}, () => [p[0], p[0]]);
    else if (p.length === 2) pairs = Array.from({length: nd}, () => [p[0], p[1]]);
    else throw new ShapeError(`pad: pad_width [${p.join(", ")}] must be n, [before, after] or one pair per axis of shape ${formatShape(t.shape)}`);
  } else {
    pairs = (padWidth as readonly (readonly number[])[]).map((p) => (p.length === 1 ? [p[0], p[0]] : [p[0], p[1]]));
    if (pairs.length === 1 && nd > 1) pairs = Array.from({length: nd}, () => pairs[0]);
  }
  if (pairs.length !== nd) throw new ShapeError(`pad: pad_width has ${pairs.length} pairs for array of shape ${formatShape(t.shape)}`);
  for (const [b, a] of pairs) {
    if (!Number.isInteger(b) || !Number.isInteger(a) || b < 0 || a < 0) throw new ShapeError(`pad: pad widths must be non-negative integers, got [${b}, ${a}]`);
  }
  const shape = t.shape.map((d, i) => d + pairs[i][0] + pairs[i][1]);
  const data = allocate(sizeOf(shape));
  const cv = opts.constant_values ?? 0;
  if (cv !== 0) data.fill(cv);
  const starts = pairs.map((p) => p[0]);
  writeRegion(data, shape, starts, t);
  const out = new Tensor(data, shape);
  if (needsGrad(t)) record(out, "pad", [t], {pad_width: pairs}, (g) => [copy(regionView(g.isContiguous() ? g : copy(g), starts, t.shape))]);
  return out;
}

export function concatenate(list: readonly TensorLike[], axis = 0): Tensor {
  if (!list.length) throw new ShapeError("concatenate: need at least one array to concatenate");
  const ts = list.map((x) => toTensor(x, "concatenate"));
  const first = ts[0];
  if (first.ndim === 0) throw new ShapeError("concatenate: zero-dimensional arrays cannot be concatenated");
  const ax = normalizeAxis("concatenate", axis, first.shape);
  for (const t of ts) {
    const ok = t.ndim === first.ndim && t.shape.every((d, i) => i === ax || d === first.shape[i]);
    if (!ok) throw new ShapeError(`concatenate: shapes ${formatShape(first.shape)} and ${formatShape(t.shape)} do not match except on axis ${ax}`);
  }
  const shape = first.shape.slice();
  shape[ax] = ts.reduce((s, t) => s + t.shape[ax], 0);
  const data = allocate(sizeOf(shape));
  let at = 0;
  const offsets: number[] = [];
  for (const t of ts) {
    const s = shape.map(() => 0);
    s[ax] = at;
    offsets.push(at);
    writeRegion(data, shape, s, t);
    at += t.shape[ax];
  }
  const out = new Tensor(data, shape);
  if (ts.some((t) => t.requiresGrad)) {
    record(out, "concatenate", ts, {axis: ax}, (g) => {
      const gc = g.isContiguous() ? g : copy(g);
      return ts.map((t, i) => {
        if (!t.requiresGrad) return null;
        const s = shape.map(() => 0);
        s[ax] = offsets[i];
        return copy(regionView(gc, s, t.shape));
      });
    });
  }
  return out;
}

export function stack(list: readonly TensorLike[], axis = 0): Tensor {
  if (!list.length) throw new ShapeError("stack: need at least one array to stack");
  const ts = list.map((x) => toTensor(x, "stack"));
  const nd = ts[0].ndim + 1;
  if (axis < -nd || axis >= nd) throw new ShapeError(`stack: axis ${axis} out of range for shape ${formatShape(ts[0].shape)}`);
  for (const t of ts) {
    if (t.shape.length !== ts[0].shape.length || t.shape.some((d, i) => d !== ts[0].shape[i])) {
      throw new ShapeError(`stack: all input arrays must have the same shape, got ${formatShape(ts[0].shape)} and ${formatShape(t.shape)}`);
    }
  }
  const a = axis < 0 ? axis + nd : axis;
  return concatenate(ts.map((t) => expandDims(t, a)), a);
}

/** A read-only broadcast view of x to `shape` (stride 0 on broadcast axes). */
export function broadcastTo(x: TensorLike, shape: number[]): Tensor {
  const t = toTensor(x, "broadcast_to");
  const lead = shape.length - t.ndim;
  if (lead < 0) throw new ShapeError(`broadcast_to: cannot broadcast ${formatShape(t.shape)} to ${formatShape(shape)}`);
  const strides = shape.map((d, i) => {
    if (i < lead) return 0;
    const sd = t.shape[i - lead];
    if (sd === d) return t.strides[i - lead];
    if (sd === 1) return 0;
    throw new ShapeError(`broadcast_to: cannot broadcast ${formatShape(t.shape)} to ${formatShape(shape)}`);
  });
  return new Tensor(t.data, shape.slice(), strides, t.offset);
}
