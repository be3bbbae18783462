// Creating tensors: from nested arrays, filled shapes, ranges, identity; and back to nested arrays.
import {Tensor, type NestedArray, type TensorLike} from "./tensor.ts";
import {formatShape, parseShapeArgs, ShapeError, sizeOf} from "./shape.ts";
import {copy} from "../autograd/ops/shape.ts";
import {assertAutogradAllowed} from "../autograd/no-grad.ts";

/** Nested JS arrays (or a typed array) → packed tensor; ragged input is an error naming the shapes. */
export function fromNested(x: NestedArray | ArrayLike<number>, op = "array"): Tensor {
  if (ArrayBuffer.isView(x)) {
    const a = x as unknown as ArrayLike<number>;
    return new Tensor(Float64Array.from(a), [a.length]);
  }
  const shape: number[] = [];
  let probe: unknown = x;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  if (probe instanceof Tensor) {
    // A list of tensors: stack them (numpy accepts lists of arrays).
    const inner = probe.shape;
    const data = new Float64Array(sizeOf(shape) * sizeOf(inner));
    let at = 0;
    const walk = (v: unknown, depth: number): void => {
      if (depth === shape.length) {
        if (!(v instanceof Tensor) || v.shape.join() !== inner.join()) {
          throw new ShapeError(`${op}: inhomogeneous list: expected arrays of shape ${formatShape(inner)}`);
        }
        data.set(v.values(), at);
        at += v.size;
        return;
      }
      if (!Array.isArray(v) || v.length !== shape[depth]) throw new ShapeError(`${op}: inhomogeneous list: sublists at depth ${depth} differ in length`);
      for (const e of v) walk(e, depth + 1);
    };
    walk(x, 0);
    return new Tensor(data, [...shape, ...inner]);
  }
  const data = new Float64Array(sizeOf(shape));
  let at = 0;
  const walk = (v: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof v === "number") data[at++] = v;
      else if (typeof v === "boolean") data[at++] = v ? 1 : 0;
      else if (v instanceof Tensor && v.size === 1) data[at++] = v.data[v.offset];
      else throw new ShapeError(`${op}: inhomogeneous list: expected a number at depth ${depth} (shape ${formatShape(shape)}), got ${Array.isArray(v) ? "a list" : typeof v}`);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new ShapeError(`${op}: inhomogeneous list: expected ${shape[depth]} elements at depth ${depth} (shape ${formatShape(shape)}), got ${Array.isArray(v) ? v.length : typeof v}`);
    }
    for (const e of v) walk(e, depth + 1);
  };
  walk(x, 0);
  return new Tensor(data, shape);
}

export function toNested(t: Tensor): unknown {
  const v = t.values();
  if (t.ndim === 0) return v[0];
  let at = 0;
  const build = (d: number): unknown[] => {
    const n = t.shape[d], out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = d === t.ndim - 1 ? v[at++] : build(d + 1);
    return out;
  };
  return build(0);
}

export interface ArrayOptions { requiresGrad?: boolean }

/** np.array: always copies (numpy's default), optionally marking the result as requiring grad. */
export function array(x: TensorLike, opts: ArrayOptions = {}): Tensor {
  const t = x instanceof Tensor ? copyData(x) : fromNestedOrScalar(x);
  if (opts.requiresGrad) {
    assertAutogradAllowed("np.array(…, {requiresGrad: true})");
    t.requiresGrad = true;
  }
  return t;
}

function copyData(x: Tensor): Tensor {
  return new Tensor(new Float64Array(x.values()), x.shape.slice());
}

function fromNestedOrScalar(x: TensorLike): Tensor {
  if (typeof x === "number") return new Tensor(Float64Array.of(x), []);
  if (typeof x === "boolean") return new Tensor(Float64Array.of(x ? 1 : 0), []);
  if (Array.isArray(x) || ArrayBuffer.isView(x)) return fromNested(x as NestedArray);
  throw new TypeError(`array: expected a number or a (nested) list, got ${x === null ? "null" : typeof x}`);
}

export function full(shape: number | readonly number[], value: number): Tensor {
  const s = parseShapeArgs("full", typeof shape === "number" ? [shape] : [shape]);
  return new Tensor(new Float64Array(sizeOf(s)).fill(value), s);
}

export function zeros(...shape: (number | number[])[]): Tensor {
  const s = parseShapeArgs("zeros", shape);
  return new Tensor(new Float64Array(sizeOf(s)), s);
}

export function ones(...shape: (number | number[])[]): Tensor {
  const s = parseShapeArgs("ones", shape);
  return new Tensor(new Float64Array(sizeOf(s)).fill(1), s);
}

export function zeros_like(x: TensorLike): Tensor {
  const t = Tensor.from(x);
  return new Tensor(new Float64Array(t.size), t.shape.slice());
}

export function ones_like(x: TensorLike): Tensor {
  const t = Tensor.from(x);
  return new Tensor(new Float64Array(t.size).fill(1), t.shape.slice());
}

export function full_like(x: TensorLike, value: number): Tensor {
  const t = Tensor.from(x);
  return new Tensor(new Float64Array(t.size).fill(value), t.shape.slice());
}

/** np.arange(stop) or np.arange(start, stop, step=1). */
export function arange(a: number, b?: number, step = 1): Tensor {
  const [start, stop] = b === undefined ? [0, a] : [a, b];
  if (step === 0) throw new RangeError("arange: step cannot be zero");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new Tensor(data, [n]);
}

export function linspace(start: number, stop: number, num = 50): Tensor {
  const data = new Float64Array(num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) data[i] = start + i * step;
  if (num > 1) data[num - 1] = stop;
  return new Tensor(data, [num]);
}

export function eye(n: number, m = n): Tensor {
  const data = new Float64Array(n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return new Tensor(data, [n, m]);
}

export {copy};
