// Indexing as ops: get (view or gather, differentiable), set (in place) and np.add.at (accumulate).
import {allocate} from "../../tensor/alloc.ts";
import {Tensor, toTensor, type Index, type TensorLike} from "../../tensor/tensor.ts";
import {basicView, hasAdvanced, indexOffsets, parseIndex} from "../../tensor/indexing.ts";
import {broadcastShapes, formatShape, sameShape, ShapeError} from "../../tensor/shape.ts";
import {isGradEnabled} from "../no-grad.ts";
import {record} from "../graph.ts";
import {broadcastValues} from "./elementwise.ts";
import {packedValues} from "./shape.ts";

/**
 * x[...index] with numpy meaning. All-integer indices give a plain number (a 0-d tensor when x is
 * being differentiated, so the graph is kept); basic indexing gives a view; fancy indexing a copy.
 */
export function get(x: Tensor, index: readonly Index[]): Tensor | number {
  const entries = parseIndex("get", x, index);
  const tracking = x.requiresGrad && isGradEnabled();
  let out: Tensor;
  let offsets: Int32Array | null = null;
  if (!hasAdvanced(entries)) {
    const allInts = entries.every((e) => e.kind === "int");
    if (allInts && entries.length > 0 && !tracking) return x.data[basicView(x, entries).offset];
    out = basicView(x, entries);
  } else {
    const r = indexOffsets("get", x, entries);
    offsets = r.offsets;
    const data = allocate(offsets.length);
    const src = x.data;
    for (let k = 0; k < offsets.length; k++) data[k] = src[offsets[k]];
    out = new Tensor(data, r.shape);
  }
  if (tracking) {
    // Offsets into a packed array of x's shape: the forward ones when x itself is packed.
    const packedX = x.isContiguous() && x.offset === 0;
    record(out, "get", [x], {index: index.slice()}, (g) => {
      // Scatter-add into a packed zero array of x's shape (repeated fancy indices accumulate).
      const gx = new Tensor(allocate(x.size), x.shape.slice());
      const offs = offsets && packedX ? offsets : indexOffsets("get", gx, entries).offsets;
      const gv = packedValues(g), d = gx.data;
      for (let k = 0; k < offs.length; k++) d[offs[k]] += gv[k];
      return [gx];
    });
  }
  return out;
}

function valuesFor(op: string, x: Tensor, shape: number[], value: TensorLike): Float64Array {
  const v = toTensor(value, op);
  let target: number[];
  try {
    target = broadcastShapes(op, v.shape, shape);
  } catch {
    target = [];
  }
  if (!sameShape(target, shape)) {
    throw new ShapeError(`${op}: could not broadcast value of shape ${formatShape(v.shape)} into indexed shape ${formatShape(shape)}`);
  }
  const b = broadcastValues(v, shape);
  // Copy first when the value reads the storage we are about to write.
  return b.data === x.data ? new Float64Array(packedValues(b)) : packedValues(b);
}

/** x[...index] = value, in place (numpy broadcasting of value to the indexed shape). */
export function set(x: Tensor, index: readonly Index[], value: TensorLike): void {
  if (x.requiresGrad && isGradEnabled()) {
    throw new Error(`set: cannot write in place into an array that requires grad (shape ${formatShape(x.shape)}); build a new array, or write inside np.no_grad(() => …)`);
  }
  const {shape, offsets} = indexOffsets("set", x, parseIndex("set", x, index));
  const v = valuesFor("set", x, shape, value);
  const d = x.data;
  for (let k = 0; k < offsets.length; k++) d[offsets[k]] = v[k];
}

/** numpy.add.at: x[index] += values, accumulating at repeated indices. */
export function addAt(x: Tensor, index: Index | readonly Index[], values: TensorLike): void {
  if (x.requiresGrad && isGradEnabled()) {
    throw new Error(`add.at: cannot write in place into an array that requires grad (shape ${formatShape(x.shape)})`);
  }
  // np.add.at(x, idx, v) takes one index or a tuple; a JS array of arrays/slices is the tuple.
  const list = normalizeIndexArg(index);
  const {shape, offsets} = indexOffsets("add.at", x, parseIndex("add.at", x, list));
  const v = valuesFor("add.at", x, shape, values);
  const d = x.data;
  for (let k = 0; k < offsets.length; k++) d[offsets[k]] += v[k];
}

function normalizeIndexArg(index: Index | readonly Index[]): Index[] {
  if (!Array.isArray(index)) return [index as Index];
  // A flat list of numbers is one fancy index (numpy: np.add.at(x, [0, 0, 1], 1)).
  if (index.every((e) => typeof e === "number")) return [index as readonly number[]];
  return index as Index[];
}
