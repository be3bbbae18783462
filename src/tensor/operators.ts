// `operators`: what compiled cell code calls as `__bs` (`a * b` → `__bs.mul(a, b)`).
// Each function tries the plain-number case first (it runs on every `i < n` of a learner's loop), then
// tensors (broadcasting, recording autograd), then falls back to ordinary JavaScript semantics.
import {Tensor, type Index} from "./tensor.ts";
import * as ew from "../autograd/ops/elementwise.ts";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

function isT(x: unknown): x is Tensor {
  return x instanceof Tensor;
}

/** A comparison whose result is 0-d (both sides scalars) becomes a boolean, so `if (loss < 1)` works. */
function truth(t: Tensor): Tensor | boolean {
  return t.shape.length === 0 ? t.data[0] !== 0 : t;
}

export function add(a: Any, b: Any): Any {
  if (typeof a === "number" && typeof b === "number") return a + b;
  if (isT(a) || isT(b)) {
    // String concatenation prints the tensor (valueOf would refuse a multi-element array).
    return typeof a === "string" || typeof b === "string" ? String(a) + String(b) : ew.add(a, b);
  }
  return a + b;
}
export function sub(a: Any, b: Any): Any {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return isT(a) || isT(b) ? ew.sub(a, b) : a - b;
}
export function mul(a: Any, b: Any): Any {
  if (typeof a === "number" && typeof b === "number") return a * b;
  return isT(a) || isT(b) ? ew.mul(a, b) : a * b;
}
export function div(a: Any, b: Any): Any {
  if (typeof a === "number" && typeof b === "number") return a / b;
  return isT(a) || isT(b) ? ew.div(a, b) : a / b;
}
export function mod(a: Any, b: Any): Any {
  if (typeof a === "number" && typeof b === "number") return a % b;
  return isT(a) || isT(b) ? ew.mod(a, b) : a % b;
}
export function pow(a: Any, b: Any): Any {
  if (typeof a === "number" && typeof b === "number") return a ** b;
  return isT(a) || isT(b) ? ew.pow(a, b) : a ** b;
}
export function lt(a: Any, b: Any): Any {
  if (typeof a === "number" && typeof b === "number") return a < b;
  return isT(a) || isT(b) ? truth(ew.less(a, b)) : a < b;
}
export function le(a: Any, b: Any): Any {
  if (typeof a === "number" && typeof b === "number") return a <= b;
  return isT(a) || isT(b) ? truth(ew.less_equal(a, b)) : a <= b;
}
export function gt(a: Any, b: Any): Any {
  if (typeof a === "number" && typeof b === "number") return a > b;
  return isT(a) || isT(b) ? truth(ew.greater(a, b)) : a > b;
}
export function ge(a: Any, b: Any): Any {
  if (typeof a === "number" && typeof b === "number") return a >= b;
  return isT(a) || isT(b) ? truth(ew.greater_equal(a, b)) : a >= b;
}
export function neg(a: Any): Any {
  if (typeof a === "number") return -a;
  return isT(a) ? ew.neg(a) : -a;
}
export function pos(a: Any): Any {
  return typeof a === "number" || isT(a) ? a : +a;
}

/** `x[i, j]`: numpy indexing on tensors; plain `x[i]` on anything else (one index only). */
export function get(x: Any, index: unknown[]): Any {
  if (isT(x)) return x.get(...(index as Index[]));
  if (index.length !== 1) throw new TypeError(`x[${index.map(() => "·").join(", ")}]: only arrays (tensors) take ${index.length} indices; this value is ${describeValue(x)}`);
  return x[index[0] as PropertyKey];
}

/** `x[i, j] = v`: in-place numpy write on tensors; plain assignment otherwise. Returns v. */
export function set(x: Any, index: unknown[], value: Any): Any {
  if (isT(x)) {
    x.set(index as Index[], value);
    return value;
  }
  if (index.length !== 1) throw new TypeError(`x[${index.map(() => "·").join(", ")}] = …: only arrays (tensors) take ${index.length} indices; this value is ${describeValue(x)}`);
  return (x[index[0] as PropertyKey] = value);
}

/** Compound assignment on a member: `x[i] += v` → update(x, [i], add, v); `o.p *= v` → update(o, "p", mul, v). */
export function update(x: Any, key: unknown[] | string, op: (a: Any, b: Any) => Any, value: Any): Any {
  if (typeof key === "string") return (x[key] = op(x[key], value));
  return set(x, key, op(get(x, key), value));
}

function describeValue(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  return Array.isArray(x) ? "a JavaScript array" : typeof x;
}

export const operators = {add, sub, mul, div, mod, pow, lt, le, gt, ge, neg, pos, get, set, update};
export type Operators = typeof operators;
