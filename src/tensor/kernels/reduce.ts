// Reductions over packed data viewed as [outer, R, inner]: reduce the middle axis.
// inner == 1 is a row reduction; inner > 1 sweeps whole rows so every access is sequential.

export function sumKernel(X: Float64Array, xo: number, outer: number, R: number, inner: number, out: Float64Array): void {
  if (inner === 1) {
    for (let o = 0, p = xo; o < outer; o++) {
      let s = 0;
      const end = p + R;
      for (; p < end; p++) s += X[p];
      out[o] = s;
    }
    return;
  }
  out.fill(0);
  const R4 = R - (R % 4);
  for (let o = 0; o < outer; o++) {
    const base = o * inner;
    // Four rows per sweep: one read-modify-write of the output row per four input rows.
    for (let r = 0; r < R4; r += 4) {
      const p0 = xo + (o * R + r) * inner - base, p1 = p0 + inner, p2 = p1 + inner, p3 = p2 + inner;
      for (let i = base, end = base + inner; i < end; i++) out[i] += X[p0 + i] + X[p1 + i] + X[p2 + i] + X[p3 + i];
    }
    for (let r = R4; r < R; r++) {
      const p = xo + (o * R + r) * inner - base;
      for (let i = base, end = base + inner; i < end; i++) out[i] += X[p + i];
    }
  }
}

/** Max (or min when `sign` is -1) plus the index along R of the first extreme value. */
export function maxKernel(X: Float64Array, xo: number, outer: number, R: number, inner: number, out: Float64Array, arg: Int32Array, sign: 1 | -1): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let p = xo + o * R * inner + i;
      let best = X[p] * sign, bi = 0;
      if (best !== best) { out[o * inner + i] = NaN; arg[o * inner + i] = 0; continue; }
      p += inner;
      for (let r = 1; r < R; r++, p += inner) {
        const v = X[p] * sign;
        if (v > best || v !== v) {
          best = v; bi = r;
          if (v !== v) break;
        }
      }
      out[o * inner + i] = best * sign;
      arg[o * inner + i] = bi;
    }
  }
}

/** out[o, r, i] = X[o, r, i] - M[o, i] (packed), the centred values used by var/std. */
export function centerKernel(X: Float64Array, xo: number, outer: number, R: number, inner: number, M: Float64Array, out: Float64Array): void {
  for (let o = 0, q = 0; o < outer; o++) {
    for (let r = 0; r < R; r++) {
      const mb = o * inner;
      let p = xo + (o * R + r) * inner;
      for (let i = 0; i < inner; i++, p++, q++) out[q] = X[p] - M[mb + i];
    }
  }
}
