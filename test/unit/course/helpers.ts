// Helpers for the course tests: read PyTorch fixtures, read tensors element by element, compare.
import {readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import {np, Tensor} from "../../../src/tensor/index.ts";

export interface FixtureTensor {
  shape: number[];
  data: number[];
}
export interface FixtureCase {
  name: string;
  op: string;
  params: Record<string, unknown>;
  inputs: Record<string, FixtureTensor | number[] | number>;
  outputs: Record<string, FixtureTensor | number>;
  grads: Record<string, FixtureTensor>;
  intermediates?: Record<string, FixtureTensor>;
  intermediate_grads?: Record<string, FixtureTensor>;
}

/** Cases of test/fixtures/pytorch/<file>.json. */
export function loadCases(file: string): FixtureCase[] {
  const url = new URL(`../../fixtures/pytorch/${file}.json`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), "utf8")).cases as FixtureCase[];
}

/** A fixture tensor (or scalar) as a runtime Tensor. */
export function toTensor(t: FixtureTensor | number): Tensor {
  if (typeof t === "number") return np.array(t);
  if (t.shape.length === 0) return np.array(t.data[0]);
  return np.array(t.data).reshape(t.shape);
}

/** Elements of t in row-major order, whatever its strides (views included). */
export function flat(t: Tensor | number): number[] {
  if (typeof t === "number") return [t];
  const out: number[] = [];
  const idx = new Array(t.shape.length).fill(0);
  const n = t.shape.reduce((a, b) => a * b, 1);
  for (let k = 0; k < n; k++) {
    let off = t.offset;
    for (let d = 0; d < idx.length; d++) off += idx[d] * t.strides[d];
    out.push(t.data[off]);
    for (let d = idx.length - 1; d >= 0; d--) {
      if (++idx[d] < t.shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

/** cs231n's relative error: max over elements of |a−b| / max(1e-8, |a|+|b|). Throws on a shape mismatch. */
export function relErr(a: Tensor | FixtureTensor | number, b: Tensor | FixtureTensor | number): number {
  const sa = shapeOf(a);
  const sb = shapeOf(b);
  if (sa.join(",") !== sb.join(",")) throw new Error(`relErr: shape (${sa}) vs (${sb})`);
  const xa = valuesOf(a);
  const xb = valuesOf(b);
  let worst = 0;
  for (let i = 0; i < xa.length; i++) {
    worst = Math.max(worst, Math.abs(xa[i] - xb[i]) / Math.max(1e-8, Math.abs(xa[i]) + Math.abs(xb[i])));
  }
  return worst;
}

function shapeOf(t: Tensor | FixtureTensor | number): number[] {
  return typeof t === "number" ? [] : t.shape;
}
function valuesOf(t: Tensor | FixtureTensor | number): number[] {
  if (typeof t === "number") return [t];
  return t instanceof Tensor ? flat(t) : t.data;
}

/** A fresh leaf that requires grad, copied from t. */
export function leaf(t: Tensor): Tensor {
  return np.array(t).requiresGrad_();
}
