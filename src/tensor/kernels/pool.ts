// Max pooling (NCHW): forward records the flat input index of each window's maximum; backward routes there.
import {allocate} from "../alloc.ts";

export interface PoolGeom { N: number; C: number; H: number; W: number; ph: number; pw: number; stride: number; Ho: number; Wo: number }

export function maxPoolForward(x: Float64Array, g: PoolGeom): {out: Float64Array; arg: Int32Array} {
  const {N, C, H, W, ph, pw, stride, Ho, Wo} = g;
  const out = allocate(N * C * Ho * Wo);
  const arg = new Int32Array(out.length);
  let o = 0;
  for (let nc = 0; nc < N * C; nc++) {
    const base = nc * H * W;
    for (let oh = 0; oh < Ho; oh++) {
      for (let ow = 0; ow < Wo; ow++, o++) {
        const start = base + oh * stride * W + ow * stride;
        let best = x[start], bi = start;
        for (let i = 0; i < ph; i++) {
          for (let j = 0, p = start + i * W; j < pw; j++, p++) {
            const v = x[p];
            if (v > best || (v !== v && best === best)) { best = v; bi = p; }
          }
        }
        out[o] = best;
        arg[o] = bi;
      }
    }
  }
  return {out, arg};
}

export function maxPoolBackward(dout: Float64Array, arg: Int32Array, size: number): Float64Array {
  const dx = allocate(size);
  for (let o = 0; o < dout.length; o++) dx[arg[o]] += dout[o];
  return dx;
}
