// Explains a wrong step. rel_error saturates near 1 for almost every formula mistake, so its size says
// nothing; instead look at the shape, NaN/Inf, the reference-derived mutants and the invariants.
import {compareDense, formatShape, isDense, sameShape, sizeOf, type Dense} from "./dense.ts";
import type {PreparedTrial} from "./prepare.ts";
import {applyRules, rank} from "./rules.ts";
import {broadcastTo} from "./broadcast.ts";
import type {Diagnosis, ExerciseDef, Hint, StepDef} from "./types.ts";

/** A mutant "matches" when the learner's value equals it this closely. */
const mutantTol = 1e-6;

/**
 * Every explanation of a wrong step, most specific first (`rank`): the exercise's own mutants, then the
 * generic rules (rules.ts: outputs swapped, constant factors, a cached tensor as factor, layout,
 * branches), invariants, shape rules, and the step's hint only when nothing else explains it.
 */
export function diagnoseStep(def: ExerciseDef, trial: PreparedTrial, step: StepDef, got: Dense, values: Map<string, Dense> = new Map()): Diagnosis[] {
  const expected = trial.context.ref[step.name];
  const found: Diagnosis[] = [];
  const add = (kind: Diagnosis["kind"], id: string, hint: Hint, r: number) => {
    if (!found.some((d) => d.id === id)) found.push({step: step.name, kind, id, hint, trial: trial.name, rank: r});
  };
  // A wrong shape that broadcasts (a (D,) where (N, D) is due) is judged on its broadcast value, so a
  // real mistake in it (a missing 1/N) is named before its shape.
  const spread = sameShape(expected.shape, got.shape) ? null : broadcastTo(got, expected.shape);
  const ruled = applyRules({def, trial, step, expected, got: spread ?? got, values});

  if (!sameShape(expected.shape, got.shape)) {
    // Rules that explain the value behind a wrong shape (swapped outputs, a transpose, the padded input) come first.
    for (const c of ruled) add("mutant", c.id, c.hint, c.rank);
    const kind = refineShapeMistake(shapeMistake(expected.shape, got.shape, trial.config), expected, got);
    add("shape", kind, shapeHint(kind, step, expected.shape, got.shape, visibleTensors(def, trial)), rank.shape);
    return sortByRank(found);
  }
  const cmp = compareDense(expected, got);
  if (cmp.nonFinite && allFinite(expected)) {
    add("nonfinite", "nonfinite", def.nonFiniteHint ?? {
      nudge: `${step.name} contains NaN or Infinity, but the true gradient is finite.`,
      fix: "Look for exp() of large numbers, division by zero or log(0) in the steps that feed it."
    }, 75);
  }
  for (const m of trial.mutants) {
    if (m.step === step.name && sameShape(m.value.shape, got.shape) && compareDense(m.value, got).relError <= mutantTol) add("mutant", m.id, m.hint, rank.exerciseMutant);
  }
  for (const c of ruled) add("mutant", c.id, c.hint, c.rank);
  for (const inv of def.invariants ?? []) {
    if (inv.step !== step.name) continue;
    const r = inv.residual(got, trial.context);
    if (!(r <= inv.tol)) add("invariant", inv.id, inv.hint, rank.invariant);
  }
  if (found.length === 0 && step.hint) add("step", "step", step.hint, rank.stepHint);
  return sortByRank(found);
}

/** Most specific first; equal ranks keep their order. */
export function sortByRank<T extends {rank?: number}>(list: T[]): T[] {
  return list.map((d, i) => ({d, i})).sort((a, b) => (b.d.rank ?? 0) - (a.d.rank ?? 0) || a.i - b.i).map((x) => x.d);
}

/**
 * A value with the wrong shape that broadcasts to the reference (the variance blog post's (D,) dsquare):
 * accepted, with a note that says what broadcasting repaired; never the first wrong step.
 */
