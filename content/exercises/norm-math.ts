// Dense helpers for the normalization exercises (batchnorm alt, spatial batchnorm, layernorm):
// closed-form backward passes with a chosen axis and deliberate mistakes, for mutants.
import {makeDense, type Dense} from "../../src/grader/index.ts";

/**
 * Closed-form normalization backward for a 2-D (R, K) value whose statistics were taken along `axis`
 * (0: per column over R rows, batchnorm; 1: per row over K columns, layernorm).
 * dx = ivar/n · (n·dxhat − Σ dxhat − xhat·Σ dxhat·xhat), sums along `axis`, n = count along `axis`.
 * `count` overrides n in the leading factor and the first term (to build "wrong N" mutants).
 */
export function normBackward(dxhat: Dense, xhat: Dense, ivar: ArrayLike<number>, axis: 0 | 1, count?: number): Dense {
  const [R, K] = xhat.shape;
  const n = axis === 0 ? R : K;
  const m = count ?? n;
  const groups = axis === 0 ? K : R;
  const s1 = new Float64Array(groups), s2 = new Float64Array(groups);
  const group = (r: number, k: number) => (axis === 0 ? k : r);
  for (let r = 0; r < R; r++) for (let k = 0; k < K; k++) {
    const i = r * K + k, g = group(r, k);
    s1[g] += dxhat.data[i];
    s2[g] += dxhat.data[i] * xhat.data[i];
  }
  const out = new Float64Array(R * K);
  for (let r = 0; r < R; r++) for (let k = 0; k < K; k++) {
    const i = r * K + k, g = group(r, k);
    out[i] = (ivar[g] / m) * (m * dxhat.data[i] - s1[g] - xhat.data[i] * s2[g]);
  }
  return makeDense([R, K], out);
}

/** a (R, K) times a per-column vector v (K,). */
export function mulColumns(a: Dense, v: ArrayLike<number>): Dense {
  const K = a.shape[a.shape.length - 1];
  return makeDense(a.shape, Array.from(a.data, (x, i) => x * v[i % K]));
}

/** Σ over axis 0 of a (R, K) value → (K,). */
export function sumRows(a: Dense): Dense {
  const [R, K] = a.shape;
  const out = new Float64Array(K);
  for (let r = 0; r < R; r++) for (let k = 0; k < K; k++) out[k] += a.data[r * K + k];
  return makeDense([K], out);
}

/** (N, C, H, W) → (N·H·W, C), channels last. */
export function channelsLast(a: Dense): Dense {
  const [N, C, H, W] = a.shape;
  const out = new Float64Array(a.data.length);
  let o = 0;
  for (let n = 0; n < N; n++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) for (let c = 0; c < C; c++) {
    out[o++] = a.data[((n * C + c) * H + h) * W + w];
  }
  return makeDense([N * H * W, C], out);
}

/** (N·H·W, C) → (N, C, H, W), the inverse of channelsLast. */
export function channelsFirst(a: Dense, shape: readonly number[]): Dense {
  const [N, C, H, W] = shape;
  const out = new Float64Array(a.data.length);
  let o = 0;
  for (let n = 0; n < N; n++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) for (let c = 0; c < C; c++) {
    out[((n * C + c) * H + h) * W + w] = a.data[o++];
  }
  return makeDense(shape, out);
}
