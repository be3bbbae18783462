// matmul / dot with numpy semantics (1-D promotion, broadcast batch dims) and backward.
import {allocate} from "../../tensor/alloc.ts";
import {Tensor, toTensor, type TensorLike} from "../../tensor/tensor.ts";
import {broadcastShapes, contiguousStrides, formatShape, ShapeError, sizeOf, broadcastStrides} from "../../tensor/shape.ts";
import {gemm} from "../../tensor/kernels/matmul.ts";
import {record, needsGrad} from "../graph.ts";
import {packedValues, reshape, transpose} from "./shape.ts";
import {sumTo} from "./reduce.ts";
import {mul} from "./elementwise.ts";

/** Non-recording (..., M, K) @ (..., K, N) with broadcast batch dims. */
export function matmulRaw(A: Tensor, B: Tensor): Tensor {
  const M = A.shape[A.ndim - 2], K = A.shape[A.ndim - 1], N = B.shape[B.ndim - 1];
  const Av = packedValues(A), Bv = packedValues(B);
  if (A.ndim === 2 && B.ndim === 2) {
    const C = allocate(M * N);
    gemm(M, N, K, Av, 0, Bv, 0, C, 0);
    return new Tensor(C, [M, N]);
  }
  const aBatch = A.shape.slice(0, -2), bBatch = B.shape.slice(0, -2);
  const batch = broadcastShapes("matmul", aBatch, bBatch);
  const aStr = broadcastStrides(aBatch, contiguousStrides(aBatch).map((s) => s * M * K), batch);
  const bStr = broadcastStrides(bBatch, contiguousStrides(bBatch).map((s) => s * K * N), batch);
  const nb = sizeOf(batch);
  const C = allocate(nb * M * N);
  const idx = new Array<number>(batch.length).fill(0);
  for (let b = 0; b < nb; b++) {
    let ao = 0, bo = 0;
    for (let d = 0; d < batch.length; d++) { ao += idx[d] * aStr[d]; bo += idx[d] * bStr[d]; }
    gemm(M, N, K, Av, ao, Bv, bo, C, b * M * N);
    for (let d = batch.length - 1; d >= 0; d--) { if (++idx[d] < batch[d]) break; idx[d] = 0; }
  }
  return new Tensor(C, [...batch, M, N]);
}

function swapLast(t: Tensor): Tensor {
  const axes = [...t.shape.keys()];
  const n = axes.length;
  [axes[n - 2], axes[n - 1]] = [axes[n - 1], axes[n - 2]];
  return transpose(t, axes, false);
}

export function matmul(a: TensorLike, b: TensorLike): Tensor {
  const A = toTensor(a, "matmul"), B = toTensor(b, "matmul");
  if (A.ndim === 0 || B.ndim === 0) {
    throw new ShapeError(`matmul: input operand ${A.ndim === 0 ? 0 : 1} does not have enough dimensions (shapes ${formatShape(A.shape)} and ${formatShape(B.shape)}); use mul for scalars`);
  }
  // numpy promotes 1-D operands to matrices and drops the added axis afterwards.
  if (A.ndim === 1 || B.ndim === 1) {
    const A2 = A.ndim === 1 ? reshape(A, [1, A.shape[0]]) : A;
    const B2 = B.ndim === 1 ? reshape(B, [B.shape[0], 1]) : B;
    checkAligned(A2, B2, A, B);
    const out = matmul(A2, B2);
    const shape = out.shape.slice();
    if (B.ndim === 1) shape.pop();
    if (A.ndim === 1) shape.splice(shape.length - (B.ndim === 1 ? 1 : 2), 1);
    return reshape(out, shape);
  }
  checkAligned(A, B, A, B);
  const out = matmulRaw(A, B);
  if (needsGrad(A, B)) {
    record(out, "matmul", [A, B], {}, (g) => [
      A.requiresGrad ? sumTo(matmulRaw(g, swapLast(B)), A.shape) : null,
      B.requiresGrad ? sumTo(matmulRaw(swapLast(A), g), B.shape) : null,
    ]);
  }
  return out;
}

function checkAligned(A2: Tensor, B2: Tensor, A: Tensor, B: Tensor): void {
  const k1 = A2.shape[A2.ndim - 1], k2 = B2.shape[B2.ndim - 2];
  if (k1 !== k2) {
    const da = A.ndim - 1, db = Math.max(B.ndim - 2, 0);
    throw new ShapeError(`matmul: shapes ${formatShape(A.shape)} and ${formatShape(B.shape)} not aligned: ${k1} (dim ${da}) != ${k2} (dim ${db})`);
  }
  try {
    broadcastShapes("matmul", A2.shape.slice(0, -2), B2.shape.slice(0, -2));
  } catch {
    throw new ShapeError(`matmul: batch dimensions of ${formatShape(A.shape)} and ${formatShape(B.shape)} do not broadcast`);
  }
}

/** numpy dot: matmul for arrays, multiplication when either side is a scalar. */
export function dot(a: TensorLike, b: TensorLike): Tensor {
  const A = toTensor(a, "dot"), B = toTensor(b, "dot");
  if (A.ndim === 0 || B.ndim === 0) return mul(A, B);
  if (A.ndim > 2 || B.ndim > 2) throw new ShapeError(`dot: only 1-D and 2-D arrays are supported, got ${formatShape(A.shape)} and ${formatShape(B.shape)} (use matmul for batches)`);
  return matmul(A, B);
}
