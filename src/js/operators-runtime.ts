// The runtime behind compiled operators (`__bs`): plain JavaScript semantics unless a tensor is involved, then
// the tensor runtime's broadcasting op. The one operator runtime of the project: the page, the grader and the
// sandbox's isolate (which has its own copy of the tensor runtime) each create it with their `np`.
import type {OperatorRuntime} from "./types.ts";

type Binary = (a: unknown, b: unknown) => unknown;

/** The part of the tensor runtime's `np` namespace the operators call (see DEVELOPERS.md, tensor contract). */
export interface TensorOps {
  add: Binary; sub: Binary; mul: Binary; div: Binary; pow: Binary;
  less: Binary; less_equal: Binary; greater: Binary; greater_equal: Binary;
  neg(a: unknown): unknown;
  mod?: Binary;
}

interface IndexableTensor {
  get(...index: unknown[]): unknown;
  set(index: unknown[], value: unknown): unknown;
}

/** Duck-typed tensor test (float64 storage plus a shape), so this module needs no import of the tensor runtime. */
export function looksLikeTensor(value: unknown): boolean {
  return value !== null && typeof value === "object" &&
    (value as {data?: unknown}).data instanceof Float64Array && Array.isArray((value as {shape?: unknown}).shape);
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

/**
 * Each operator is its own function (not one shared closure per op) so every call site stays monomorphic:
 * the plain-number case runs first (it runs on every `i < n` of a learner's loop), then tensors
 * (broadcasting, recording autograd), then ordinary JavaScript semantics.
 */
export function createOperatorRuntime(np: TensorOps, isTensor: (value: unknown) => boolean = looksLikeTensor): OperatorRuntime {
  // A comparison whose result is 0-d (e.g. `loss < 1` with a full reduction) is a boolean, so `if`/`while` work;
  // element-wise results stay 0/1 masks.
  const truth = (result: unknown): unknown => {
    if (!isTensor(result)) return result;
    const t = result as {shape: number[]; item?: () => number; data: Float64Array; offset?: number};
    if (t.shape.length !== 0) return result;
    return (typeof t.item === "function" ? t.item() : t.data[t.offset ?? 0]) !== 0;
  };
  const mod: Binary = (a, b) => {
    if (!np.mod) throw new TypeError("%: not supported on tensors");
    return np.mod(a, b);
  };
  const get = (x: Any, index: unknown[]): unknown => {
    if (isTensor(x)) return (x as IndexableTensor).get(...index);
    if (index.length !== 1) throw new TypeError(`x[${index.map(() => "·").join(", ")}]: only arrays (tensors) take ${index.length} indices; this value is ${describeValue(x)}`);
    return x[index[0] as PropertyKey];
  };
  const set = (x: Any, index: unknown[], value: unknown): unknown => {
    if (isTensor(x)) {
      (x as IndexableTensor).set(index, value);
      return value;
    }
    if (index.length !== 1) throw new TypeError(`x[${index.map(() => "·").join(", ")}] = …: only arrays (tensors) take ${index.length} indices; this value is ${describeValue(x)}`);
    return (x[index[0] as PropertyKey] = value);
  };
  return {
    add(a: Any, b: Any) {
      if (typeof a === "number" && typeof b === "number") return a + b;
      if (isTensor(a) || isTensor(b)) {
        // `"loss: " + t` concatenates (the tensor prints itself) instead of broadcasting a string.
        return typeof a === "string" || typeof b === "string" ? String(a) + String(b) : np.add(a, b);
      }
      return a + b;
    },
    sub(a: Any, b: Any) {
      if (typeof a === "number" && typeof b === "number") return a - b;
      return isTensor(a) || isTensor(b) ? np.sub(a, b) : a - b;
    },
    mul(a: Any, b: Any) {
      if (typeof a === "number" && typeof b === "number") return a * b;
      return isTensor(a) || isTensor(b) ? np.mul(a, b) : a * b;
    },
    div(a: Any, b: Any) {
      if (typeof a === "number" && typeof b === "number") return a / b;
      return isTensor(a) || isTensor(b) ? np.div(a, b) : a / b;
    },
    mod(a: Any, b: Any) {
      if (typeof a === "number" && typeof b === "number") return a % b;
      return isTensor(a) || isTensor(b) ? mod(a, b) : a % b;
    },
    pow(a: Any, b: Any) {
      if (typeof a === "number" && typeof b === "number") return a ** b;
      return isTensor(a) || isTensor(b) ? np.pow(a, b) : a ** b;
    },
    lt(a: Any, b: Any) {
      if (typeof a === "number" && typeof b === "number") return a < b;
      return isTensor(a) || isTensor(b) ? truth(np.less(a, b)) : a < b;
    },
    le(a: Any, b: Any) {
      if (typeof a === "number" && typeof b === "number") return a <= b;
      return isTensor(a) || isTensor(b) ? truth(np.less_equal(a, b)) : a <= b;
    },
    gt(a: Any, b: Any) {
      if (typeof a === "number" && typeof b === "number") return a > b;
      return isTensor(a) || isTensor(b) ? truth(np.greater(a, b)) : a > b;
    },
    ge(a: Any, b: Any) {
      if (typeof a === "number" && typeof b === "number") return a >= b;
      return isTensor(a) || isTensor(b) ? truth(np.greater_equal(a, b)) : a >= b;
    },
    neg(a: Any) {
      if (typeof a === "number") return -a;
      return isTensor(a) ? np.neg(a) : -a;
    },
    pos(a: Any) {
      return typeof a === "number" || isTensor(a) ? a : +a;
    },
    get,
    set,
    /** Compound assignment on a member: `x[i] += v` → update(x, [i], add, v); `o.p *= v` → update(o, "p", mul, v). */
    update(x: Any, key: unknown[] | string, op: Binary, value: unknown) {
      if (typeof key === "string") return (x[key] = op(x[key], value));
      return set(x, key, op(get(x, key), value));
    }
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

function describeValue(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  return Array.isArray(x) ? "a JavaScript array" : typeof x;
}
