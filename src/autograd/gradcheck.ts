// Numeric gradient checking, with cs231n's semantics (eval_numerical_gradient_array, rel_error).
import {Tensor, toTensor, type TensorLike} from "../tensor/tensor.ts";
import {formatShape, sameShape, ShapeError} from "../tensor/shape.ts";
import {viewOffsets} from "../tensor/indexing.ts";
import {noGrad} from "./no-grad.ts";

/**
 * Centered differences: grad[i] = Σ((f(x+h·e_i) − f(x−h·e_i)) · dout) / 2h. `x` is modified in place
 * during the check and restored. Without `dout`, f's output is summed (dout of ones).
 */
export function numericGradient(f: (x: Tensor) => TensorLike, x: Tensor, dout?: TensorLike, h = 1e-5): Tensor {
  return noGrad(() => {
    const offsets = viewOffsets(x);
    const data = x.data;
    const grad = new Float64Array(offsets.length);
    const d = dout === undefined ? null : toTensor(dout, "numericGradient").values();
    const evaluate = (): Float64Array => {
      const out = toTensor(f(x), "numericGradient");
      if (d && out.size !== d.length) {
        throw new ShapeError(`numericGradient: f returned shape ${formatShape(out.shape)} but dout has ${d.length} elements`);
      }
      return new Float64Array(out.values());
    };
    for (let k = 0; k < offsets.length; k++) {
      const off = offsets[k];
      const old = data[off];
      data[off] = old + h;
      const fp = evaluate();
      data[off] = old - h;
      const fm = evaluate();
      data[off] = old;
      let s = 0;
      for (let i = 0; i < fp.length; i++) s += (fp[i] - fm[i]) * (d ? d[i] : 1);
      grad[k] = s / (2 * h);
    }
    return new Tensor(grad, x.shape.slice());
  });
}

/** cs231n's rel_error: max(|x − y| / max(1e-8, |x| + |y|)) over all elements. */
export function relError(a: TensorLike, b: TensorLike): number {
  const x = toTensor(a, "relError"), y = toTensor(b, "relError");
  if (!sameShape(x.shape, y.shape) && x.size !== y.size) {
    throw new ShapeError(`relError: shapes ${formatShape(x.shape)} and ${formatShape(y.shape)} differ`);
  }
  const xv = x.values(), yv = y.values();
  let worst = 0;
  for (let i = 0; i < xv.length; i++) {
    const e = Math.abs(xv[i] - yv[i]) / Math.max(1e-8, Math.abs(xv[i]) + Math.abs(yv[i]));
    if (e > worst || e !== e) worst = e;
  }
  return worst;
}
