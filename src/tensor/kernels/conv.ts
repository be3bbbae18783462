// Convolution (cross-correlation, NCHW) through im2col + the blocked gemm, one image at a time.
import {allocate} from "../alloc.ts";
import {gemm} from "./matmul.ts";

export interface ConvGeom {
  N: number; C: number; H: number; W: number;
  F: number; HH: number; WW: number;
  stride: number; pad: number; Ho: number; Wo: number;
}

/** cols (C·HH·WW × Ho·Wo) for image n; zero where the window hangs over the padding. */
export function im2col(x: Float64Array, n: number, g: ConvGeom, cols: Float64Array): void {
  const {C, H, W, HH, WW, stride, pad, Ho, Wo} = g;
  const P = Ho * Wo;
  for (let c = 0; c < C; c++) {
    const xc = (n * C + c) * H * W;
    for (let kh = 0; kh < HH; kh++) {
      for (let kw = 0; kw < WW; kw++) {
        let r = ((c * HH + kh) * WW + kw) * P;
        for (let oh = 0; oh < Ho; oh++) {
          const ih = oh * stride - pad + kh;
          if (ih < 0 || ih >= H) { cols.fill(0, r, r + Wo); r += Wo; continue; }
          const row = xc + ih * W;
          for (let ow = 0, iw = kw - pad; ow < Wo; ow++, iw += stride, r++) {
            cols[r] = iw >= 0 && iw < W ? x[row + iw] : 0;
          }
        }
      }
    }
  }
}

/** Adds dcols (C·HH·WW × Ho·Wo) back into dx for image n (the adjoint of im2col). */
export function col2im(dcols: Float64Array, n: number, g: ConvGeom, dx: Float64Array): void {
  const {C, H, W, HH, WW, stride, pad, Ho, Wo} = g;
  const P = Ho * Wo;
  for (let c = 0; c < C; c++) {
    const xc = (n * C + c) * H * W;
    for (let kh = 0; kh < HH; kh++) {
      for (let kw = 0; kw < WW; kw++) {
        let r = ((c * HH + kh) * WW + kw) * P;
        for (let oh = 0; oh < Ho; oh++) {
          const ih = oh * stride - pad + kh;
          if (ih < 0 || ih >= H) { r += Wo; continue; }
          const row = xc + ih * W;
          for (let ow = 0, iw = kw - pad; ow < Wo; ow++, iw += stride, r++) {
            if (iw >= 0 && iw < W) dx[row + iw] += dcols[r];
          }
        }
      }
    }
  }
}

export function convForward(x: Float64Array, w: Float64Array, b: Float64Array | null, g: ConvGeom): Float64Array {
  const {N, C, F, HH, WW, Ho, Wo} = g;
  const P = Ho * Wo, K = C * HH * WW;
  const out = allocate(N * F * P);
  const cols = allocate(K * P);
  for (let n = 0; n < N; n++) {
    im2col(x, n, g, cols);
    const o = n * F * P;
    gemm(F, P, K, w, 0, cols, 0, out, o);
    if (b) for (let f = 0; f < F; f++) { const bf = b[f]; for (let p = o + f * P, e = p + P; p < e; p++) out[p] += bf; }
  }
  return out;
}

/** Gradients of the convolution; each is computed only when asked for. */
export function convBackward(x: Float64Array, w: Float64Array, dout: Float64Array, g: ConvGeom, want: {dx: boolean; dw: boolean; db: boolean}): {dx: Float64Array | null; dw: Float64Array | null; db: Float64Array | null} {
  const {N, C, H, W, F, HH, WW, Ho, Wo} = g;
  const P = Ho * Wo, K = C * HH * WW;
  const dx = want.dx ? allocate(N * C * H * W) : null;
  const dw = want.dw ? allocate(F * K) : null;
  const db = want.db ? allocate(F) : null;
  const cols = dw ? allocate(K * P) : null;
  const colsT = dw ? allocate(P * K) : null;
  const dcols = dx ? allocate(K * P) : null;
  let wT: Float64Array | null = null;
  if (dx) {
    wT = allocate(K * F);
    for (let f = 0; f < F; f++) for (let k = 0; k < K; k++) wT[k * F + f] = w[f * K + k];
  }
  for (let n = 0; n < N; n++) {
    const o = n * F * P;
    if (db) for (let f = 0; f < F; f++) { let s = 0; for (let p = o + f * P, e = p + P; p < e; p++) s += dout[p]; db[f] += s; }
    if (dw && cols && colsT) {
      im2col(x, n, g, cols);
      for (let k = 0; k < K; k++) for (let p = 0, src = k * P; p < P; p++, src++) colsT[p * K + k] = cols[src];
      gemm(F, K, P, dout, o, colsT, 0, dw, 0, true);
    }
    if (dx && dcols && wT) {
      gemm(K, P, F, wT, 0, dout, o, dcols, 0);
      col2im(dcols, n, g, dx);
    }
  }
  return {dx, dw, db};
}
