// The benchmark workloads (issue 2, "Fast"). Each one builds seeded inputs once and returns the
// three columns as steps that do the same work; `results()` gives outputs in NCHW/row-major layout
// so the columns can be compared element by element.
import {makeRandom, randn, randint, nchwToNhwc, nhwcToNchw, fckkToKkcf, kkcfToFckk} from "./data.ts";
import {matmul} from "./hand/matmul.ts";
import {gemmNT} from "./hand/gemm.ts";
import {batchnorm} from "./hand/batchnorm.ts";
import {softmaxCrossEntropy} from "./hand/softmax.ts";
import {conv2d, convOutputSize} from "./hand/conv.ts";
import {maxPool} from "./hand/pool.ts";
import {loadTfjs, tfMatmul, tfBatchnorm, tfSoftmax, tfConv, tfMaxPool, type Outputs} from "./tfjs.ts";
import {loadRuntime, bsOpFloor, bsMatmul, bsMatmulGrad, bsBatchnorm, bsBatchnormFused, bsSoftmax, bsConv, bsMaxPool, type Runtime} from "./backstep.ts";

export type {Outputs};

export interface Step {
  run: () => unknown;
  results: () => Outputs;
  dispose?: () => void;
}

export type Column = "backstep" | "tfjs" | "hand";
export const columns: Column[] = ["backstep", "tfjs", "hand"];

export interface Prepared {
  /** A column is missing (null) when it cannot run; `errors` says why. */
  steps: Record<Column, Step | null>;
  errors: Partial<Record<Column, string>>;
}

export interface Workload {
  /** Short id used by the name filter, e.g. "conv". */
  id: string;
  title: string;
  /** Floating-point operations per call, for GFLOP/s (matmul and conv only). */
  flops?: number;
  /** Notes on what each column runs (printed under the table). */
  note?: string;
  /** An extra row for context: not one of issue 2's goal rows. */
  extra?: boolean;
  prepare(): Promise<Prepared>;
}

type Builders = {
  backstep: (rt: Runtime) => Step;
  tfjs: (tf: Awaited<ReturnType<typeof loadTfjs>>) => Step;
  hand: () => Step;
};

/** Builds the three columns, turning a failure in one (e.g. runtime not landed) into an error note. */
async function prepareColumns(build: Builders): Promise<Prepared> {
  const steps: Record<Column, Step | null> = {backstep: null, tfjs: null, hand: null};
  const errors: Partial<Record<Column, string>> = {};
  const attempt = async (column: Column, make: () => Promise<Step>) => {
    try {
      const step = await make();
      step.results(); // one call up front so an op that throws is reported here, not mid-timing
      steps[column] = step;
    } catch (error) {
      errors[column] = describe(error);
    }
  };
  await attempt("backstep", async () => build.backstep(await loadRuntime()));
  await attempt("tfjs", async () => build.tfjs(await loadTfjs()));
  await attempt("hand", async () => build.hand());
  return {steps, errors};
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0].slice(0, 160);
}

function handStep(fn: () => Outputs): Step {
  return {run: fn, results: fn};
}

const asOutputs = (o: object): Outputs => o as Outputs;

function matmulWorkload(size: number, seed: number): Workload {
  return {
    id: `matmul${size}`,
    title: `matmul ${size}×${size} · ${size}×${size}`,
    flops: 2 * size ** 3,
    note: "forward product only (C = A·B); hand = 4×4 register-blocked f64",
    prepare() {
      const random = makeRandom(seed);
      const a = randn(random, size * size);
      const b = randn(random, size * size);
      return prepareColumns({
        backstep: (rt) => bsMatmul(rt, a, b, size, size, size),
        tfjs: (tf) => tfMatmul(tf, a, b, size, size, size),
        hand: () => handStep(() => ({c: matmul(a, b, size, size, size)})),
      });
    },
  };
}

function matmulGradWorkload(size: number, seed: number): Workload {
  return {
    id: `matmul${size}-grad`,
    extra: true,
    title: `matmul ${size}² fwd+bwd (autograd)`,
    flops: 3 * 2 * size ** 3,
    note: "C = A·B, then dA = dC·Bᵀ and dB = Aᵀ·dC through each library's autograd",
    prepare() {
      const random = makeRandom(seed);
      const a = randn(random, size * size);
      const b = randn(random, size * size);
      const dc = randn(random, size * size);
      const transpose = (m: Float64Array) => {
        const t = new Float64Array(size * size);
        for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) t[j * size + i] = m[i * size + j];
        return t;
      };
      return prepareColumns({
        backstep: (rt) => bsMatmulGrad(rt, a, b, dc, size, size, size),
        tfjs: (tf) => {
          const ta = tf.tensor2d(Float32Array.from(a), [size, size], "float32");
          const tb = tf.tensor2d(Float32Array.from(b), [size, size], "float32");
          const td = tf.tensor2d(Float32Array.from(dc), [size, size], "float32");
          const vg = tf.valueAndGrads((x, y) => tf.matMul(x, y));
          const step = () => {
            const out: Outputs = {};
            tf.tidy(() => {
              const {value, grads} = vg([ta, tb], td);
              out.c = Float64Array.from(value.dataSync());
              out.da = Float64Array.from(grads[0].dataSync());
              out.db = Float64Array.from(grads[1].dataSync());
            });
            return out;
          };
          return {run: step, results: step, dispose: () => [ta, tb, td].forEach((t) => t.dispose())};
        },
        hand: () => handStep(() => {
          const da = new Float64Array(size * size);
          gemmNT(size, size, size, dc, 0, b, 0, da, 0, false); // dA = dC·Bᵀ
          return {c: matmul(a, b, size, size, size), da, db: matmul(transpose(a), dc, size, size, size)};
        }),
      });
    },
  };
}

