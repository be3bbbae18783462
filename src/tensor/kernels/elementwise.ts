// Elementwise kernels on Float64Array with numpy broadcasting.
// Each op is one tight loop over a strided 1-D run (a switch outside the loop picks it);
// N-d inputs are coalesced so same-shape, scalar, row and column broadcasts become one or two loops.
import {contiguousStrides, sizeOf} from "../shape.ts";

export const ADD = 0, SUB = 1, MUL = 2, DIV = 3, POW = 4, MAXIMUM = 5, MINIMUM = 6,
  GT = 7, GE = 8, LT = 9, LE = 10, EQ = 11, NE = 12, MOD = 13,
  /** 1 where a > b, 0.5 where equal, 0 else: the share of the gradient maximum(a, b) sends to a. */
  MAX_SHARE = 14,
  MIN_SHARE = 15;

export function binaryRun(op: number, out: Float64Array, o: number, A: Float64Array, ia: number, sa: number, B: Float64Array, ib: number, sb: number, n: number): void {
  if (sa === 1 && sb === 1 && op <= MINIMUM) return binaryContiguous(op, out, o, A, ia, B, ib, n);
  if (sa === 1 && sb === 0 && op <= DIV) return binaryScalarB(op, out, o, A, ia, B[ib], n);
  const end = o + n;
  switch (op) {
    case ADD: for (; o < end; o++, ia += sa, ib += sb) out[o] = A[ia] + B[ib]; return;
    case SUB: for (; o < end; o++, ia += sa, ib += sb) out[o] = A[ia] - B[ib]; return;
    case MUL: for (; o < end; o++, ia += sa, ib += sb) out[o] = A[ia] * B[ib]; return;
    case DIV: for (; o < end; o++, ia += sa, ib += sb) out[o] = A[ia] / B[ib]; return;
    case POW: for (; o < end; o++, ia += sa, ib += sb) out[o] = Math.pow(A[ia], B[ib]); return;
    case MAXIMUM: for (; o < end; o++, ia += sa, ib += sb) { const x = A[ia], y = B[ib]; out[o] = x >= y || x !== x ? x : y; } return;
    case MINIMUM: for (; o < end; o++, ia += sa, ib += sb) { const x = A[ia], y = B[ib]; out[o] = x <= y || x !== x ? x : y; } return;
    case GT: for (; o < end; o++, ia += sa, ib += sb) out[o] = A[ia] > B[ib] ? 1 : 0; return;
    case GE: for (; o < end; o++, ia += sa, ib += sb) out[o] = A[ia] >= B[ib] ? 1 : 0; return;
    case LT: for (; o < end; o++, ia += sa, ib += sb) out[o] = A[ia] < B[ib] ? 1 : 0; return;
    case LE: for (; o < end; o++, ia += sa, ib += sb) out[o] = A[ia] <= B[ib] ? 1 : 0; return;
    case EQ: for (; o < end; o++, ia += sa, ib += sb) out[o] = A[ia] === B[ib] ? 1 : 0; return;
    case NE: for (; o < end; o++, ia += sa, ib += sb) out[o] = A[ia] !== B[ib] ? 1 : 0; return;
    case MOD: for (; o < end; o++, ia += sa, ib += sb) { const y = B[ib]; const r = A[ia] % y; out[o] = r !== 0 && (r < 0) !== (y < 0) ? r + y : r; } return;
    case MAX_SHARE: for (; o < end; o++, ia += sa, ib += sb) { const x = A[ia], y = B[ib]; out[o] = x > y ? 1 : x === y ? 0.5 : 0; } return;
    case MIN_SHARE: for (; o < end; o++, ia += sa, ib += sb) { const x = A[ia], y = B[ib]; out[o] = x < y ? 1 : x === y ? 0.5 : 0; } return;
    default: throw new Error(`binaryRun: unknown op code ${op}`);
  }
}

