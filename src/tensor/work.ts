// A running count of tensor work: every Tensor made (op results and views alike) adds its element
// count, and is tallied by size class (log2 of its element count). The grader reads it around a
// learner's call to tell a backward pass from a numerical gradient, which re-runs the forward — and
// so makes input-sized tensors — once or twice per input element. Dependency-free, one counter per
// realm (each isolate and Worker has its own copy of the runtime).

let elements = 0;
let tensors = 0;
/** bySize[k]: tensors with 2^k ≤ size < 2^(k+1) (k = 0 also holds empty and one-element tensors). */
const bySize = new Array<number>(33).fill(0);

/** Called by the Tensor constructor. */
export function countTensor(size: number): void {
  elements += size;
  tensors++;
  bySize[size > 1 ? 31 - Math.clz32(size) : 0]++;
}

export interface WorkCount {
  /** Elements of every tensor created (results and views). */
  elements: number;
  /** Tensors created. */
  tensors: number;
  /** Tensors created per size class (index k: 2^k ≤ size < 2^(k+1)). */
  bySize: number[];
}

/** The counts so far; subtract two readings (`workSince`) to measure a piece of code. */
export function readWork(): WorkCount {
  return {elements, tensors, bySize: bySize.slice()};
}

export function workSince(before: WorkCount): WorkCount {
  const now = readWork();
  return {elements: now.elements - before.elements, tensors: now.tensors - before.tensors, bySize: now.bySize.map((n, k) => n - before.bySize[k])};
}

/** Tensors of at least about `size` elements (its size class and above) in a measured count. */
export function tensorsOfSize(work: Pick<WorkCount, "bySize">, size: number): number {
  const from = size > 1 ? 31 - Math.clz32(size) : 0;
  let n = 0;
  for (let k = from; k < work.bySize.length; k++) n += work.bySize[k] ?? 0;
  return n;
}
