// Reading a strided view as plain row-major values, for code that holds a tensor without its methods:
// a duck-typed tensor from another realm (a Worker's structured clone, the sandbox) or the grader's copies.
// Depends on nothing but shape math, so the grader and the graph can import it without the runtime.
import {contiguousStrides} from "./shape.ts";

/** The layout fields of the Tensor contract (DEVELOPERS.md); strides/offset default to a packed array. */
export interface StridedView {
  data: ArrayLike<number>;
  shape: readonly number[];
  strides?: readonly number[];
  offset?: number;
}

/** Fills `out` with the first `out.length` elements of `t` in row-major order, following strides and offset. */
export function copyStrided<T extends {[i: number]: number; readonly length: number}>(t: StridedView, out: T): T {
  const shape = t.shape;
  const strides = t.strides ?? contiguousStrides(shape);
  const index = new Array<number>(shape.length).fill(0);
  let pos = t.offset ?? 0;
  for (let k = 0; k < out.length; k++) {
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