/** The common case: both operands packed along the run (one index for all three arrays). */
function binaryContiguous(op: number, out: Float64Array, o: number, A: Float64Array, ia: number, B: Float64Array, ib: number, n: number): void {
  switch (op) {
    case ADD: for (let k = 0; k < n; k++) out[o + k] = A[ia + k] + B[ib + k]; return;
    case SUB: for (let k = 0; k < n; k++) out[o + k] = A[ia + k] - B[ib + k]; return;
    case MUL: for (let k = 0; k < n; k++) out[o + k] = A[ia + k] * B[ib + k]; return;
    case DIV: for (let k = 0; k < n; k++) out[o + k] = A[ia + k] / B[ib + k]; return;
    case POW: for (let k = 0; k < n; k++) out[o + k] = Math.pow(A[ia + k], B[ib + k]); return;
    case MAXIMUM: for (let k = 0; k < n; k++) { const x = A[ia + k], y = B[ib + k]; out[o + k] = x >= y || x !== x ? x : y; } return;
    case MINIMUM: for (let k = 0; k < n; k++) { const x = A[ia + k], y = B[ib + k]; out[o + k] = x <= y || x !== x ? x : y; } return;
  }
}

/** Array op scalar (row of x against one broadcast value, or x * 2). */
function binaryScalarB(op: number, out: Float64Array, o: number, A: Float64Array, ia: number, y: number, n: number): void {
  switch (op) {
    case ADD: for (let k = 0; k < n; k++) out[o + k] = A[ia + k] + y; return;
    case SUB: for (let k = 0; k < n; k++) out[o + k] = A[ia + k] - y; return;
    case MUL: for (let k = 0; k < n; k++) out[o + k] = A[ia + k] * y; return;
    case DIV: for (let k = 0; k < n; k++) out[o + k] = A[ia + k] / y; return;
  }
}

export const NEG = 0, EXP = 1, LOG = 2, SQRT = 3, ABS = 4, TANH = 5, SIGMOID = 6, RELU = 7, SIGN = 8,
  RECIPROCAL = 9, SQUARE = 10, COPY = 11, STEP = 12, LOG1P = 13, FLOOR = 14;

export function unaryRun(op: number, out: Float64Array, o: number, A: Float64Array, ia: number, sa: number, n: number): void {
  const end = o + n;
  switch (op) {
    case NEG: for (; o < end; o++, ia += sa) out[o] = -A[ia]; return;
    case EXP: for (; o < end; o++, ia += sa) out[o] = Math.exp(A[ia]); return;
    case LOG: for (; o < end; o++, ia += sa) out[o] = Math.log(A[ia]); return;
    case SQRT: for (; o < end; o++, ia += sa) out[o] = Math.sqrt(A[ia]); return;
    case ABS: for (; o < end; o++, ia += sa) out[o] = Math.abs(A[ia]); return;
    case TANH: for (; o < end; o++, ia += sa) out[o] = Math.tanh(A[ia]); return;
    case SIGMOID: for (; o < end; o++, ia += sa) {
      // Split by sign so exp never overflows.
      const x = A[ia];
      if (x >= 0) out[o] = 1 / (1 + Math.exp(-x));
      else { const e = Math.exp(x); out[o] = e / (1 + e); }
    } return;
    case RELU: for (; o < end; o++, ia += sa) { const x = A[ia]; out[o] = x > 0 ? x : 0; } return;
    case SIGN: for (; o < end; o++, ia += sa) { const x = A[ia]; out[o] = x > 0 ? 1 : x < 0 ? -1 : x; } return;
    case RECIPROCAL: for (; o < end; o++, ia += sa) out[o] = 1 / A[ia]; return;
    case SQUARE: for (; o < end; o++, ia += sa) { const x = A[ia]; out[o] = x * x; } return;
    case COPY: for (; o < end; o++, ia += sa) out[o] = A[ia]; return;
    case STEP: for (; o < end; o++, ia += sa) out[o] = A[ia] > 0 ? 1 : 0; return;
    case LOG1P: for (; o < end; o++, ia += sa) out[o] = Math.log1p(A[ia]); return;
    case FLOOR: for (; o < end; o++, ia += sa) out[o] = Math.floor(A[ia]); return;
    default: throw new Error(`unaryRun: unknown op code ${op}`);
  }
}

/**
 * Merges dimensions that are laid out contiguously for every operand and drops size-1 dims.
 * `strides[k]` holds operand k's strides. Returns the reduced shape and strides (at least 1 dim).
 */
