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

/** Row-major copy of a tensor's elements (never the live storage). */
export function toContiguousData(v: unknown): Float64Array {
  const t = v as Tensor;
  const values = t.values();
  return values === t.data ? new Float64Array(values) : values;
}
