// Hand-written float64 GEMM kernels with 4×4 register blocking (16 accumulators in locals), used
// by the hand column's matmul and conv. Independent of src/tensor so the columns check each other.

/**
 * C (m×n) (+)= A (m×k) · B (k×n), row-major, with element offsets. B is packed one 4-column panel at
 * a time (k×4, contiguous), so the inner loop reads 4 rows of A and one panel row.
 */
export function gemmNN(m: number, n: number, k: number, a: Float64Array, ao: number, b: Float64Array, bo: number, c: Float64Array, co: number, accumulate: boolean): void {
  const panel = new Float64Array(k * 4);
  for (let j = 0; j < n; j += 4) {
    const width = Math.min(4, n - j);
    panel.fill(0);
    for (let p = 0; p < k; p++) for (let q = 0; q < width; q++) panel[p * 4 + q] = b[bo + p * n + j + q];
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      const r0 = ao + i * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
      for (let p = 0; p < k; p++) {
        const q = p * 4;
        const b0 = panel[q], b1 = panel[q + 1], b2 = panel[q + 2], b3 = panel[q + 3];
        const a0 = a[r0 + p], a1 = a[r1 + p], a2 = a[r2 + p], a3 = a[r3 + p];
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      store(c, co + i * n + j, width, accumulate, c00, c01, c02, c03);
      store(c, co + (i + 1) * n + j, width, accumulate, c10, c11, c12, c13);
      store(c, co + (i + 2) * n + j, width, accumulate, c20, c21, c22, c23);
      store(c, co + (i + 3) * n + j, width, accumulate, c30, c31, c32, c33);
    }
    for (; i < m; i++) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      const r = ao + i * k;
      for (let p = 0; p < k; p++) {
        const av = a[r + p], q = p * 4;
        c0 += av * panel[q]; c1 += av * panel[q + 1]; c2 += av * panel[q + 2]; c3 += av * panel[q + 3];
      }
      store(c, co + i * n + j, width, accumulate, c0, c1, c2, c3);
    }
  }
}

/** C (m×n) (+)= A (m×k) · Bᵀ where B is n×k: every entry is a dot product of two contiguous rows. */
export function gemmNT(m: number, n: number, k: number, a: Float64Array, ao: number, b: Float64Array, bo: number, c: Float64Array, co: number, accumulate: boolean): void {
  for (let i = 0; i < m; i += 4) {
    const rows = Math.min(4, m - i);
    for (let j = 0; j < n; j += 4) {
      const cols = Math.min(4, n - j);
      if (rows === 4 && cols === 4) {
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        const r0 = ao + i * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
        const s0 = bo + j * k, s1 = s0 + k, s2 = s1 + k, s3 = s2 + k;
        for (let p = 0; p < k; p++) {
          const a0 = a[r0 + p], a1 = a[r1 + p], a2 = a[r2 + p], a3 = a[r3 + p];
          const b0 = b[s0 + p], b1 = b[s1 + p], b2 = b[s2 + p], b3 = b[s3 + p];
          c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
          c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
          c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
          c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        store(c, co + i * n + j, 4, accumulate, c00, c01, c02, c03);
        store(c, co + (i + 1) * n + j, 4, accumulate, c10, c11, c12, c13);
        store(c, co + (i + 2) * n + j, 4, accumulate, c20, c21, c22, c23);
        store(c, co + (i + 3) * n + j, 4, accumulate, c30, c31, c32, c33);
        continue;
      }
      // Ragged edge: plain dot products.
      for (let x = i; x < i + rows; x++)
        for (let y = j; y < j + cols; y++) {
          let s = 0;
          for (let p = 0; p < k; p++) s += a[ao + x * k + p] * b[bo + y * k + p];
          const at = co + x * n + y;
          c[at] = accumulate ? c[at] + s : s;
        }
    }
  }
}

function store(c: Float64Array, at: number, width: number, accumulate: boolean, v0: number, v1: number, v2: number, v3: number): void {
  if (accumulate) {
    c[at] += v0;
    if (width > 1) c[at + 1] += v1;
    if (width > 2) c[at + 2] += v2;
    if (width > 3) c[at + 3] += v3;
  } else {
    c[at] = v0;
    if (width > 1) c[at + 1] = v1;
    if (width > 2) c[at + 2] = v2;
    if (width > 3) c[at + 3] = v3;
  }
}