export function coalesce(shape: readonly number[], strides: readonly (readonly number[])[]): {shape: number[]; strides: number[][]} {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d];
    if (n === 1) continue;
    const last = outShape.length - 1;
    let merge = last >= 0;
    // Dim `last` (outer) merges into d (inner) when outer stride == inner stride * inner size.
    for (let k = 0; merge && k < strides.length; k++) {
      if (outStrides[k][last] !== strides[k][d] * n) merge = false;
    }
    if (merge) {
      outShape[last] *= n;
      for (let k = 0; k < strides.length; k++) outStrides[k][last] = strides[k][d];
    } else {
      outShape.push(n);
      for (let k = 0; k < strides.length; k++) outStrides[k].push(strides[k][d]);
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    for (const s of outStrides) s.push(0);
  }
  return {shape: outShape, strides: outStrides};
}

/** out (contiguous, size of `shape`) = A op B, with A and B read through (broadcast) strides. */
export function binaryStrided(op: number, shape: readonly number[], A: Float64Array, aOff: number, aStrides: readonly number[], B: Float64Array, bOff: number, bStrides: readonly number[], out: Float64Array): void {
  const outStrides = contiguousStrides(shape);
  const c = coalesce(shape, [aStrides, bStrides, outStrides]);
  const dims = c.shape, sA = c.strides[0], sB = c.strides[1];
  const nd = dims.length;
  const n = dims[nd - 1], ia1 = sA[nd - 1], ib1 = sB[nd - 1];
  if (nd === 1) return binaryRun(op, out, 0, A, aOff, ia1, B, bOff, ib1, n);
  if (nd === 2) {
    const m = dims[0], ia0 = sA[0], ib0 = sB[0];
    for (let r = 0, o = 0; r < m; r++, o += n) binaryRun(op, out, o, A, aOff + r * ia0, ia1, B, bOff + r * ib0, ib1, n);
    return;
  }
  const idx = new Array<number>(nd - 1).fill(0);
  let ia = aOff, ib = bOff;
  const rows = out.length / n;
  for (let r = 0, o = 0; r < rows; r++, o += n) {
    binaryRun(op, out, o, A, ia, ia1, B, ib, ib1, n);
    for (let d = nd - 2; d >= 0; d--) {
      if (++idx[d] < dims[d]) { ia += sA[d]; ib += sB[d]; break; }
      idx[d] = 0;
      ia -= sA[d] * (dims[d] - 1);
      ib -= sB[d] * (dims[d] - 1);
    }
  }
}

/** out (contiguous) = op(A) with A read through strides (copy = COPY). */
export function unaryStrided(op: number, shape: readonly number[], A: Float64Array, aOff: number, aStrides: readonly number[], out: Float64Array): void {
  const c = coalesce(shape, [aStrides, contiguousStrides(shape)]);
  const dims = c.shape, sA = c.strides[0];
  const nd = dims.length;
  const n = dims[nd - 1], ia1 = sA[nd - 1];
  if (nd === 1) return unaryRun(op, out, 0, A, aOff, ia1, n);
  const idx = new Array<number>(nd - 1).fill(0);
  let ia = aOff;
  const rows = out.length / n;
  for (let r = 0, o = 0; r < rows; r++, o += n) {
    unaryRun(op, out, o, A, ia, ia1, n);
    for (let d = nd - 2; d >= 0; d--) {
      if (++idx[d] < dims[d]) { ia += sA[d]; break; }
      idx[d] = 0;
      ia -= sA[d] * (dims[d] - 1);
    }
  }
}

/** Writes contiguous `src` (already of `shape`) into strided storage. */
export function scatterStrided(shape: readonly number[], src: Float64Array, srcStrides: readonly number[], D: Float64Array, dOff: number, dStrides: readonly number[]): void {
  const c = coalesce(shape, [dStrides, srcStrides]);
  const dims = c.shape, sD = c.strides[0], sS = c.strides[1];
  const nd = dims.length;
  const idx = new Array<number>(nd).fill(0);
  const n = dims[nd - 1], id1 = sD[nd - 1], is1 = sS[nd - 1];
  let id = dOff, is = 0;
  const total = sizeOf(dims);
  for (let done = 0; done < total; done += n) {
    for (let k = 0, a = id, b = is; k < n; k++, a += id1, b += is1) D[a] = src[b];
    for (let d = nd - 2; d >= 0; d--) {
      if (++idx[d] < dims[d]) { id += sD[d]; is += sS[d]; break; }
      idx[d] = 0;
      id -= sD[d] * (dims[d] - 1);
      is -= sS[d] * (dims[d] - 1);
    }
  }
}

