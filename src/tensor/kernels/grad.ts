// Fused backward kernels: T += f(G, X, Y) over a broadcast shape, where T has stride 0 on the axes
// a broadcast input was expanded along. One pass, no temporaries: the product and the sum-to-shape
// of a broadcasting op's gradient happen together.
import {coalesce} from "./elementwise.ts";

/** g·x */
export const G_MUL = 0;
/** g / x */
export const G_DIV = 1;
/** −g·x / y  (d(a/b)/db with x = a, y = b², or x = out, y = b) */
export const G_NEG_MUL_DIV = 2;
/** g·x·y */
export const G_MUL3 = 3;
/** g (plain sum-to-shape) */
export const G_ID = 4;
/** g where x > 0 (relu) */
export const G_STEP = 5;

function run(op: number, n: number, G: Float64Array, ig: number, sg: number, X: Float64Array, ix: number, sx: number, Y: Float64Array, iy: number, sy: number, T: Float64Array, it: number, st: number, assign: boolean): void {
  if (st === 0) {
    // Reducing along the run: keep the sum in a register.
    let s = 0;
    switch (op) {
      case G_MUL: for (let k = 0; k < n; k++, ig += sg, ix += sx) s += G[ig] * X[ix]; break;
      case G_DIV: for (let k = 0; k < n; k++, ig += sg, ix += sx) s += G[ig] / X[ix]; break;
      case G_NEG_MUL_DIV: for (let k = 0; k < n; k++, ig += sg, ix += sx, iy += sy) s -= G[ig] * X[ix] / Y[iy]; break;
      case G_MUL3: for (let k = 0; k < n; k++, ig += sg, ix += sx, iy += sy) s += G[ig] * X[ix] * Y[iy]; break;
      case G_ID: for (let k = 0; k < n; k++, ig += sg) s += G[ig]; break;
      case G_STEP: for (let k = 0; k < n; k++, ig += sg, ix += sx) if (X[ix] > 0) s += G[ig]; break;
    }
    T[it] += s;
    return;
  }
  if (assign) {
    // Every target element is written once (no reduction): plain stores, no read of T.
    switch (op) {
      case G_MUL: for (let k = 0; k < n; k++, ig += sg, ix += sx, it += st) T[it] = G[ig] * X[ix]; return;
      case G_DIV: for (let k = 0; k < n; k++, ig += sg, ix += sx, it += st) T[it] = G[ig] / X[ix]; return;
      case G_NEG_MUL_DIV: for (let k = 0; k < n; k++, ig += sg, ix += sx, iy += sy, it += st) T[it] = -(G[ig] * X[ix] / Y[iy]); return;
      case G_MUL3: for (let k = 0; k < n; k++, ig += sg, ix += sx, iy += sy, it += st) T[it] = G[ig] * X[ix] * Y[iy]; return;
      case G_ID: for (let k = 0; k < n; k++, ig += sg, it += st) T[it] = G[ig]; return;
      case G_STEP: for (let k = 0; k < n; k++, ig += sg, ix += sx, it += st) T[it] = X[ix] > 0 ? G[ig] : 0; return;
    }
  }
  switch (op) {
    case G_MUL: for (let k = 0; k < n; k++, ig += sg, ix += sx, it += st) T[it] += G[ig] * X[ix]; return;
    case G_DIV: for (let k = 0; k < n; k++, ig += sg, ix += sx, it += st) T[it] += G[ig] / X[ix]; return;
    case G_NEG_MUL_DIV: for (let k = 0; k < n; k++, ig += sg, ix += sx, iy += sy, it += st) T[it] -= G[ig] * X[ix] / Y[iy]; return;
    case G_MUL3: for (let k = 0; k < n; k++, ig += sg, ix += sx, iy += sy, it += st) T[it] += G[ig] * X[ix] * Y[iy]; return;
    case G_ID: for (let k = 0; k < n; k++, ig += sg, it += st) T[it] += G[ig]; return;
    case G_STEP: for (let k = 0; k < n; k++, ig += sg, ix += sx, it += st) if (X[ix] > 0) T[it] += G[ig]; return;
  }
}

export interface Operand { data: Float64Array; offset: number; strides: readonly number[] }

/**
 * T (zero-initialised by the caller) += op(G, X, Y) over `shape`. When T has no stride-0 axis of
 * size > 1 (nothing is reduced), each element is simply assigned.
 */
export function reduceInto(op: number, shape: readonly number[], G: Operand, X: Operand, Y: Operand, T: Float64Array, tStrides: readonly number[]): void {
  let assign = true;
  for (let d = 0; d < shape.length; d++) if (tStrides[d] === 0 && shape[d] > 1) { assign = false; break; }
  const c = coalesce(shape, [G.strides, X.strides, Y.strides, tStrides]);
  const dims = c.shape, [sG, sX, sY, sT] = c.strides;
  const nd = dims.length, n = dims[nd - 1];
  const sg = sG[nd - 1], sx = sX[nd - 1], sy = sY[nd - 1], st = sT[nd - 1];
  let total = 1;
  for (const d of dims) total *= d;
  if (total === 0) return;
  const idx = new Array<number>(nd).fill(0);
  let ig = G.offset, ix = X.offset, iy = Y.offset, it = 0;
  for (let done = 0; done < total; done += n) {
    run(op, n, G.data, ig, sg, X.data, ix, sx, Y.data, iy, sy, T, it, st, assign);
    for (let d = nd - 2; d >= 0; d--) {
      if (++idx[d] < dims[d]) { ig += sG[d]; ix += sX[d]; iy += sY[d]; it += sT[d]; break; }
      idx[d] = 0;
      ig -= sG[d] * (dims[d] - 1); ix -= sX[d] * (dims[d] - 1); iy -= sY[d] * (dims[d] - 1); it -= sT[d] * (dims[d] - 1);
    }
  }
}
