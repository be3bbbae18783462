// The slice of the runtime's Tensor contract (DEVELOPERS.md) the graph needs. Duck-typed on purpose:
// the graph code never imports the runtime, so it also draws graphs from other realms (a Worker's
// structured clone, a sandbox) as long as they have these fields (shape math and the strided read come
// from src/tensor's dependency-free helpers, not from the runtime).
import {sizeOf} from "../tensor/shape.ts";
import {copyStrided} from "../tensor/strided.ts";

export interface GradNodeLike {
  op: string;
  inputs: TensorLike[];
  params?: Record<string, unknown>;
  inputGrads?: (TensorLike | null)[];
}

export interface TensorLike {
  data: ArrayLike<number>;
  shape: number[];
  strides?: number[];
  offset?: number;
  requiresGrad?: boolean;
  grad?: TensorLike | null;
  node?: GradNodeLike | null;
  name?: string | null;
}

export function isTensorLike(x: unknown): x is TensorLike {
  return (
    typeof x === "object" &&
    x !== null &&
    Array.isArray((x as TensorLike).shape) &&
    typeof (x as TensorLike).data === "object" &&
    (x as TensorLike).data !== null
  );
}

/** Reads a tensor's elements in row-major order, following strides and offset (views are common). */
export function readValues(t: TensorLike, limit = Infinity): number[] {
  return copyStrided(t, new Array<number>(Math.min(sizeOf(t.shape), limit)));
}
