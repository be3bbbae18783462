// Tensor → TensorSummary: statistics over every element, the values themselves only when small.
import type {TensorSummary} from "./model.ts";
import {readValues, type TensorLike} from "./tensor-like.ts";

export const DEFAULT_MAX_VALUES = 1024;

export function summarizeTensor(t: TensorLike, maxValues = DEFAULT_MAX_VALUES): TensorSummary {
  const all = readValues(t);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sq = 0;
  for (const v of all) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sq += v * v;
  }
  const n = all.length;
  return {
    shape: [...t.shape],
    values: n <= maxValues ? all : null,
    min: n ? min : NaN,
    max: n ? max : NaN,
    mean: n ? sum / n : NaN,
    norm: Math.sqrt(sq)
  };
}
