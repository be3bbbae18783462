// C (M×N) = A (M×K) · B (K×N), all packed row-major with offsets.
// B is packed one 4-column panel at a time (K×4, L1-resident); each 4×4 block of C lives in 16 locals.

export function gemm(M: number, N: number, K: number, A: Float64Array, ao: number, B: Float64Array, bo: number, C: Float64Array, co: number, accumulate = false): void {
  const N4 = N - (N % 4), M4 = M - (M % 4);
  const panel = new Float64Array(K * 4);
  for (let j = 0; j < N4; j += 4) {
    for (let k = 0, s = bo + j, d = 0; k < K; k++, s += N, d += 4) {
      panel[d] = B[s]; panel[d + 1] = B[s + 1]; panel[d + 2] = B[s + 2]; panel[d + 3] = B[s + 3];
    }
    for (let i = 0; i < M4; i += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      const a0 = ao + i * K, a1 = a0 + K, a2 = a1 + K, a3 = a2 + K;
      for (let k = 0, p = 0; k < K; k++, p += 4) {
        const b0 = panel[p], b1 = panel[p + 1], b2 = panel[p + 2], b3 = panel[p + 3];
        const x0 = A[a0 + k], x1 = A[a1 + k], x2 = A[a2 + k], x3 = A[a3 + k];
        c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
        c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
        c20 += x2 * b0; c21 += x2 * b1; c22 += x2 * b2; c23 += x2 * b3;
        c30 += x3 * b0; c31 += x3 * b1; c32 += x3 * b2; c33 += x3 * b3;
      }
      let r = co + i * N + j;
      if (accumulate) {
        C[r] += c00; C[r + 1] += c01; C[r + 2] += c02; C[r + 3] += c03; r += N;
        C[r] += c10; C[r + 1] += c11; C[r + 2] += c12; C[r + 3] += c13; r += N;
        C[r] += c20; C[r + 1] += c21; C[r + 2] += c22; C[r + 3] += c23; r += N;
        C[r] += c30; C[r + 1] += c31; C[r + 2] += c32; C[r + 3] += c33;
      } else {
        C[r] = c00; C[r + 1] = c01; C[r + 2] = c02; C[r + 3] = c03; r += N;
        C[r] = c10; C[r + 1] = c11; C[r + 2] = c12; C[r + 3] = c13; r += N;
        C[r] = c20; C[r + 1] = c21; C[r + 2] = c22; C[r + 3] = c23; r += N;
        C[r] = c30; C[r + 1] = c31; C[r + 2] = c32; C[r + 3] = c33;
      }
    }
    for (let i = M4; i < M; i++) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      const a = ao + i * K;
      for (let k = 0, p = 0; k < K; k++, p += 4) {
        const x = A[a + k];
        c0 += x * panel[p]; c1 += x * panel[p + 1]; c2 += x * panel[p + 2]; c3 += x * panel[p + 3];
      }
      const r = co + i * N + j;
      if (accumulate) { C[r] += c0; C[r + 1] += c1; C[r + 2] += c2; C[r + 3] += c3; }
      else { C[r] = c0; C[r + 1] = c1; C[r + 2] = c2; C[r + 3] = c3; }
    }
  }
  for (let j = N4; j < N; j++) {
    for (let i = 0; i < M; i++) {
      let s = 0;
      for (let k = 0, a = ao + i * K, b = bo + j; k < K; k++, b += N) s += A[a + k] * B[b];
      const r = co + i * N + j;
      C[r] = accumulate ? C[r] + s : s;
    }
  }
}
