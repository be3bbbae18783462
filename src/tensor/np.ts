// The numpy-like namespace: numpy names and semantics, scalars accepted wherever numpy accepts them.
import {Tensor, toTensor, type Axis, type ReduceOptions, type TensorLike, type Index} from "./tensor.ts";
import * as creation from "./creation.ts";
import * as rnd from "./random.ts";
import * as ew from "../autograd/ops/elementwise.ts";
import * as red from "../autograd/ops/reduce.ts";
import * as lin from "../autograd/ops/linalg.ts";
import * as shp from "../autograd/ops/shape.ts";
import {addAt} from "../autograd/ops/index.ts";
import {noGrad} from "../autograd/no-grad.ts";

const t = (x: TensorLike, op: string): Tensor => toTensor(x, op);
type R = Axis | ReduceOptions;

/** np.add is also the home of np.add.at (numpy's unbuffered in-place accumulation). */
const add = Object.assign((a: TensorLike, b: TensorLike) => ew.add(a, b), {
  at: (x: Tensor, index: Index | Index[], values: TensorLike) => addAt(x, index, values),
});

export const random = {
  seed: rnd.seed,
  randn: rnd.randn,
  rand: rnd.rand,
  randint: rnd.randint,
  random: (...shape: (number | number[])[]) => rnd.rand(...shape),
  normal: rnd.normalArray,
  uniform: rnd.uniformArray,
  permutation: rnd.permutation,
  choice: rnd.choice,
};

/** np.linalg.norm of the flattened array (Frobenius / 2-norm), differentiable. */
export const linalg = {
  norm: (x: TensorLike) => ew.sqrt(red.sum(ew.square(t(x, "norm")))),
};

export const np = {
  // Creation.
  array: creation.array,
  asarray: (x: TensorLike) => t(x, "asarray"),
  zeros: creation.zeros,
  ones: creation.ones,
  full: creation.full,
  zeros_like: creation.zeros_like,
  ones_like: creation.ones_like,
  full_like: creation.full_like,
  arange: creation.arange,
  linspace: creation.linspace,
  eye: creation.eye,
  copy: shp.copy,
  random,

  // Elementwise.
  add,
  sub: ew.sub,
  subtract: ew.sub,
  mul: ew.mul,
  multiply: ew.mul,
  div: ew.div,
  divide: ew.div,
  true_divide: ew.div,
  pow: ew.pow,
  power: ew.pow,
  mod: ew.mod,
  neg: ew.neg,
  negative: ew.neg,
  exp: ew.exp,
  log: ew.log,
  sqrt: ew.sqrt,
  abs: ew.abs,
  tanh: ew.tanh,
  square: ew.square,
  reciprocal: ew.reciprocal,
  sign: (x: TensorLike) => ew.sign(x),
  floor: (x: TensorLike) => ew.floor(x),
  maximum: ew.maximum,
  minimum: ew.minimum,
  where: ew.where,
  clip: (x: TensorLike, lo: number | null, hi: number | null) => ew.clip(x, lo, hi),
  greater: ew.greater,
  greater_equal: ew.greater_equal,
  less: ew.less,
  less_equal: ew.less_equal,
  equal: ew.equal,
  not_equal: ew.not_equal,

  // Reductions (also as methods).
  sum: (x: TensorLike, axis?: R, keepdims?: boolean) => red.sum(t(x, "sum"), axis, keepdims),
  mean: (x: TensorLike, axis?: R, keepdims?: boolean) => red.mean(t(x, "mean"), axis, keepdims),
  var: (x: TensorLike, axis?: R, keepdims?: boolean) => red.variance(t(x, "var"), axis, keepdims),
  std: (x: TensorLike, axis?: R, keepdims?: boolean) => red.std(t(x, "std"), axis, keepdims),
  max: (x: TensorLike, axis?: R, keepdims?: boolean) => red.max(t(x, "max"), axis, keepdims),
  min: (x: TensorLike, axis?: R, keepdims?: boolean) => red.min(t(x, "min"), axis, keepdims),
  amax: (x: TensorLike, axis?: R, keepdims?: boolean) => red.max(t(x, "max"), axis, keepdims),
  amin: (x: TensorLike, axis?: R, keepdims?: boolean) => red.min(t(x, "min"), axis, keepdims),
  argmax: (x: TensorLike, axis?: number | null, keepdims?: boolean) => red.argmax(t(x, "argmax"), axis, keepdims),
  argmin: (x: TensorLike, axis?: number | null, keepdims?: boolean) => red.argmin(t(x, "argmin"), axis, keepdims),

  // Linear algebra and shape.
  matmul: lin.matmul,
  dot: lin.dot,
  transpose: (x: TensorLike, ...axes: (number | number[])[]) => shp.transpose(t(x, "transpose"), ...axes),
  reshape: (x: TensorLike, ...shape: (number | number[])[]) => shp.reshape(t(x, "reshape"), ...shape),
  pad: shp.pad,
  concatenate: shp.concatenate,
  stack: shp.stack,
  vstack: (list: TensorLike[]) => shp.concatenate(list.map((x) => { const v = t(x, "vstack"); return v.ndim === 1 ? shp.reshape(v, 1, -1) : v; }), 0),
  hstack: (list: TensorLike[]) => { const ts = list.map((x) => t(x, "hstack")); return shp.concatenate(ts, ts[0].ndim === 1 ? 0 : 1); },
  expand_dims: (x: TensorLike, axis: number) => shp.expandDims(t(x, "expand_dims"), axis),
  squeeze: (x: TensorLike, axis?: number) => shp.squeeze(t(x, "squeeze"), axis),
  broadcast_to: shp.broadcastTo,
  shape: (x: TensorLike) => t(x, "shape").shape.slice(),
  size: (x: TensorLike) => t(x, "size").size,
  allclose: (a: TensorLike, b: TensorLike, rtol = 1e-5, atol = 1e-8) => allclose(t(a, "allclose"), t(b, "allclose"), rtol, atol),

  linalg,

  // Autograd mode.
  no_grad: noGrad,

  newaxis: null,
  pi: Math.PI,
  e: Math.E,
  inf: Infinity,
  nan: NaN,
};

function allclose(a: Tensor, b: Tensor, rtol: number, atol: number): boolean {
  return noGrad(() => {
    const diff = ew.abs(ew.sub(a, b));
    const tol = ew.add(atol, ew.mul(rtol, ew.abs(b)));
    return red.max(ew.sub(diff, tol)).item() <= 0;
  });
}

export type Np = typeof np;