export function broadcastNote(def: ExerciseDef, trial: PreparedTrial, step: StepDef, got: Dense): Diagnosis {
  const expected = trial.context.ref[step.name];
  const kind = refineShapeMistake(shapeMistake(expected.shape, got.shape, trial.config), expected, got);
  return {step: step.name, kind: "shape", id: kind === "shape" || kind === "over-reduced" || kind === "wrong-axis" ? "broadcasts" : kind, rank: rank.note, trial: trial.name,
    hint: shapeHint(kind === "over-reduced" || kind === "wrong-axis" ? "not-spread" : kind, step, expected.shape, got.shape, visibleTensors(def, trial))};
}

function allFinite(d: Dense): boolean {
  return d.data.every((v) => Number.isFinite(v));
}

/** Names the kind of shape mistake, so tests and hints can refer to it. */
export function shapeMistake(expected: number[], got: number[], config: Record<string, number>): string {
  if (expected.length === 0 && got.length > 0) return "not-reduced";
  if (got.length === expected.length + 1 && sameShape(got.slice(1), expected)) return got[0] === 1 ? "keepdims" : "batch-not-summed";
  if (expected.length === 2 && got.length === 2 && got[0] === expected[1] && got[1] === expected[0]) return "transposed";
  if (sizeOf(expected) === sizeOf(got)) return "reshape";
  if (expected.length === got.length && expected.length === 1) return "wrong-axis";
  if (got.length === expected.length - 1) return "over-reduced";
  void config;
  return "shape";
}

/**
 * Looks at the values behind a shape-only guess: a reshape is suggested only when reshaping the learner's
 * value gives the reference ("wrong-shape" otherwise); one axis too few is "not-spread" when copying the
 * value over the missing axis gives the reference (`dx = dout` where dout must be broadcast).
 */
export function refineShapeMistake(kind: string, expected: Dense, got: Dense): string {
  if (kind === "reshape") return compareDense(expected, {...got, shape: expected.shape}).relError <= mutantTol ? "reshape" : "wrong-shape";
  if (kind === "over-reduced" && missingAxis(expected.shape, got.shape) !== null) {
    const spread = spreadOver(got, expected.shape);
    if (spread && compareDense(expected, spread).relError <= mutantTol) return "not-spread";
  }
  return kind;
}

/** The axis of `expected` that `got` lacks (got = expected without that axis), or null. */
function missingAxis(expected: number[], got: number[]): number | null {
  if (got.length !== expected.length - 1) return null;
  for (let k = 0; k < expected.length; k++) if (sameShape([...expected.slice(0, k), ...expected.slice(k + 1)], got)) return k;
  return null;
}

/** `got` copied along its missing axis to `shape`. */
function spreadOver(got: Dense, shape: number[]): Dense | null {
  const k = missingAxis(shape, got.shape);
  if (k === null) return null;
  const inner = sizeOf(shape.slice(k + 1)), len = shape[k];
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) {
    const outer = Math.floor(i / (inner * len)), rest = i % inner;
    data[i] = got.data[outer * inner + rest];
  }
  return {$tensor: true, shape: shape.slice(), data};
}

/** A tensor the learner can name: a tensor parameter (`dout`) or a tensor field of a record parameter (`cache.x`). */
interface VisibleTensor {
  expr: string;
  shape: number[];
}

/** The learner's tensors in signature order, so hints write shapes through names instead of this trial's sizes. */
export function visibleTensors(def: ExerciseDef, trial: PreparedTrial): VisibleTensor[] {
  const direct: VisibleTensor[] = [], fields: VisibleTensor[] = [];
  def.params.forEach((name, i) => {
    const a = trial.args[i];
    if (isDense(a)) direct.push({expr: name, shape: a.shape});
    else if (a && typeof a === "object" && !Array.isArray(a)) {
      for (const [key, v] of Object.entries(a)) if (isDense(v)) fields.push({expr: `${name}.${key}`, shape: v.shape});
    }
  });
  return [...direct, ...fields];
}

