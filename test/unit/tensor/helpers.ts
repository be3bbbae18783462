// Test helpers: naive reference implementations written independently of the runtime's kernels.
import fc from "fast-check";

/** Row-major multi-index of flat position k in shape. */
export function unravel(k: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = k % shape[d];
    k = Math.floor(k / shape[d]);
  }
  return idx;
}

export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let k = 0;
  for (let d = 0; d < shape.length; d++) k = k * shape[d] + idx[d];
  return k;
}

export function prod(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Deterministic pseudo-random values (independent of np.random). */
export function values(n: number, seed: number): number[] {
  let s = seed >>> 0 || 1;
  return Array.from({length: n}, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 4 - 2;
  });
}

/** A shape of 1–3 dims with sizes 1–4. */
export const shapeArb = fc.array(fc.integer({min: 1, max: 4}), {minLength: 1, maxLength: 3});

/** Two shapes that broadcast: b is a suffix of a with some dims set to 1 (or the reverse). */
export const broadcastPairArb = fc
  .tuple(shapeArb, fc.integer({min: 0, max: 3}), fc.array(fc.boolean(), {minLength: 3, maxLength: 3}), fc.boolean())
  .map(([a, drop, ones, swap]) => {
    const suffix = a.slice(Math.min(drop, a.length));
    const b = suffix.map((d, i) => (ones[i] ? 1 : d));
    return swap ? [b, a] : [a, b];
  });

/** Broadcast of two shapes computed directly from the numpy rule. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1, db = b[b.length - n + i] ?? 1;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Value of a row-major array of `shape` read at a broadcast index of `outShape`. */
export function readBroadcast(data: readonly number[] | Float64Array, shape: readonly number[], outIdx: readonly number[]): number {
  const lead = outIdx.length - shape.length;
  const idx = shape.map((d, i) => (d === 1 ? 0 : outIdx[lead + i]));
  return data[ravel(idx, shape)];
}
