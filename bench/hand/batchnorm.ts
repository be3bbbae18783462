// Hand-written batchnorm training step (biased variance, as cs231n and PyTorch training mode):
// two-pass mean/variance forward, closed-form backward.

export interface BatchnormResult {
  out: Float64Array;
  dx: Float64Array;
  dgamma: Float64Array;
  dbeta: Float64Array;
}

export function batchnorm(x: Float64Array, gamma: Float64Array, beta: Float64Array, dout: Float64Array, n: number, d: number, eps: number): BatchnormResult {
  const mean = new Float64Array(d);
  const ivar = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j] - mean[j];
      ivar[j] += v * v;
    }
  for (let j = 0; j < d; j++) ivar[j] = 1 / Math.sqrt(ivar[j] / n + eps);

  const xhat = new Float64Array(n * d);
  const out = new Float64Array(n * d);
  const dgamma = new Float64Array(d);
  const dbeta = new Float64Array(d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const at = i * d + j;
      const h = (x[at] - mean[j]) * ivar[j];
      xhat[at] = h;
      out[at] = gamma[j] * h + beta[j];
      dbeta[j] += dout[at];
      dgamma[j] += dout[at] * h;
    }
  // dx = ivar/N · (N·dxhat − Σdxhat − xhat·Σ(dxhat·xhat)), with dxhat = dout·gamma.
  const dx = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const at = i * d + j;
      dx[at] = (ivar[j] / n) * (n * dout[at] * gamma[j] - gamma[j] * dbeta[j] - xhat[at] * gamma[j] * dgamma[j]);
    }
  return {out, dx, dgamma, dbeta};
}
