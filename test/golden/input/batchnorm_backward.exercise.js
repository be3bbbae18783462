function batchnorm_backward(dout, cache) {
  const {xhat, gamma, xmu, ivar, sqrtvar, var: variance, eps} = cache;
  const N = dout.shape[0];
  const dbeta = dout.sum({axis: 0});
  const dgammax = dout;
  const dgamma = (dgammax * xhat).sum({axis: 0});
  const dxhat = dgammax * gamma;
  const divar = (dxhat * xmu).sum({axis: 0});
  const dxmu1 = dxhat * ivar;
  const dsqrtvar = -1 / sqrtvar ** 2 * divar;
  const dvar = 0.5 / np.sqrt(variance + eps) * dsqrtvar;
  const dsq = 1 / N * np.ones(dout.shape) * dvar;
  const dxmu2 = 2 * xmu * dsq;
  let dx1 = dxmu1 + dxmu2;
  const dmu = -1 * (dxmu1 + dxmu2).sum({axis: 0});
  const dx2 = 1 / N * np.ones(dout.shape) * dmu;
  dx1 += dx2;
  return [dx1, dgamma, dbeta];
}
