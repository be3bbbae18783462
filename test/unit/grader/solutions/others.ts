// Reference solutions of the smaller exercises (test data only).
export const affine_backward = `function affine_backward(dout, cache) {
  const {x, w, b} = cache;
  const N = x.shape[0];
  const xflat = x.reshape(N, -1);
  const dx = (dout.matmul(w.T)).reshape(x.shape);
  const dw = xflat.T.matmul(dout);
  const db = dout.sum(0);
  return [dx, dw, db];
}
`;

export const relu_backward = `function relu_backward(dout, cache) {
  const x = cache;
  const dx = dout * (x > 0);
  return dx;
}
`;

export const softmax_loss = `function softmax_loss(x, y) {
  const N = x.shape[0];
  const shifted = x - x.max(1, true);
  const logZ = np.log(np.exp(shifted).sum(1, true));
  const logProbs = shifted - logZ;
  const probs = np.exp(logProbs);
  const loss = -logProbs[np.arange(N), y].sum() / N;
  let dx = probs.copy();
  dx[np.arange(N), y] -= 1;
  dx /= N;
  return [loss, dx];
}
`;

export const conv_backward_naive = `function conv_backward_naive(dout, cache) {
  const {x, w, b, conv_param} = cache;
  const {stride, pad} = conv_param;
  const [N, C, H, W] = x.shape;
  const [F, , HH, WW] = w.shape;
  const [, , Ho, Wo] = dout.shape;
  const xpad = np.pad(x, [[0, 0], [0, 0], [pad, pad], [pad, pad]]);
  const dxpad = np.zeros_like(xpad);
  const dw = np.zeros_like(w);
  const db = dout.sum([0, 2, 3]);
  for (let n = 0; n < N; n++) {
    for (let f = 0; f < F; f++) {
      for (let i = 0; i < Ho; i++) {
        for (let j = 0; j < Wo; j++) {
          const rows = (i * stride) + ":" + (i * stride + HH);
          const cols = (j * stride) + ":" + (j * stride + WW);
          const g = dout[n, f, i, j];
          dw[f] += xpad[n, ":", rows, cols] * g;
          dxpad[n, ":", rows, cols] += w[f] * g;
        }
      }
    }
  }
  const dx = dxpad[":", ":", pad + ":" + (pad + H), pad + ":" + (pad + W)].copy();
  return [dx, dw, db];
}
`;

export const max_pool_backward_naive = `function max_pool_backward_naive(dout, cache) {
  const {x, pool_param} = cache;
  const {pool_height, pool_width, stride} = pool_param;
  const [N, C, H, W] = x.shape;
  const [, , Ho, Wo] = dout.shape;
  const dx = np.zeros_like(x);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      for (let i = 0; i < Ho; i++) {
        for (let j = 0; j < Wo; j++) {
          const r0 = i * stride, c0 = j * stride;
          const window = x[n, c, r0 + ":" + (r0 + pool_height), c0 + ":" + (c0 + pool_width)];
          const k = window.argmax().item();
          const r = r0 + Math.floor(k / pool_width), s = c0 + (k % pool_width);
          dx[n, c, r, s] += dout[n, c, i, j];
        }
      }
    }
  }
  return dx;
}
`;
