// The runtime behind compiled operators (`__bs`): plain JavaScript semantics unless a tensor is involved, then
// the tensor runtime's broadcasting op. Numbers take a fast path first; strings concatenate as usual with `+`.
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

export function createOperatorRuntime(np: TensorOps, isTensor: (value: unknown) => boolean = looksLikeTensor): OperatorRuntime {
  /* eslint-disable @typescript-eslint/no-explicit-any */
  const binary = (js: (a: any, b: any) => unknown, tensor: Binary): Binary =>
    (a, b) => (typeof a === "number" && typeof b === "number") || !(isTensor(a) || isTensor(b)) ? js(a, b) : tensor(a, b);
  // A comparison of 0-d tensors (e.g. `loss < 1` with a full reduction) is a boolean, so `if`/`while` work.
  const truth = (compare: Binary): Binary => (a, b) => {
    const result = compare(a, b) as {shape?: number[]; item?: () => number; data?: Float64Array};
    if (!isTensor(result) || result.shape!.length !== 0) return result;
    return (typeof result.item === "function" ? result.item() : result.data![0]) !== 0;
  };
  const mod: Binary = (a, b) => {
    if (!np.mod) throw new TypeError("%: not supported on tensors");
    return np.mod(a, b);
  };
  const get = (x: unknown, index: unknown[]): unknown => {
    if (isTensor(x)) return (x as IndexableTensor).get(...index);
    if (index.length !== 1) throw new TypeError(`x[${index.map(() => "·").join(", ")}]: only tensors take ${index.length} indices`);
    return (x as any)[index[0] as PropertyKey];
  };
  const set = (x: unknown, index: unknown[], value: unknown): unknown => {
    if (isTensor(x)) {
      (x as IndexableTensor).set(index, value);
      return value;
    }
    if (index.length !== 1) throw new TypeError(`x[${index.map(() => "·").join(", ")}] = …: only tensors take ${index.length} indices`);
    return ((x as any)[index[0] as PropertyKey] = value);
  };
  return {
    // `"loss: " + t` concatenates (the tensor prints itself) instead of broadcasting a string.
    add: binary((a, b) => a + b, (a, b) => (typeof a === "string" || typeof b === "string" ? String(a) + String(b) : np.add(a, b))),
    sub: binary((a, b) => a - b, np.sub),
    mul: binary((a, b) => a * b, np.mul),
    div: binary((a, b) => a / b, np.div),
    mod: binary((a, b) => a % b, mod),
    pow: binary((a, b) => a ** b, np.pow),
    lt: binary((a, b) => a < b, truth(np.less)),
    le: binary((a, b) => a <= b, truth(np.less_equal)),
    gt: binary((a, b) => a > b, truth(np.greater)),
    ge: binary((a, b) => a >= b, truth(np.greater_equal)),
    neg: (a) => (typeof a === "number" ? -a : isTensor(a) ? np.neg(a) : -(a as any)),
    pos: (a) => (typeof a === "number" || isTensor(a) ? a : +(a as any)),
    get,
    set,
    update(x, key, op, value) {
      if (typeof key === "string") return ((x as any)[key] = op((x as any)[key], value));
      return set(x, key, op(get(x, key), value));
    }
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
