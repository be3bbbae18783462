// Plain row-major arrays ("dense" values): what crosses a Worker or isolate boundary, and what the
// grader compares. Reading a value into a Dense copies it, so later learner mutations cannot change it.

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

interface StridedLike {
  data: ArrayLike<number>;
  shape: number[];
  strides?: number[];
  offset?: number;
}

function isStridedLike(x: unknown): x is StridedLike {
  return typeof x === "object" && x !== null && Array.isArray((x as StridedLike).shape) &&
    typeof (x as StridedLike).data === "object" && (x as StridedLike).data !== null &&
    typeof (x as StridedLike).data.length === "number";
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
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

function readStrided(t: StridedLike): Dense {
  const shape = t.shape.slice();
  const n = sizeOf(shape);
  const strides = t.strides ?? contiguousStrides(shape);
  const out = new Float64Array(n);
  const index = new Array<number>(shape.length).fill(0);
  let pos = t.offset ?? 0;
  for (let k = 0; k < n; k++) {
    out[k] = t.data[pos];
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d]++;
      pos += strides[d];
      if (index[d] < shape[d]) break;
      pos -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
  return {$tensor: true, shape, data: out};
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

export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** numpy's spelling of a shape: `(4,5)`, `(5,)`, `()`. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(",")})`;
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
