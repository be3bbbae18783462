// The slice of the runtime's Tensor contract (DEVELOPERS.md) the graph needs. Duck-typed on purpose:
// the graph code never imports the runtime, so it also draws graphs from other realms (a Worker's
// structured clone, a sandbox) as long as they have these fields.

export interface GradNodeLike {
  op: string;
  inputs: TensorLike[];
  params?: Record<string, unknown>;
  inputGrads?: (TensorLike | null)[];
}

export interface TensorLike {
  data: ArrayLike<number>;
  shape: number[];
  strides?: number[];
  offset?: number;
  requiresGrad?: boolean;
  grad?: TensorLike | null;
  node?: GradNodeLike | null;
  name?: string | null;
}

export function isTensorLike(x: unknown): x is TensorLike {
  return (
    typeof x === "object" &&
    x !== null &&
    Array.isArray((x as TensorLike).shape) &&
    typeof (x as TensorLike).data === "object" &&
    (x as TensorLike).data !== null
  );
}

/** Reads a tensor's elements in row-major order, following strides and offset (views are common). */
export function readValues(t: TensorLike, limit = Infinity): number[] {
  const shape = t.shape;
  let size = 1;
  for (const d of shape) size *= d;
  const n = Math.min(size, limit);
  const out = new Array<number>(n);
  const offset = t.offset ?? 0;
  const strides = t.strides ?? contiguousStrides(shape);
  const index = new Array<number>(shape.length).fill(0);
  let pos = offset;
  for (let k = 0; k < n; k++) {
    out[k] = t.data[pos];
    // Odometer increment over the index, moving pos by the strides.
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d]++;
      pos += strides[d];
      if (index[d] < shape[d]) break;
      pos -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
  return out;
}

function contiguousStrides(shape: number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}
