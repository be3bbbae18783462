// Hand-written softmax cross-entropy (mean over the batch) and its gradient wrt the scores.

export interface SoftmaxResult {
  loss: Float64Array;
  dscores: Float64Array;
}

export function softmaxCrossEntropy(scores: Float64Array, y: Int32Array, n: number, c: number): SoftmaxResult {
  const dscores = new Float64Array(n * c);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const row = i * c;
    let max = -Infinity;
    for (let j = 0; j < c; j++) if (scores[row + j] > max) max = scores[row + j];
    let z = 0;
    for (let j = 0; j < c; j++) {
      const e = Math.exp(scores[row + j] - max);
      dscores[row + j] = e;
      z += e;
    }
    loss += Math.log(z) - (scores[row + y[i]] - max);
    const scale = 1 / (z * n);
    for (let j = 0; j < c; j++) dscores[row + j] *= scale;
    dscores[row + y[i]] -= 1 / n;
  }
  return {loss: Float64Array.of(loss / n), dscores};
}
