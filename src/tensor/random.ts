// One seeded generator (xoshiro128**) behind np.random, so a trial is reproducible after seed(n).
import {Tensor} from "./tensor.ts";
import {parseShapeArgs, sizeOf} from "./shape.ts";

let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
let spare: number | null = null;

function splitmix(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function seed(n: number): void {
  const next = splitmix(Math.floor(n) >>> 0);
  s0 = next(); s1 = next(); s2 = next(); s3 = next();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  spare = null;
}

seed(Math.floor(Math.random() * 2 ** 32));

function nextU32(): number {
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
  const t = s1 << 9;
  s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
  s2 ^= t;
  s3 = rotl(s3, 11);
  return result;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Uniform in [0, 1) with 53 random bits. */
export function random(): number {
  return ((nextU32() >>> 5) * 67108864 + (nextU32() >>> 6)) / 9007199254740992;
}

/** Standard normal (Box–Muller, caching the second value). */
export function normal(): number {
  if (spare !== null) { const v = spare; spare = null; return v; }
  let u = 0;
  while (u === 0) u = random();
  const v = random();
  const r = Math.sqrt(-2 * Math.log(u));
  spare = r * Math.sin(2 * Math.PI * v);
  return r * Math.cos(2 * Math.PI * v);
}

export function randn(...shape: (number | number[])[]): Tensor {
  const s = parseShapeArgs("randn", shape);
  const d = new Float64Array(sizeOf(s));
  for (let i = 0; i < d.length; i++) d[i] = normal();
  return new Tensor(d, s);
}

export function rand(...shape: (number | number[])[]): Tensor {
  const s = parseShapeArgs("rand", shape);
  const d = new Float64Array(sizeOf(s));
  for (let i = 0; i < d.length; i++) d[i] = random();
  return new Tensor(d, s);
}

/** Integers in [low, high) (or [0, low) when high is omitted), as float tensors. */
export function randint(low: number, high?: number | null, shape: number | number[] = []): Tensor {
  const [lo, hi] = high === undefined || high === null ? [0, low] : [low, high];
  if (!(hi > lo)) throw new RangeError(`randint: low (${lo}) must be less than high (${hi})`);
  const s = parseShapeArgs("randint", [typeof shape === "number" ? [shape] : shape]);
  const d = new Float64Array(sizeOf(s));
  for (let i = 0; i < d.length; i++) d[i] = lo + Math.floor(random() * (hi - lo));
  return new Tensor(d, s);
}

/** Normal samples with the given mean and standard deviation. */
export function normalArray(loc = 0, scale = 1, shape: number | number[] = []): Tensor {
  const t = randn(typeof shape === "number" ? [shape] : shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = loc + scale * t.data[i];
  return t;
}

export function uniformArray(low = 0, high = 1, shape: number | number[] = []): Tensor {
  const t = rand(typeof shape === "number" ? [shape] : shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = low + (high - low) * t.data[i];
  return t;
}

/** A random permutation of 0..n-1 (Fisher–Yates). */
export function permutation(n: number): Tensor {
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = d[i]; d[i] = d[j]; d[j] = t;
  }
  return new Tensor(d, [n]);
}

/** np.random.choice(n, size, replace=true): integers from [0, n) (a sample without replacement when replace is false). */
export function choice(n: number, size: number | number[] = [], replace = true): Tensor {
  const s = parseShapeArgs("choice", [typeof size === "number" ? [size] : size]);
  const count = sizeOf(s);
  if (!replace && count > n) throw new RangeError(`choice: cannot take ${count} samples from ${n} without replacement`);
  const d = new Float64Array(count);
  if (replace) for (let i = 0; i < count; i++) d[i] = Math.floor(random() * n);
  else d.set(permutation(n).data.subarray(0, count));
  return new Tensor(d, s);
}
