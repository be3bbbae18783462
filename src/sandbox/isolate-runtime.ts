// The library as the isolate sees it: the tensor runtime, nn, and the compiler's operator helpers
// (`__bs`), installed as globals. Bundled into the isolate script; no Node APIs.
import {Tensor, np, nn} from "../tensor/index.ts";
import {createOperatorRuntime, type TensorOps} from "../js/operators-runtime.ts";

export function installRuntime(global: Record<string, unknown>): void {
  global.np = np;
  global.nn = nn;
  global.Tensor = Tensor;
  global.__bs = createOperatorRuntime(np as unknown as TensorOps, isTensor);
}

export function isTensor(v: unknown): boolean {
  return v instanceof Tensor;
}

export function toTensor(data: Float64Array, shape: number[]): unknown {
  return new Tensor(data, shape.slice());
}

export function fromNested(v: unknown): unknown {
  return (np as unknown as {array(x: unknown): unknown}).array(v);
}

const F64 = Float64Array;
const getPrototypeOf = Object.getPrototypeOf;
const isInteger = Number.isInteger;

/**
 * Checked copy of a tensor's shape. A learner can fake a tensor (`Object.create(Tensor.prototype)`),
 * and whatever leaves the isolate is copied after the timed call, so only plain numbers may leave.
 */
export function readShape(v: unknown): number[] {
  const shape = (v as Tensor).shape;
  if (!Array.isArray(shape) || shape.length > 32) throw new TypeError("tensor has an invalid shape");
  const out: number[] = [];
  let size = 1;
  for (let i = 0; i < shape.length; i++) {
    const n = shape[i];
    if (typeof n !== "number" || !isInteger(n) || n < 0) throw new TypeError("tensor has an invalid shape");
    out.push(n);
    size *= n;
  }
  return out;
}

/** Row-major copy of a tensor's elements (a fresh, genuine Float64Array of the right length). */
export function toContiguousData(v: unknown, size: number): Float64Array {
  const t = v as Tensor;
  const values = t.values();
  if (!(values instanceof F64) || values.length !== size) throw new TypeError("tensor data does not match its shape");
  return values === t.data || getPrototypeOf(values) !== F64.prototype ? new F64(values) : values;
}
