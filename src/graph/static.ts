// Tensor → SVG string in one call (no DOM), for `npm run build` and `backstep`.
import {collectGraph, type CollectOptions} from "./collect.ts";
import {renderGraphSVG, type DrawOptions} from "./svg.ts";
import type {TensorLike} from "./tensor-like.ts";

export function graphSVG(out: TensorLike | TensorLike[], options: DrawOptions & CollectOptions = {}): string {
  return renderGraphSVG(collectGraph(out, options), options);
}
