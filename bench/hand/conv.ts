// Hand-written conv2d (NCHW, filter F×C×KH×KW) forward and backward wrt input, filter and bias.
// conv2d: per image, im2col + 4×4-blocked GEMMs (out = W·cols, dW += dout·colsᵀ, dcols = Wᵀ·dout,
// col2im) — the practical single-thread limit. conv2dDirect: plain direct loops, the reference
// the smoke test checks conv2d against.
import {gemmNN, gemmNT} from "./gemm.ts";

export interface ConvShape {
  n: number; c: number; h: number; w: number;
  f: number; kh: number; kw: number;
  stride: number; pad: number;
}

export interface ConvResult {
  out: Float64Array;
  dx: Float64Array;
  dw: Float64Array;
  db: Float64Array;
}

export function convOutputSize(s: ConvShape): {ho: number; wo: number} {
  return {ho: Math.floor((s.h + 2 * s.pad - s.kh) / s.stride) + 1, wo: Math.floor((s.w + 2 * s.pad - s.kw) / s.stride) + 1};
}

/** Output columns ox with 0 ≤ ox·stride + kx − pad < w, as a half-open range. */
function validRange(kx: number, pad: number, stride: number, size: number, outSize: number): [number, number] {
  const lo = Math.max(0, Math.ceil((pad - kx) / stride));
  const hi = Math.min(outSize, Math.floor((size - 1 + pad - kx) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}

export function conv2dDirect(x: Float64Array, wt: Float64Array, b: Float64Array, dout: Float64Array, s: ConvShape): ConvResult {
  const {n, c, h, w, f, kh, kw, stride, pad} = s;
  const {ho, wo} = convOutputSize(s);
  const out = new Float64Array(n * f * ho * wo);
  const dx = new Float64Array(x.length);
  const dw = new Float64Array(wt.length);
  const db = new Float64Array(f);
  for (let i = 0; i < n; i++)
    for (let o = 0; o < f; o++) {
      const outBase = (i * f + o) * ho * wo;
      let bias = 0;
      for (let p = 0; p < ho * wo; p++) {
        out[outBase + p] = b[o];
        bias += dout[outBase + p];
      }
      db[o] += bias;
      for (let k = 0; k < c; k++) {
        const inBase = (i * c + k) * h * w;
        for (let ky = 0; ky < kh; ky++) {
          const [y0, y1] = validRange(ky, pad, stride, h, ho);
          for (let kx = 0; kx < kw; kx++) {
            const [x0, x1] = validRange(kx, pad, stride, w, wo);
            const wi = ((o * c + k) * kh + ky) * kw + kx;
            const weight = wt[wi];
            let grad = 0;
            for (let oy = y0; oy < y1; oy++) {
              const inRow = inBase + (oy * stride + ky - pad) * w + kx - pad;
              const outRow = outBase + oy * wo;
              for (let ox = x0; ox < x1; ox++) {
                const xi = inRow + ox * stride;
                const g = dout[outRow + ox];
                out[outRow + ox] += weight * x[xi];
                dx[xi] += weight * g;
                grad += g * x[xi];
              }
            }
            dw[wi] += grad;
          }
        }
      }
    }
  return {out, dx, dw, db};
}

/** cols (C·KH·KW × Ho·Wo) for image `image`; zero where the window hangs over the padding. */
function im2col(x: Float64Array, image: number, s: ConvShape, ho: number, wo: number, cols: Float64Array): void {
  const {c, h, w, kh, kw, stride, pad} = s;
  let r = 0;
  for (let k = 0; k < c; k++) {
    const plane = (image * c + k) * h * w;
    for (let ky = 0; ky < kh; ky++)
      for (let kx = 0; kx < kw; kx++)
        for (let oy = 0; oy < ho; oy++) {
          const iy = oy * stride + ky - pad;
          if (iy < 0 || iy >= h) {
            cols.fill(0, r, r + wo);
            r += wo;
            continue;
          }
          const row = plane + iy * w;
          for (let ox = 0, ix = kx - pad; ox < wo; ox++, ix += stride, r++) cols[r] = ix >= 0 && ix < w ? x[row + ix] : 0;
        }
  }
}

/** Adds dcols back into dx for image `image` (the adjoint of im2col). */
function col2im(dcols: Float64Array, image: number, s: ConvShape, ho: number, wo: number, dx: Float64Array): void {
  const {c, h, w, kh, kw, stride, pad} = s;
  let r = 0;
  for (let k = 0; k < c; k++) {
    const plane = (image * c + k) * h * w;
    for (let ky = 0; ky < kh; ky++)
      for (let kx = 0; kx < kw; kx++)
        for (let oy = 0; oy < ho; oy++) {
          const iy = oy * stride + ky - pad;
          if (iy < 0 || iy >= h) {
            r += wo;
            continue;
          }
          const row = plane + iy * w;
          for (let ox = 0, ix = kx - pad; ox < wo; ox++, ix += stride, r++) if (ix >= 0 && ix < w) dx[row + ix] += dcols[r];
        }
  }
}

export function conv2d(x: Float64Array, wt: Float64Array, b: Float64Array, dout: Float64Array, s: ConvShape): ConvResult {
  const {n, c, f, kh, kw} = s;
  const {ho, wo} = convOutputSize(s);
  const p = ho * wo, k = c * kh * kw;
  const out = new Float64Array(n * f * p);
  const dx = new Float64Array(x.length);
  const dw = new Float64Array(wt.length);
  const db = new Float64Array(f);
  const cols = new Float64Array(k * p);
  const dcols = new Float64Array(k * p);
  const wT = new Float64Array(k * f);
  for (let o = 0; o < f; o++) for (let q = 0; q < k; q++) wT[q * f + o] = wt[o * k + q];
  for (let image = 0; image < n; image++) {
    const at = image * f * p;
    im2col(x, image, s, ho, wo, cols);
    gemmNN(f, p, k, wt, 0, cols, 0, out, at, false);
    for (let o = 0; o < f; o++) {
      const bias = b[o];
      let sum = 0;
      for (let q = at + o * p, end = q + p; q < end; q++) {
        out[q] += bias;
        sum += dout[q];
      }
      db[o] += sum;
    }
    gemmNT(f, k, p, dout, at, cols, 0, dw, 0, true);
    gemmNN(k, p, f, wT, 0, dout, at, dcols, 0, false);
    col2im(dcols, image, s, ho, wo, dx);
  }
  return {out, dx, dw, db};
}
