// Hand-written max-pool (NCHW): the forward pass records each window's argmax, the backward pass
// scatters dout there (first maximum wins on ties, as PyTorch and numpy's argmax do).

export interface PoolShape {
  n: number; c: number; h: number; w: number;
  ph: number; pw: number; stride: number;
}

export interface PoolResult {
  out: Float64Array;
  dx: Float64Array;
}

export function maxPool(x: Float64Array, dout: Float64Array, s: PoolShape): PoolResult {
  const {n, c, h, w, ph, pw, stride} = s;
  const ho = Math.floor((h - ph) / stride) + 1;
  const wo = Math.floor((w - pw) / stride) + 1;
  const out = new Float64Array(n * c * ho * wo);
  const arg = new Int32Array(out.length);
  const dx = new Float64Array(x.length);
  for (let plane = 0; plane < n * c; plane++) {
    const inBase = plane * h * w;
    const outBase = plane * ho * wo;
    for (let oy = 0; oy < ho; oy++)
      for (let ox = 0; ox < wo; ox++) {
        let best = -Infinity;
        let at = -1;
        for (let py = 0; py < ph; py++) {
          const row = inBase + (oy * stride + py) * w + ox * stride;
          for (let px = 0; px < pw; px++) {
            const v = x[row + px];
            if (v > best || at < 0) {
              best = v;
              at = row + px;
            }
          }
        }
        out[outBase + oy * wo + ox] = best;
        arg[outBase + oy * wo + ox] = at;
      }
  }
  for (let o = 0; o < out.length; o++) dx[arg[o]] += dout[o];
  return {out, dx};
}