function batchnormWorkload(n: number, d: number, fused = false): Workload {
  const eps = 1e-5;
  return {
    id: fused ? "batchnorm-fused" : "batchnorm",
    // Both batchnorm rows are goal rows: staged is the graph the grader builds (per-edge grads),
    // fused (nn.batchnorm) is the layer as one op, like conv, pool and cross-entropy.
    title: `batchnorm train fwd+bwd N=${n} D=${d}${fused ? " (fused nn.batchnorm)" : " (staged, as graded)"}`,
    note: fused
      ? "Backstep: nn.batchnorm (one op, closed-form backward); tfjs: tf.moments + tf.batchNorm"
      : "Backstep and tfjs: staged from primitive ops (mean, sub, pow, mean, add, sqrt, div, mul, mul, add) through autograd, as the lesson's graph and the grader build it",
    prepare() {
      const random = makeRandom(11);
      const x = randn(random, n * d, 2);
      const gamma = randn(random, d);
      const beta = randn(random, d);
      const dout = randn(random, n * d);
      return prepareColumns({
        backstep: (rt) => (fused ? bsBatchnormFused : bsBatchnorm)(rt, x, gamma, beta, dout, n, d, eps),
        tfjs: (tf) => tfBatchnorm(tf, x, gamma, beta, dout, n, d, eps, fused),
        hand: () => handStep(() => asOutputs(batchnorm(x, gamma, beta, dout, n, d, eps))),
      });
    },
  };
}

function softmaxWorkload(n: number, c: number, fused: boolean): Workload {
  return {
    id: `softmax${n}x${c}${fused ? "" : "-staged"}`,
    extra: !fused,
    title: `softmax-CE loss+grad N=${n} C=${c}${fused ? "" : " (staged ops)"}`,
    note: fused
      ? "Backstep: nn.cross_entropy; tfjs: fused tf.losses.softmaxCrossEntropy"
      : "both composed from primitives (max, sub, exp, sum, log, pick/one-hot, mean) through autograd",
    prepare() {
      const random = makeRandom(20 + n);
      const scores = randn(random, n * c, 3);
      const y = randint(random, n, c);
      return prepareColumns({
        backstep: (rt) => bsSoftmax(rt, scores, y, n, c, fused),
        tfjs: (tf) => tfSoftmax(tf, scores, y, n, c, fused),
        hand: () => handStep(() => asOutputs(softmaxCrossEntropy(scores, y, n, c))),
      });
    },
  };
}

export interface ConvSize {n: number; c: number; h: number; w: number; f: number; kh: number; kw: number; stride: number; pad: number}
export interface PoolSize {n: number; c: number; h: number; w: number; ph: number; pw: number; stride: number}

function convWorkload(s: ConvSize): Workload {
  const {ho, wo} = convOutputSize(s);
  const shape = {...s, ho, wo};
  return {
    id: "conv",
    title: `conv2d fwd+bwd N=${s.n} C=${s.c} ${s.h}×${s.w} F=${s.f} ${s.kh}×${s.kw} s${s.stride} p${s.pad}`,
    // forward, dx and dw each cost one forward's multiply-adds.
    flops: 3 * 2 * s.n * s.f * s.c * s.kh * s.kw * ho * wo,
    note: "dx, dw and db; tfjs runs in its native NHWC layout (converted outside the timing)",
    prepare() {
      const random = makeRandom(31);
      const x = randn(random, s.n * s.c * s.h * s.w);
      const w = randn(random, s.f * s.c * s.kh * s.kw, 0.5);
      const b = randn(random, s.f);
      const dout = randn(random, s.n * s.f * ho * wo);
      const toReference = (o: Outputs): Outputs => ({
        out: nhwcToNchw(o.out, s.n, ho, wo, s.f),
        dx: nhwcToNchw(o.dx, s.n, s.h, s.w, s.c),
        dw: kkcfToFckk(o.dw, s.kh, s.kw, s.c, s.f),
        db: o.db,
      });
      return prepareColumns({
        backstep: (rt) => bsConv(rt, x, w, b, dout, shape),
        tfjs: (tf) => tfConv(tf, nchwToNhwc(x, s.n, s.c, s.h, s.w), fckkToKkcf(w, s.f, s.c, s.kh, s.kw), b,
          nchwToNhwc(dout, s.n, s.f, ho, wo), shape, toReference),
        hand: () => handStep(() => asOutputs(conv2d(x, w, b, dout, s))),
      });
    },
  };
}

