// Reference solutions (test data only; never imported by the browser bundle).
export const staged = `function batchnorm_backward(dout, cache) {
  const {xhat, gamma, xmu, ivar, sqrtvar, var: v, eps} = cache;
  const [N, D] = dout.shape;
  // step 9
  const dbeta = dout.sum(0);
  const dgammax = dout;
  // step 8
  const dgamma = (dgammax * xhat).sum(0);
  const dxhat = dgammax * gamma;
  // step 7
  const divar = (dxhat * xmu).sum(0);
  const dxmu1 = dxhat * ivar;
  // step 6
  const dsqrtvar = -1 / sqrtvar ** 2 * divar;
  // step 5
  const dvar = 0.5 / np.sqrt(v + eps) * dsqrtvar;
  // step 4
  const dsq = np.ones([N, D]) / N * dvar;
  // step 3
  const dxmu2 = 2 * xmu * dsq;
  // step 2
  const dx1 = dxmu1 + dxmu2;
  const dmu = -(dxmu1 + dxmu2).sum(0);
  // step 1
  const dx2 = np.ones([N, D]) / N * dmu;
  // step 0
  const dx = dx1 + dx2;
  return [dx, dgamma, dbeta];
}
`;

/** The compact formula with its own names: only the outputs can be checked. */
export const compact = `function batchnorm_backward(dout, cache) {
  const {xhat, gamma, ivar} = cache;
  const N = dout.shape[0];
  const g = dout * gamma;
  const result = ivar / N * (N * g - g.sum(0) - xhat * (g * xhat).sum(0));
  return [result, (dout * xhat).sum(0), dout.sum(0)];
}
`;
