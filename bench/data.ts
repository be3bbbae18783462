// Seeded inputs shared by every column. Values are rounded through float32 so tfjs (float32) and
// the float64 implementations see identical numbers and differences come only from arithmetic.

/** mulberry32: small, fast, seedable; good enough for benchmark inputs. */
export function makeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal values (Box–Muller), scaled, rounded to float32. */
export function randn(random: () => number, size: number, scale = 1): Float64Array {
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const u = 1 - random();
    const v = random();
    out[i] = Math.fround(scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }
  return out;
}

/** Integer labels in [0, classes). */
export function randint(random: () => number, size: number, classes: number): Int32Array {
  const out = new Int32Array(size);
  for (let i = 0; i < size; i++) out[i] = Math.floor(random() * classes);
  return out;
}

/** Maximum absolute difference between two equally long arrays; Infinity if the lengths differ or a NaN appears. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
  }
  return worst;
}

export function maxAbs(a: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]));
  return worst;
}

/** NCHW → NHWC copy (tfjs conv/pool use NHWC). */
export function nchwToNhwc(x: ArrayLike<number>, n: number, c: number, h: number, w: number): Float64Array {
  const out = new Float64Array(n * c * h * w);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < c; k++)
      for (let y = 0; y < h; y++)
        for (let z = 0; z < w; z++) out[((i * h + y) * w + z) * c + k] = x[((i * c + k) * h + y) * w + z];
  return out;
}

/** NHWC → NCHW copy. */
export function nhwcToNchw(x: ArrayLike<number>, n: number, h: number, w: number, c: number): Float64Array {
  const out = new Float64Array(n * c * h * w);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < c; k++)
      for (let y = 0; y < h; y++)
        for (let z = 0; z < w; z++) out[((i * c + k) * h + y) * w + z] = x[((i * h + y) * w + z) * c + k];
  return out;
}

/** Filter layout (F, C, KH, KW) → tfjs (KH, KW, C, F). */
export function fckkToKkcf(w: ArrayLike<number>, f: number, c: number, kh: number, kw: number): Float64Array {
  const out = new Float64Array(f * c * kh * kw);
  for (let a = 0; a < f; a++)
    for (let b = 0; b < c; b++)
      for (let y = 0; y < kh; y++)
        for (let z = 0; z < kw; z++) out[((y * kw + z) * c + b) * f + a] = w[((a * c + b) * kh + y) * kw + z];
  return out;
}

/** tfjs filter (KH, KW, C, F) → (F, C, KH, KW). */
export function kkcfToFckk(w: ArrayLike<number>, kh: number, kw: number, c: number, f: number): Float64Array {
  const out = new Float64Array(f * c * kh * kw);
  for (let a = 0; a < f; a++)
    for (let b = 0; b < c; b++)
      for (let y = 0; y < kh; y++)
        for (let z = 0; z < kw; z++) out[((a * c + b) * kh + y) * kw + z] = w[((y * kw + z) * c + b) * f + a];
  return out;
}