function poolWorkload(s: PoolSize): Workload {
  const ho = Math.floor((s.h - s.ph) / s.stride) + 1, wo = Math.floor((s.w - s.pw) / s.stride) + 1;
  const shape = {...s, ho, wo};
  return {
    id: "maxpool",
    title: `max-pool ${s.ph}×${s.pw} s${s.stride} fwd+bwd N=${s.n} C=${s.c} ${s.h}×${s.w}`,
    prepare() {
      const random = makeRandom(41);
      const x = randn(random, s.n * s.c * s.h * s.w);
      const dout = randn(random, s.n * s.c * ho * wo);
      const toReference = (o: Outputs): Outputs => ({
        out: nhwcToNchw(o.out, s.n, ho, wo, s.c),
        dx: nhwcToNchw(o.dx, s.n, s.h, s.w, s.c),
      });
      return prepareColumns({
        backstep: (rt) => bsMaxPool(rt, x, dout, shape),
        tfjs: (tf) => tfMaxPool(tf, nchwToNhwc(x, s.n, s.c, s.h, s.w), nchwToNhwc(dout, s.n, s.c, ho, wo), shape, toReference),
        hand: () => handStep(() => asOutputs(maxPool(x, dout, s))),
      });
    },
  };
}

/** The fixed cost of one recorded op: c = a·b + a on 2-element tensors, then backward (3 ops per step). */
function opFloorWorkload(): Workload {
  return {
    id: "op-floor",
    title: "per-op floor: c = a·b + a, 2 elements, fwd+bwd",
    extra: true,
    note: "fixed cost of the autograd machinery (two recorded ops and their backward rules); the hand loop is the bare arithmetic",
    prepare() {
      const a = Float64Array.of(0.5, -1.25), b = Float64Array.of(2, 3), dc = Float64Array.of(1, -2);
      return prepareColumns({
        backstep: (rt) => bsOpFloor(rt, a, b, dc),
        tfjs: (tf) => {
          const ta = tf.tensor1d(Float32Array.from(a)), tb = tf.tensor1d(Float32Array.from(b)), td = tf.tensor1d(Float32Array.from(dc));
          const vg = tf.valueAndGrads((x, y) => tf.add(tf.mul(x, y), x));
          const step = () => {
            const out: Outputs = {};
            tf.tidy(() => {
              const {value, grads} = vg([ta, tb], td);
              out.c = Float64Array.from(value.dataSync());
              out.da = Float64Array.from(grads[0].dataSync());
              out.db = Float64Array.from(grads[1].dataSync());
            });
            return out;
          };
          return {run: step, results: step, dispose: () => [ta, tb, td].forEach((t) => t.dispose())};
        },
        hand: () => handStep(() => {
          const c = new Float64Array(2), da = new Float64Array(2), db = new Float64Array(2);
          for (let i = 0; i < 2; i++) {
            c[i] = a[i] * b[i] + a[i];
            da[i] = dc[i] * (b[i] + 1);
            db[i] = dc[i] * a[i];
          }
          return {c, da, db};
        }),
      });
    },
  };
}

/** Every workload at the sizes of issue 2, in table order. */
export function allWorkloads(): Workload[] {
  return [
    batchnormWorkload(64, 256),
    batchnormWorkload(64, 256, true),
    softmaxWorkload(128, 10, true),
    softmaxWorkload(128, 10, false),
    softmaxWorkload(1024, 1000, true),
    softmaxWorkload(1024, 1000, false),
    convWorkload({n: 8, c: 3, h: 32, w: 32, f: 16, kh: 3, kw: 3, stride: 1, pad: 1}),
    poolWorkload({n: 8, c: 16, h: 32, w: 32, ph: 2, pw: 2, stride: 2}),
    matmulWorkload(128, 51),
    matmulWorkload(512, 52),
    matmulGradWorkload(128, 53),
    opFloorWorkload(),
  ];
}

/** The same workloads at small, odd sizes (remainder paths, stride 2, uneven padding) for the smoke test. */
export function smallWorkloads(): Workload[] {
  return [
    batchnormWorkload(5, 7),
    batchnormWorkload(5, 7, true),
    softmaxWorkload(6, 4, true),
    softmaxWorkload(6, 4, false),
    convWorkload({n: 2, c: 3, h: 7, w: 6, f: 5, kh: 3, kw: 2, stride: 2, pad: 1}),
    poolWorkload({n: 2, c: 3, h: 7, w: 6, ph: 3, pw: 2, stride: 2}),
    matmulWorkload(7, 54),
    matmulGradWorkload(6, 55),
    opFloorWorkload(),
  ];
}