/**
 * Source for `shape` that holds on every trial: `dout.shape` when a learner tensor has that shape, else a list
 * of axis lengths read from learner tensors (same axis first), e.g. `[x.shape[0], 1]`. Literal sizes only for
 * 1 and for lengths no tensor has (they would fail on other trials if copied).
 */
export function shapeSource(shape: number[], tensors: VisibleTensor[]): string {
  const same = tensors.find((t) => sameShape(t.shape, shape));
  if (same) return `${same.expr}.shape`;
  return `[${shape.map((d, i) => axisSource(d, i, tensors)).join(", ")}]`;
}

function axisSource(length: number, axis: number, tensors: VisibleTensor[]): string {
  if (length === 1) return "1";
  const sameAxis = tensors.find((t) => t.shape[axis] === length);
  if (sameAxis) return `${sameAxis.expr}.shape[${axis}]`;
  for (const t of tensors) {
    const j = t.shape.indexOf(length);
    if (j >= 0) return `${t.expr}.shape[${j}]`;
  }
  return String(length);
}

function shapeHint(kind: string, step: StepDef, expected: number[], got: number[], tensors: VisibleTensor[]): Hint {
  const name = step.name;
  const shapeOf = (shape: number[]) => shapeSource(shape, tensors);
  const e = formatShape(expected), g = formatShape(got);
  const head = `${name} has shape ${g} but should have shape ${e}.`;
  switch (kind) {
    case "batch-not-summed":
      return {nudge: `${head} Did you forget to sum over the batch axis?`, fix: `Each example contributes to ${name}; add them up: .sum(0) turns ${g} into ${e}.`};
    case "keepdims":
      return {nudge: `${head} It has an extra axis of length 1.`, fix: `Sum without keepdims (.sum(0), not .sum(0, true)) so the shape is ${e}.`};
    case "not-reduced":
      return {nudge: `${head} It should be a single number.`, fix: "Reduce it: a loss is the mean (or sum) over the batch."};
    case "transposed":
      return {nudge: `${head} It looks transposed.`, fix: `The gradient of a parameter has the parameter's shape ${e}: swap the order of the product (e.g. x.T @ dout instead of dout.T @ x).`};
    case "reshape":
      return {nudge: `${head} Same entries, different shape.`, fix: `Reshape it to the input's shape: .reshape(${shapeOf(expected)}).`};
    case "wrong-shape":
      return {nudge: `${head} Reshaping would not fix it: the values are wrong too.`, fix: step.hint?.fix ?? `Recompute it so it comes out with shape ${e}: the gradient of a tensor has that tensor's shape.`};
    case "not-spread": {
      const k = missingAxis(expected, got)!;
      const keep = expected.map((d, i) => (i === k ? 1 : d));
      const example = k === 0 ? `np.ones(${shapeOf(expected)}) * ${name}` : `np.ones(${shapeOf(expected)}) * ${name}.reshape(${shapeOf(keep)})`;
      return {nudge: `${head} It lacks axis ${k} (length ${expected[k]}): every entry along that axis gets the same gradient.`, fix: `Copy it over the missing axis (broadcast), e.g. ${example}.`};
    }
    case "wrong-axis":
      return {nudge: `${head} Did you reduce over the wrong axis?`, fix: `${e} has one entry per feature: sum over the batch axis (axis 0), not over features.`};
    case "over-reduced":
      return {nudge: `${head} It has one axis too few.`, fix: `The gradient of a tensor has that tensor's shape ${e}: if you summed, sum only over axes that were broadcast in the forward pass; if the value should be the same along the missing axis, copy it over (np.ones(${shapeOf(expected)}) * …).`};
    default:
      return {nudge: head, fix: `The gradient of a tensor always has that tensor's shape, ${e}.`};
  }
}

