// The tfjs column: @tensorflow/tfjs-core + @tensorflow/tfjs-backend-cpu (float32), the JS library a
// user would otherwise pick. Every step runs in tf.tidy and reads every output with dataSync().
import {createRequire} from "node:module";
import type * as TF from "@tensorflow/tfjs-core";

const require = createRequire(import.meta.url);
type Tf = typeof TF;
type Tensor = TF.Tensor;
export type Outputs = Record<string, Float64Array>;

let loaded: Tf | null = null;

/**
 * Loads tfjs-core with the cpu backend. The Node (CJS) bundle of tfjs-core registers no gradient
 * functions, so @tensorflow/tfjs is required too, only for its gradient registrations (it shares the
 * same deduped tfjs-core instance). Its "install tfjs-node" banner is silenced.
 */
export async function loadTfjs(): Promise<Tf> {
  if (loaded) return loaded;
  const {log, warn} = console;
  console.log = console.warn = () => {};
  try {
    const tf = require("@tensorflow/tfjs-core") as Tf;
    require("@tensorflow/tfjs-backend-cpu");
    require("@tensorflow/tfjs");
    await tf.setBackend("cpu");
    await tf.ready();
    // The cpu backend prints its "install tfjs-node" banner on first write; that is not our output.
    (tf.backend() as unknown as {firstUse: boolean}).firstUse = false;
    loaded = tf;
  } finally {
    console.log = log;
    console.warn = warn;
  }
  return loaded;
}

/** Runs `step` in tidy and reads every output with dataSync() (the timed work). */
// tidy's callback returns nothing: tidy walks a returned container element by element, which
// would add a pass over every typed array to the timed work.
function syncAll(tf: Tf, step: () => Record<string, Tensor>): unknown {
  const read: unknown[] = [];
  tf.tidy(() => {
    for (const t of Object.values(step())) read.push(t.dataSync());
  });
  return read;
}

/** Same as syncAll, but returns the outputs as float64 copies for comparison (not timed). */
function readAll(tf: Tf, step: () => Record<string, Tensor>): Outputs {
  const out: Outputs = {};
  tf.tidy(() => {
    for (const [key, t] of Object.entries(step())) out[key] = Float64Array.from(t.dataSync());
  });
  return out;
}

/** A timed tfjs step: `run` does the work (tidy + dataSync), `results` returns outputs in our layout. */
export interface TfStep {
  run: () => unknown;
  results: () => Outputs;
  dispose: () => void;
}

/** tfjs accepts Float32Array (not Float64Array) as flat values. */
function f32(values: Float64Array): Float32Array {
  return Float32Array.from(values);
}

function makeStep(tf: Tf, inputs: Tensor[], step: () => Record<string, Tensor>, toReference: (o: Outputs) => Outputs = (o) => o): TfStep {
  return {
    run: () => syncAll(tf, step),
    results: () => toReference(readAll(tf, step)),
    dispose: () => inputs.forEach((t) => t.dispose()),
  };
}

export function tfMatmul(tf: Tf, a: Float64Array, b: Float64Array, m: number, k: number, n: number): TfStep {
  const ta = tf.tensor2d(f32(a), [m, k], "float32");
  const tb = tf.tensor2d(f32(b), [k, n], "float32");
  return makeStep(tf, [ta, tb], () => ({c: tf.matMul(ta, tb)}));
}

/**
 * Batchnorm training step; biased variance. Composed from primitives as a learner would write it, or
 * (fused) tfjs's own tf.moments + tf.batchNorm.
 */
