// numpy broadcasting of a plain Dense value to a shape (a copy), or null when the shapes do not broadcast.
import {sizeOf, type Dense} from "./dense.ts";

export function broadcastTo(d: Dense, shape: number[]): Dense | null {
  if (d.shape.length > shape.length) return null;
  const lead = shape.length - d.shape.length;
  const src = [...new Array(lead).fill(1), ...d.shape];
  for (let i = 0; i < shape.length; i++) if (src[i] !== shape[i] && src[i] !== 1) return null;
  const strides: number[] = new Array(shape.length).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = src[i] === 1 ? 0 : s;
    s *= src[i];
  }
  const out = new Float64Array(sizeOf(shape));
  const idx = new Array(shape.length).fill(0);
  for (let k = 0; k < out.length; k++) {
    let at = 0;
    for (let j = 0; j < shape.length; j++) at += idx[j] * strides[j];
    out[k] = d.data[at];
    for (let j = shape.length - 1; j >= 0; j--) {
      if (++idx[j] < shape[j]) break;
      idx[j] = 0;
    }
  }
  return {$tensor: true, shape: shape.slice(), data: out};
}
