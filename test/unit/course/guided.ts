// Solutions to the grader's exercises written only with what the lessons teach (slices as strings,
// `+=` into views, np.greater / np.equal masks): proof that each lesson's exercise can be completed.

export const relu_backward = `function relu_backward(dout, cache) {
  const x = cache;
  const dx = dout * np.greater(x, 0);
  return dx;
}`;

export const affine_backward = `function affine_backward(dout, cache) {
  const {x, w, b} = cache;
  const N = x.shape[0];
  const dx = np.matmul(dout, w.T).reshape(x.shape);
  const dw = np.matmul(x.reshape(N, -1).T, dout);
  const db = dout.sum(0);
  return {dx, dw, db};
}`;

export const batchnorm_backward = `function batchnorm_backward(dout, cache) {
  const {xhat, gamma, xmu, ivar, sqrtvar, var: v, eps} = cache;
  const N = dout.shape[0];
  const dbeta = dout.sum(0);
  const dgammax = dout;
  const dgamma = (dgammax * xhat).sum(0);
  const dxhat = dgammax * gamma;
  const divar = (dxhat * xmu).sum(0);
  const dxmu1 = dxhat * ivar;
  const dsqrtvar = -1 / (sqrtvar * sqrtvar) * divar;
  const dvar = 0.5 / np.sqrt(v + eps) * dsqrtvar;
  const dsq = np.ones([N, 1]) * dvar / N;
  const dxmu2 = 2 * xmu * dsq;
  const dx1 = dxmu1 + dxmu2;
  const dmu = -(dxmu1 + dxmu2).sum(0);
  const dx2 = np.ones([N, 1]) * dmu / N;
  const dx = dx1 + dx2;
  return [dx, dgamma, dbeta];
}`;

export const softmax_loss = `function softmax_loss(x, y) {
  const N = x.shape[0];
  const shifted = x - x.max(1, true);
  const logp = shifted - np.log(np.exp(shifted).sum(1, true));
  const loss = -logp[np.arange(N), y].sum().item() / N;
  const dx = np.exp(logp);
  for (let i = 0; i < N; i++) dx[i, y[i]] -= 1;
  return [loss, dx / N];
}`;

export const conv_backward_naive = `function conv_backward_naive(dout, cache) {
  const {x, w, b, conv_param} = cache;
  const {stride, pad} = conv_param;
  const [N, C, H, W] = x.shape;
  const [F, , HH, WW] = w.shape;
  const [, , Ho, Wo] = dout.shape;
  const xpad = np.pad(x, [[0, 0], [0, 0], [pad, pad], [pad, pad]]);
  const dxpad = np.zeros(xpad.shape);
  const dw = np.zeros(w.shape);
  const db = dout.sum([0, 2, 3]);
  for (let n = 0; n < N; n++)
    for (let f = 0; f < F; f++)
      for (let i = 0; i < Ho; i++)
        for (let j = 0; j < Wo; j++) {
          const rows = \`\${i * stride}:\${i * stride + HH}\`, cols = \`\${j * stride}:\${j * stride + WW}\`;
          const g = dout[n, f, i, j];
          dw[f] += g * xpad[n, ":", rows, cols];
          dxpad[n, ":", rows, cols] += g * w[f];
        }
  const dx = dxpad[":", ":", \`\${pad}:\${pad + H}\`, \`\${pad}:\${pad + W}\`];
  return [dx, dw, db];
}`;

export const max_pool_backward_naive = `function max_pool_backward_naive(dout, cache) {
  const {x, pool_param} = cache;
  const {pool_height: PH, pool_width: PW, stride: S} = pool_param;
  const [N, C, H, W] = x.shape;
  const [, , Ho, Wo] = dout.shape;
  const dx = np.zeros(x.shape);
  for (let n = 0; n < N; n++)
    for (let c = 0; c < C; c++)
      for (let i = 0; i < Ho; i++)
        for (let j = 0; j < Wo; j++) {
          const window = x[n, c, \`\${i * S}:\${i * S + PH}\`, \`\${j * S}:\${j * S + PW}\`];
          const k = window.argmax().item();
          dx[n, c, i * S + Math.floor(k / PW), j * S + k % PW] += dout[n, c, i, j];
        }
  return dx;
}`;