export function tfBatchnorm(tf: Tf, x: Float64Array, gamma: Float64Array, beta: Float64Array, dout: Float64Array, n: number, d: number, eps: number, fused = false): TfStep {
  const tx = tf.tensor2d(f32(x), [n, d], "float32");
  const tg = tf.tensor1d(f32(gamma), "float32");
  const tb = tf.tensor1d(f32(beta), "float32");
  const td = tf.tensor2d(f32(dout), [n, d], "float32");
  const forward = (xx: Tensor, g: Tensor, b: Tensor): Tensor => {
    if (fused) {
      // Rank-1 moments: tf.batchNorm's gradient wants mean, variance, offset and scale of equal rank.
      const {mean, variance} = tf.moments(xx, 0);
      return tf.batchNorm(xx, mean, variance, b as TF.Tensor1D, g as TF.Tensor1D, eps);
    }
    const mu = tf.mean(xx, 0, true);
    const xmu = tf.sub(xx, mu);
    const variance = tf.mean(tf.square(xmu), 0, true);
    const xhat = tf.div(xmu, tf.sqrt(tf.add(variance, eps)));
    return tf.add(tf.mul(g, xhat), b);
  };
  const vg = tf.valueAndGrads(forward as (...args: Tensor[]) => Tensor);
  return makeStep(tf, [tx, tg, tb, td], () => {
    const {value, grads} = vg([tx, tg, tb], td);
    return {out: value, dx: grads[0], dgamma: grads[1], dbeta: grads[2]};
  });
}

/** Softmax cross-entropy, either composed from primitives or tfjs's fused tf.losses op. */
export function tfSoftmax(tf: Tf, scores: Float64Array, y: Int32Array, n: number, c: number, fused: boolean): TfStep {
  const ts = tf.tensor2d(f32(scores), [n, c], "float32");
  const onehot = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(y, "int32"), c), "float32"));
  const composed = (s: Tensor): TF.Scalar => {
    const shifted = tf.sub(s, tf.max(s, 1, true));
    const logProbs = tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), 1, true)));
    return tf.div(tf.neg(tf.sum(tf.mul(logProbs, onehot))), n) as TF.Scalar;
  };
  const lossFn = fused ? (s: Tensor) => tf.losses.softmaxCrossEntropy(onehot, s) as TF.Scalar : composed;
  const vg = tf.valueAndGrad(lossFn);
  return makeStep(tf, [ts, onehot], () => {
    const {value, grad} = vg(ts);
    return {loss: value, dscores: grad};
  });
}

/** conv2d in tfjs's native NHWC layout; inputs/outputs are converted outside the timed step. */
export function tfConv(tf: Tf, xNhwc: Float64Array, wKkcf: Float64Array, b: Float64Array, doutNhwc: Float64Array,
  s: {n: number; c: number; h: number; w: number; f: number; kh: number; kw: number; stride: number; pad: number; ho: number; wo: number},
  toReference: (o: Outputs) => Outputs): TfStep {
  const tx = tf.tensor4d(f32(xNhwc), [s.n, s.h, s.w, s.c], "float32");
  const tw = tf.tensor4d(f32(wKkcf), [s.kh, s.kw, s.c, s.f], "float32");
  const tb = tf.tensor1d(f32(b), "float32");
  const td = tf.tensor4d(f32(doutNhwc), [s.n, s.ho, s.wo, s.f], "float32");
  const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [s.pad, s.pad], [s.pad, s.pad], [0, 0]];
  const forward = (x: Tensor, w: Tensor, bias: Tensor): Tensor =>
    tf.add(tf.conv2d(x as TF.Tensor4D, w as TF.Tensor4D, s.stride, pad), bias);
  const vg = tf.valueAndGrads(forward as (...args: Tensor[]) => Tensor);
  return makeStep(tf, [tx, tw, tb, td], () => {
    const {value, grads} = vg([tx, tw, tb], td);
    return {out: value, dx: grads[0], dw: grads[1], db: grads[2]};
  }, toReference);
}

export function tfMaxPool(tf: Tf, xNhwc: Float64Array, doutNhwc: Float64Array,
  s: {n: number; c: number; h: number; w: number; ph: number; pw: number; stride: number; ho: number; wo: number},
  toReference: (o: Outputs) => Outputs): TfStep {
  const tx = tf.tensor4d(f32(xNhwc), [s.n, s.h, s.w, s.c], "float32");
  const td = tf.tensor4d(f32(doutNhwc), [s.n, s.ho, s.wo, s.c], "float32");
  const forward = (x: Tensor): Tensor => tf.maxPool(x as TF.Tensor4D, [s.ph, s.pw], s.stride, "valid");
  const vg = tf.valueAndGrads(forward as (...args: Tensor[]) => Tensor);
  return makeStep(tf, [tx, td], () => {
    const {value, grads} = vg([tx], td);
    return {out: value, dx: grads[0]};
  }, toReference);
}
