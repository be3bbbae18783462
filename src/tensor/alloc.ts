// Storage for tensor data. Every kernel result goes through `allocate`, so the allocation strategy
// lives in one place. Fresh Float64Arrays cost page faults here (≈40 µs per 128 KB on this VM), which
// is most of a staged batchnorm step. A bump allocator over 4 MB slabs measured 10–20% faster on
// that bench, but any one long-lived view pins its whole slab (a kept history of small tensors
// would hold hundreds of MB), so storage stays one ArrayBuffer per tensor.

/** A zero-filled Float64Array of n elements. */
export function allocate(n: number): Float64Array {
  return new Float64Array(n);
}
