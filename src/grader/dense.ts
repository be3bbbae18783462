// Plain row-major arrays ("dense" values): what crosses a Worker or isolate boundary, and what the
// grader compares. Reading a value into a Dense copies it, so later learner mutations cannot change it.
import {formatShape, sameShape, sizeOf} from "../tensor/shape.ts";
import {copyStrided, type StridedView} from "../tensor/strided.ts";

// Shape helpers are owned by src/tensor/shape.ts; re-exported because the grader's API has always had them.
export {formatShape, sameShape, sizeOf} from "../tensor/shape.ts";

/** A tensor as plain data, row-major. Structured-clonable; `$tensor` marks it as one (sandbox PlainTensor). */
export interface Dense {
  $tensor: true;
  shape: number[];
  data: Float64Array;
}

export function makeDense(shape: readonly number[], data: ArrayLike<number>): Dense {
  return {$tensor: true, shape: shape.slice(), data: Float64Array.from(data)};
}

export function isDense(x: unknown): x is Dense {
  return typeof x === "object" && x !== null && (x as Dense).$tensor === true && Array.isArray((x as Dense).shape);
}

function isStridedLike(x: unknown): x is StridedView {
  return typeof x === "object" && x !== null && Array.isArray((x as StridedView).shape) &&
    typeof (x as StridedView).data === "object" && (x as StridedView).data !== null &&
    typeof (x as StridedView).data.length === "number";
}

/**
 * Copies a learner or runtime value into a Dense: a Tensor (any strides/offset), a Dense, a number,
 * or nested arrays of numbers. Returns null for anything else (the caller reports the type).
 */
export function toDense(value: unknown): Dense | null {
  if (typeof value === "number") return makeDense([], [value]);
  if (typeof value === "boolean") return makeDense([], [value ? 1 : 0]);
  if (isDense(value)) return makeDense(value.shape, value.data);
  if (isStridedLike(value)) return readStrided(value);
  if (Array.isArray(value)) return readNested(value);
  return null;
}

function readStrided(t: StridedView): Dense {
  // One read of each layout field: the copy follows the shape it reports.
  const shape = t.shape.slice();
  const view = {data: t.data, shape, strides: t.strides, offset: t.offset};
  return {$tensor: true, shape, data: copyStrided(view, new Float64Array(sizeOf(shape)))};
}

function readNested(value: unknown[]): Dense | null {
  const shape: number[] = [];
  let level: unknown = value;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  const flat: number[] = [];
  const walk = (v: unknown, depth: number): boolean => {
    if (depth === shape.length) {
      if (typeof v !== "number") return false;
      flat.push(v);
      return true;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) return false;
    return v.every((item) => walk(item, depth + 1));
  };
  return walk(value, 0) ? makeDense(shape, flat) : null;
}

export function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return index;
}

export interface Comparison {
  /** cs231n rel_error: max |a−b| / max(1e-8, |a|+|b|); NaN when any entry is NaN/Inf on either side. */
  relError: number;
  /** The entry with the largest error (or the first non-finite one). */
  worst: {index: number[]; expected: number; got: number} | null;
  /** The learner's value has NaN or ±Inf entries. */
  nonFinite: boolean;
}

/** Compares two values of the same shape (the caller checks shapes first). */
export function compareDense(expected: Dense, got: Dense): Comparison {
  let worstErr = -1, worstAt = -1, nonFinite = false;
  for (let i = 0; i < expected.data.length; i++) {
    const e = expected.data[i], g = got.data[i];
    if (!Number.isFinite(g)) {
      if (!nonFinite) worstAt = i;
      nonFinite = true;
      continue;
    }
    const err = Math.abs(e - g) / Math.max(1e-8, Math.abs(e) + Math.abs(g));
    // `!(err <= worstErr)` keeps a NaN error (non-finite reference) as the worst.
    if (!nonFinite && !(err <= worstErr)) {
      worstErr = err;
      worstAt = i;
    }
  }
  const relError = nonFinite || Number.isNaN(worstErr) ? NaN : Math.max(0, worstErr);
  const worst = worstAt < 0 ? null : {index: unravel(worstAt, expected.shape), expected: expected.data[worstAt], got: got.data[worstAt]};
  return {relError, worst, nonFinite};
}

/** True when `got` matches `expected` in shape and within `tol` (NaN never passes). */
export function matches(expected: Dense, got: Dense, tol: number): boolean {
  if (!sameShape(expected.shape, got.shape)) return false;
  return compareDense(expected, got).relError <= tol;
}

// Small elementwise helpers on Dense, used by mutants and invariants (no runtime needed).

export function mapDense(a: Dense, f: (v: number, i: number) => number): Dense {
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(a.data[i], i);
  return {$tensor: true, shape: a.shape.slice(), data: out};
}

export function zipDense(a: Dense, b: Dense, f: (x: number, y: number) => number): Dense {
  if (!sameShape(a.shape, b.shape)) throw new Error(`zipDense: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} differ`);
  return mapDense(a, (v, i) => f(v, b.data[i]));
}

/** Sum over axis 0: (N, ...rest) → (...rest). */
export function sumAxis0(a: Dense): Dense {
  const [n, ...rest] = a.shape;
  const m = sizeOf(rest);
  const out = new Float64Array(m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[j] += a.data[i * m + j];
  return {$tensor: true, shape: rest, data: out};
}

export function maxAbs(a: Dense): number {
  let m = 0;
  for (const v of a.data) m = Math.max(m, Math.abs(v));
  return m;
}

export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(6))) : v.toExponential(3);
}
