// Hand-written float64 matmul, the "practical single-thread limit" column (4×4 register-blocked).
import {gemmNN} from "./gemm.ts";

/** C (m×n) = A (m×k) · B (k×n), all row-major. */
export function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  gemmNN(m, n, k, a, 0, b, 0, c, 0, false);
  return c;
}

/** Plain i-k-j order: the "simple loops" reference used to check the blocked kernels. */
export function matmulNaive(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) {
      const av = a[i * k + p];
      for (let j = 0; j < n; j++) c[i * n + j] += av * b[p * n + j];
    }
  return c;
}
