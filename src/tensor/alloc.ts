// Storage for tensor data. Every kernel result goes through `allocate`, so the allocation strategy
// lives in one place. (A bump allocator over 4 MB slabs was measured ~20% faster on the staged
// batchnorm bench but had worse medians from GC bursts and pins whole slabs for any long-lived view,
// so storage stays one ArrayBuffer per tensor.)

/** A zero-filled Float64Array of n elements. */
export function allocate(n: number): Float64Array {
  return new Float64Array(n);
}
