// Shape helpers: sizes, strides, broadcasting, axis normalisation, error formatting.

/** A shape or axis mistake; the message names the operation and the shapes involved. */
export class ShapeError extends Error {
  override name = "ShapeError";
}

/** numpy's tuple spelling: `(4,5)`, `(4,)`, `()`. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(",")})`;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
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
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** numpy broadcasting of two shapes; throws `op: cannot broadcast (4,5) with (4,)`. */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  if (sameShape(a, b)) return a.slice();
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else throw new ShapeError(`${op}: cannot broadcast ${formatShape(a)} with ${formatShape(b)}`);
  }
  return out;
}

/** Strides that read a tensor of `shape`/`strides` as if it had `target` shape (0 on broadcast dims). */
export function broadcastStrides(shape: readonly number[], strides: readonly number[], target: readonly number[]): number[] {
  const n = target.length;
  const out = new Array<number>(n).fill(0);
  const lead = n - shape.length;
  for (let i = 0; i < shape.length; i++) out[lead + i] = shape[i] === 1 ? 0 : strides[i];
  return out;
}

export function normalizeAxis(op: string, axis: number, shape: readonly number[]): number {
  const nd = shape.length;
  if (!Number.isInteger(axis) || axis < -nd || axis >= nd) {
    throw new ShapeError(`${op}: axis ${axis} out of range for shape ${formatShape(shape)}`);
  }
  return axis < 0 ? axis + nd : axis;
}

/** Axis argument (number, list, null/undefined = all) → sorted unique non-negative axes. */
export function normalizeAxes(op: string, axis: number | readonly number[] | null | undefined, shape: readonly number[]): number[] {
  if (axis === null || axis === undefined) return shape.map((_, i) => i);
  const list = typeof axis === "number" ? [axis] : axis;
  const seen = new Set<number>();
  for (const a of list) {
    const n = normalizeAxis(op, a, shape);
    if (seen.has(n)) throw new ShapeError(`${op}: repeated axis ${a} for shape ${formatShape(shape)}`);
    seen.add(n);
  }
  return [...seen].sort((x, y) => x - y);
}

/** Accepts `f([2,3])` or `f(2,3)`; validates non-negative integers. */
export function parseShapeArgs(op: string, args: readonly unknown[]): number[] {
  const raw = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const shape: number[] = [];
  for (const d of raw) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${op}: invalid dimension ${String(d)} in shape [${raw.map(String).join(", ")}]`);
    }
    shape.push(d);
  }
  return shape;
}
