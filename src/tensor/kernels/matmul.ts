// C (M×N) = A (M×K) · B (K×N) (or C += when accumulating), all packed row-major with offsets.
// Blocked for the cache: K in blocks of KB; within a block A is packed as 4-row panels and B as a
// 4-column panel, so the 4×4 register kernel reads two contiguous streams and keeps C's 4×4 block
// in 16 locals (no stores in the inner loop).
const KB = 256;

export function gemm(M: number, N: number, K: number, A: Float64Array, ao: number, B: Float64Array, bo: number, C: Float64Array, co: number, accumulate = false): void {
  if (!accumulate) C.fill(0, co, co + M * N);
  if (M === 0 || N === 0 || K === 0) return;
  const N4 = N - (N % 4), M4 = M - (M % 4);
  const kbMax = Math.min(K, KB);
  const ap = new Float64Array(M4 * kbMax);
  const bp = new Float64Array(kbMax * 4);
  for (let k0 = 0; k0 < K; k0 += KB) {
    const kb = Math.min(KB, K - k0);
    // A[i..i+3, k0..k0+kb) → ap[i*kb + k*4 + r]
    for (let i = 0; i < M4; i += 4) {
      let d = i * kb, s = ao + i * K + k0;
      for (let k = 0; k < kb; k++, s++, d += 4) {
        ap[d] = A[s]; ap[d + 1] = A[s + K]; ap[d + 2] = A[s + 2 * K]; ap[d + 3] = A[s + 3 * K];
      }
    }
    for (let j = 0; j < N4; j += 4) {
      for (let k = 0, s = bo + k0 * N + j, d = 0; k < kb; k++, s += N, d += 4) {
        bp[d] = B[s]; bp[d + 1] = B[s + 1]; bp[d + 2] = B[s + 2]; bp[d + 3] = B[s + 3];
      }
      for (let i = 0; i < M4; i += 4) {
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let k = 0, p = i * kb, q = 0; k < kb; k++, p += 4, q += 4) {
          const b0 = bp[q], b1 = bp[q + 1], b2 = bp[q + 2], b3 = bp[q + 3];
          const x0 = ap[p], x1 = ap[p + 1], x2 = ap[p + 2], x3 = ap[p + 3];
          c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
          c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
          c20 += x2 * b0; c21 += x2 * b1; c22 += x2 * b2; c23 += x2 * b3;
          c30 += x3 * b0; c31 += x3 * b1; c32 += x3 * b2; c33 += x3 * b3;
        }
        let r = co + i * N + j;
        C[r] += c00; C[r + 1] += c01; C[r + 2] += c02; C[r + 3] += c03; r += N;
        C[r] += c10; C[r + 1] += c11; C[r + 2] += c12; C[r + 3] += c13; r += N;
        C[r] += c20; C[r + 1] += c21; C[r + 2] += c22; C[r + 3] += c23; r += N;
        C[r] += c30; C[r + 1] += c31; C[r + 2] += c32; C[r + 3] += c33;
      }
      // Leftover rows (M % 4): one row against the 4-column panel.
      for (let i = M4; i < M; i++) {
        let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        for (let k = 0, a = ao + i * K + k0, q = 0; k < kb; k++, a++, q += 4) {
          const x = A[a];
          c0 += x * bp[q]; c1 += x * bp[q + 1]; c2 += x * bp[q + 2]; c3 += x * bp[q + 3];
        }
        const r = co + i * N + j;
        C[r] += c0; C[r + 1] += c1; C[r + 2] += c2; C[r + 3] += c3;
      }
    }
    // Leftover columns (N % 4): plain dot products over this K block.
    for (let j = N4; j < N; j++) {
      for (let i = 0; i < M; i++) {
        let s = 0;
        for (let k = 0, a = ao + i * K + k0, b = bo + k0 * N + j; k < kb; k++, a++, b += N) s += A[a] * B[b];
        C[co + i * N + j] += s;
      }
    }
  }
}
