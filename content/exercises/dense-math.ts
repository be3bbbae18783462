// Small Dense helpers the exercise definitions use to build mutants (wrong answers) from reference
// values. Plain loops on Float64Array: no runtime, so mutants cannot depend on learner-patched code.
import {makeDense, mapDense, sizeOf, type Dense} from "../../src/grader/index.ts";

export {mapDense, zipDense, sumAxis0, makeDense} from "../../src/grader/index.ts";

/** 2-D transpose. */
export function transpose2(a: Dense): Dense {
  const [r, c] = a.shape;
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a.data[i * c + j];
  return makeDense([c, r], out);
}

/** (n, k) @ (k, m). */
export function matmul(a: Dense, b: Dense): Dense {
  const [n, k] = a.shape, m = b.shape[1];
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let p = 0; p < k; p++) {
    const v = a.data[i * k + p];
    for (let j = 0; j < m; j++) out[i * m + j] += v * b.data[p * m + j];
  }
  return makeDense([n, m], out);
}

export function reshape(a: Dense, shape: number[]): Dense {
  if (sizeOf(shape) !== a.data.length) throw new Error(`reshape: ${a.data.length} entries into (${shape.join(",")})`);
  return makeDense(shape, a.data);
}

export function scale(a: Dense, k: number): Dense {
  return mapDense(a, (v) => v * k);
}

/** Row-wise softmax of (N, C) scores, shifted by the row max. */
export function softmaxRows(x: Dense): Dense {
  const [n, c] = x.shape;
  const out = new Float64Array(n * c);
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let j = 0; j < c; j++) m = Math.max(m, x.data[i * c + j]);
    let s = 0;
    for (let j = 0; j < c; j++) s += (out[i * c + j] = Math.exp(x.data[i * c + j] - m));
    for (let j = 0; j < c; j++) out[i * c + j] /= s;
  }
  return makeDense([n, c], out);
}

/**
 * How many sliding windows cover each position of an axis of length `size` (after padding `pad`),
 * for windows of `k` with `stride`; positions in the padding are dropped.
 */
export function coverage1d(size: number, k: number, stride: number, pad = 0): number[] {
  const out = new Array<number>(size).fill(0);
  const outSize = Math.floor((size + 2 * pad - k) / stride) + 1;
  for (let o = 0; o < outSize; o++) for (let t = 0; t < k; t++) {
    const i = o * stride + t - pad;
    if (i >= 0 && i < size) out[i]++;
  }
  return out;
}

/**
 * For an (N, C, H, W) value: 1 when the learner's entries are right wherever exactly one window covers
 * them (and there is such a place) and wrong somewhere two windows overlap — the signature of `=` instead of `+=`; else 0.
 */
export function overlapSignature(got: Dense, ref: Dense, covH: number[], covW: number[], tol = 1e-7): number {
  const [, , H, W] = ref.shape;
  let wrongSingle = false, wrongOverlap = false, rightSingle = false;
  for (let k = 0; k < ref.data.length; k++) {
    const i = Math.floor(k / W) % H, j = k % W;
    const e = ref.data[k], g = got.data[k];
    const bad = !(Math.abs(e - g) / Math.max(1e-8, Math.abs(e) + Math.abs(g)) <= tol);
    if (!bad) {
      if (covH[i] * covW[j] === 1) rightSingle = true;
      continue;
    }
    if (covH[i] * covW[j] > 1) wrongOverlap = true;
    else wrongSingle = true;
  }
  // Needs evidence both ways: right where one window covers, wrong where several do.
  return wrongOverlap && !wrongSingle && rightSingle ? 1 : 0;
}
