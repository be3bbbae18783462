// Test helpers: evaluate compiled cell bodies and scripts with a fake tensor namespace that records its calls.
import {createLoopGuard, createOperatorRuntime, type CompiledCell, type LoopGuard} from "../../../src/js/index.ts";

/** A minimal tensor: float64 storage and a shape, enough for the operator runtime's duck typing. */
export class FakeTensor {
  data: Float64Array;
  shape: number[];
  constructor(values: number[]) {
    this.data = Float64Array.from(values);
    this.shape = [values.length];
  }
  get(...index: unknown[]): unknown {
    calls.push(["get", index]);
    return this.data[index[0] as number];
  }
  set(index: unknown[], value: unknown): void {
    calls.push(["set", index, value]);
    this.data[index[0] as number] = value as number;
  }
}

export const calls: unknown[][] = [];

const elementwise = (name: string, f: (a: number, b: number) => number) => (a: unknown, b: unknown) => {
  calls.push([name]);
  const at = (v: unknown, i: number) => (v instanceof FakeTensor ? v.data[i] : (v as number));
  const n = a instanceof FakeTensor ? a.data.length : (b as FakeTensor).data.length;
  return new FakeTensor(Array.from({length: n}, (_, i) => f(at(a, i), at(b, i))));
};

export const fakeNp = {
  add: elementwise("add", (a, b) => a + b),
  sub: elementwise("sub", (a, b) => a - b),
  mul: elementwise("mul", (a, b) => a * b),
  div: elementwise("div", (a, b) => a / b),
  pow: elementwise("pow", (a, b) => a ** b),
  less: elementwise("less", (a, b) => +(a < b)),
  less_equal: elementwise("less_equal", (a, b) => +(a <= b)),
  greater: elementwise("greater", (a, b) => +(a > b)),
  greater_equal: elementwise("greater_equal", (a, b) => +(a >= b)),
  neg: (a: unknown) => {
    calls.push(["neg"]);
    return new FakeTensor(Array.from((a as FakeTensor).data, (v) => -v));
  }
};

export const bs = createOperatorRuntime(fakeNp);

/** Evaluates a compiled cell body with the given inputs (by name); `__bs` and `__guard` are filled in. */
export function runCell(cell: CompiledCell, values: Record<string, unknown>, guard: LoopGuard = createLoopGuard({scheduleReset: null})): unknown {
  const fn = (0, eval)(`(${cell.body})`) as (...args: unknown[]) => unknown;
  const scope: Record<string, unknown> = {__bs: bs, __guard: guard, ...values};
  return fn(...cell.inputs.map((name) => {
    if (!(name in scope)) throw new Error(`test gave no value for input '${name}'`);
    return scope[name];
  }));
}

/** Evaluates a compiled script and returns `result` (the value of the script's `result` binding). */
export function runScript(code: string, values: Record<string, unknown> = {}, guard: LoopGuard = createLoopGuard({scheduleReset: null})): unknown {
  const scope: Record<string, unknown> = {__bs: bs, __guard: guard, ...values};
  const names = Object.keys(scope);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(...names, `${code}\nreturn typeof result === "undefined" ? undefined : result;`)(...names.map((n) => scope[n]));
}
