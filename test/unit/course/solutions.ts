// Reference solutions of the course's own exercises, written as a learner would (cell syntax:
// tensor operators, x[i, j] indexing). The tests grade them with the real compiler and grader.

export const mul_gate_backward = `function mul_gate_backward(dout, a, b) {
  const da = b * dout;
  const db = a * dout;
  return [da, db];
}`;

export const max_gate_backward = `function max_gate_backward(dout, a, b) {
  const da = dout * np.greater(a, b);
  const db = dout * np.greater(b, a);
  return [da, db];
}`;

export const sum_gate_backward = `function sum_gate_backward(dout, x) {
  const N = x.shape[0];
  const dx = np.ones([N, 1]) * dout;
  return dx;
}`;

export const affine_forward = `function affine_forward(x, w, b) {
  const N = x.shape[0];
  const out = np.matmul(x.reshape(N, -1), w) + b;
  return out;
}`;

export const variance_backward = `function variance_backward(dout, x) {
  const N = x.shape[0];
  const mean = x.mean(0);
  const diff = x - mean;
  const square = diff * diff;
  const dsquare = np.ones([N, 1]) * dout / N;
  const ddiff = 2 * diff * dsquare;
  const dmean = -ddiff.sum(0);
  const dx1 = ddiff;
  const dx2 = np.ones([N, 1]) * dmean / N;
  const dx = dx1 + dx2;
  return dx;
}`;

export const batchnorm_backward_alt = `function batchnorm_backward_alt(dout, cache) {
  const {xhat, gamma, ivar} = cache;
  const N = dout.shape[0];
  const dbeta = dout.sum(0);
  const dgamma = (dout * xhat).sum(0);
  const dx = gamma * ivar / N * (N * dout - dbeta - xhat * dgamma);
  return [dx, dgamma, dbeta];
}`;

export const svm_loss = `function svm_loss(x, y) {
  const N = x.shape[0];
  const correct = x[np.arange(N), y].reshape(N, 1);
  const margins = np.maximum(0, x - correct + 1);
  for (let i = 0; i < N; i++) margins[i, y[i]] = 0;
  const loss = margins.sum().item() / N;
  const active = np.greater(margins, 0);
  const counts = active.sum(1);
  for (let i = 0; i < N; i++) active[i, y[i]] = -counts[i];
  const dx = active / N;
  return [loss, dx];
}`;

export const spatial_batchnorm_backward = `function spatial_batchnorm_backward(dout, cache) {
  const {xhat, gamma, ivar} = cache;
  const [N, C, H, W] = dout.shape;
  const M = N * H * W;
  const rows = (t) => t.transpose(0, 2, 3, 1).reshape(-1, C);
  const dbeta = rows(dout).sum(0);
  const dgamma = (rows(dout) * rows(xhat)).sum(0);
  const dxr = gamma * ivar / M * (M * rows(dout) - dbeta - rows(xhat) * dgamma);
  const dx = dxr.reshape(N, H, W, C).transpose(0, 3, 1, 2);
  return [dx, dgamma, dbeta];
}`;

export const layernorm_backward = `function layernorm_backward(dout, cache) {
  const {xhat, gamma, ivar} = cache;
  const D = dout.shape[1];
  const dbeta = dout.sum(0);
  const dgamma = (dout * xhat).sum(0);
  const dxhat = dout * gamma;
  const dx = ivar / D * (D * dxhat - dxhat.sum(1, true) - xhat * (dxhat * xhat).sum(1, true));
  return [dx, dgamma, dbeta];
}`;

export const affine_relu_backward = `function affine_relu_backward(dout, cache) {
  const {x, w, b, a} = cache;
  const da = dout * np.greater(a, 0);
  const dx = np.matmul(da, w.T);
  const dw = np.matmul(x.T, da);
  const db = da.sum(0);
  return [dx, dw, db];
}`;
