// Generic mistake rules, applied at every step of every exercise: each rule is a small function that
// compares the learner's value with a transformation of that step's reference and, when one explains it
// exactly, names the mistake in the learner's terms (their variable, the factor, tensor or axis found)
// with the fix. One ordered chain, as markdown-it's rules: an exercise gets specific hints for these
// classes without listing a single mutant. Each candidate carries a rank; the report shows the best one
// first and keeps the others as "other possible causes".
import {compareDense, formatShape, sameShape, sizeOf, type Dense} from "./dense.ts";
import {broadcastTo} from "./broadcast.ts";
import type {PreparedTrial} from "./prepare.ts";
import type {ExerciseDef, Hint, StepDef} from "./types.ts";

/** How specific an explanation is: the report's primary hint is the highest. */
export const rank = {
  exerciseMutant: 100,
  outputsSwapped: 95,
  scalarFactor: 90,
  tensorFactor: 88,
  layout: 85,
  branch: 80,
  invariant: 60,
  shape: 40,
  note: 20,
  stepHint: 10
} as const;

export interface Candidate {
  id: string;
  hint: Hint;
  rank: number;
}

export interface RuleContext {
  def: ExerciseDef;
  trial: PreparedTrial;
  step: StepDef;
  expected: Dense;
  got: Dense;
  /** The learner's other steps (for "holds another output's value", branch sums). */
  values: Map<string, Dense>;
}

export type Rule = (ctx: RuleContext) => Candidate[];

const tol = 1e-6;
const near = (a: Dense, b: Dense) => sameShape(a.shape, b.shape) && compareDense(a, b).relError <= tol;
const nonzero = (d: Dense) => d.data.some((v) => v !== 0);

/** Least-squares c with got ≈ c·ref, when the fit is exact. */
function exactFactor(ref: Dense, got: Dense): number | null {
  if (!sameShape(ref.shape, got.shape) || !nonzero(ref)) return null;
  let rg = 0, rr = 0;
  for (let i = 0; i < ref.data.length; i++) {
    rg += ref.data[i] * got.data[i];
    rr += ref.data[i] * ref.data[i];
  }
  const c = rg / rr;
  if (!Number.isFinite(c) || Math.abs(c - 1) < 1e-9 || c === 0) return null;
  return near({...ref, data: ref.data.map((v) => v * c)}, got) ? c : null;
}

/** Constants a learner's formula can be off by, named in their terms. */
function namedConstants(config: Record<string, number>, shape: number[]): {value: number; name: string; id: string}[] {
  const out = [
    {value: -1, name: "−1 (the sign is flipped)", id: "sign"},
    {value: 2, name: "2", id: "factor-2"},
    {value: 0.5, name: "½", id: "factor-half"},
    {value: -2, name: "−2", id: "factor--2"},
    {value: -0.5, name: "−½", id: "factor--half"}
  ];
  const N = config.N ?? shape[0];
  if (N && N > 2) {
    out.push({value: N, name: `N = ${N}`, id: "factor-N"}, {value: 1 / N, name: `1/N (N = ${N})`, id: "factor-1/N"},
      {value: N / (N - 1), name: `N/(N−1) (Bessel's correction)`, id: "factor-N/(N-1)"}, {value: (N - 1) / N, name: "(N−1)/N", id: "factor-(N-1)/N"},
      {value: -N, name: `−N`, id: "factor--N"}, {value: -1 / N, name: "−1/N", id: "factor--1/N"});
  }
  const D = config.D ?? (shape.length === 2 ? shape[1] : undefined);
  if (D && D > 2 && D !== N) out.push({value: D, name: `D = ${D}`, id: "factor-D"}, {value: 1 / D, name: `1/D (D = ${D})`, id: "factor-1/D"});
  return out;
}

const factorFix: Record<string, string> = {
  "sign": "Check the sign of the local derivative, e.g. ∂(a−b)/∂b = −1 and ∂(1/s)/∂s = −1/s².",
  "factor-2": "Look for an extra factor 2, or a branch added twice.",
  "factor-half": "A factor 2 is missing (∂x²/∂x = 2x), or only one of two equal branches was added.",
  "factor-N": "A mean divides by N, so its gradient carries a 1/N factor: is it missing?",
  "factor-1/N": "You divided by N once too often, or used a mean where the forward pass has a sum.",
  "factor-N/(N-1)": "The forward pass uses the population variance (divide by N), not the sample variance (N−1).",
  "factor-(N-1)/N": "Divide by N where the forward pass divides by N, not by N−1."
};

/** got = c · reference for a constant c the learner's formula can plausibly be off by. */
export const scalarFactorRule: Rule = ({step, expected, got, trial}) => {
  const c = exactFactor(expected, got);
  if (c === null) return [];
  const named = namedConstants(trial.config, expected.shape).find((k) => Math.abs(k.value - c) <= 1e-9 * Math.max(1, Math.abs(c)));
  if (named) {
    const nudge = named.id === "sign" ? `${step.name} has the right size but the opposite sign.`
      : named.id === "factor-2" ? `${step.name} is exactly twice the true gradient.`
        : named.id === "factor-half" ? `${step.name} is exactly half the true gradient.`
          : named.id === "factor-N" ? `${step.name} is exactly N = ${trial.config.N ?? expected.shape[0]} times too large.`
            : named.id === "factor-1/N" ? `${step.name} is exactly N = ${trial.config.N ?? expected.shape[0]} times too small.`
              : `${step.name} is the true gradient times ${named.name}.`;
    return [{id: named.id, rank: rank.scalarFactor, hint: {nudge, fix: factorFix[named.id] ?? "A constant factor is off: compare each factor of the formula with the chain rule."}}];
  }
  return [{id: "constant-factor", rank: rank.scalarFactor - 5, hint: {
    nudge: `${step.name} is the true gradient times a constant (${Number(c.toPrecision(4))}): the formula is right up to a factor.`,
    fix: "Find the constant factor that is off: a 1/N from a mean, a 2 from a square, or a power of a cached quantity."
  }}];
};

/** Forward tensors a step can be scaled by: the named intermediates and the inputs (γ, σ, var+eps, xhat…). */
function factorTensors(trial: PreparedTrial): [string, Dense][] {
  return [...Object.entries(trial.context.named), ...Object.entries(trial.context.inputs).filter(([k]) => !(k in trial.context.named) && k !== "dout")];
}

/** got = reference ⊙ T, ⊘ T, ⊙ T² or ⊘ T² for a forward tensor T that broadcasts to the step's shape. */
export const tensorFactorRule: Rule = ({step, expected, got, trial}) => {
  if (!sameShape(expected.shape, got.shape) || !nonzero(expected)) return [];
  const out: Candidate[] = [];
  for (const [name, t] of factorTensors(trial)) {
    const b = broadcastTo(t, expected.shape);
    if (!b || b.data.every((v) => Math.abs(v - 1) < 1e-12) || b.data.some((v) => v === 0)) continue;
    const forms: [string, (r: number, f: number) => number, string, string][] = [
      ["times", (r, f) => r * f, `${step.name} has an extra factor ${name}.`, `Remove the factor ${name} from ${step.name} (check which local derivative really contains it).`],
      ["over", (r, f) => r / f, `${step.name} is missing a factor ${name} (or divides by it).`, `Multiply by ${name} where the chain rule passes through it.`],
      ["times-squared", (r, f) => r * f * f, `${step.name} multiplies by ${name} where it should divide by ${name}.`, `Divide by ${name} instead: the local derivative has ${name} in the denominator.`],
      ["over-squared", (r, f) => r / (f * f), `${step.name} divides by ${name} where it should multiply by ${name}.`, `Multiply by ${name} instead of dividing by it.`]
    ];
    for (const [form, apply, nudge, fix] of forms) {
      const value = {...expected, data: expected.data.map((r, i) => apply(r, b.data[i]))};
      if (near(value, got)) out.push({id: `tensor-${form}:${name}`, rank: rank.tensorFactor, hint: {nudge, fix}});
    }
  }
  return out.slice(0, 3);
};

/** An output holding another output's value: the values are returned in the wrong order. */
export const swappedOutputsRule: Rule = ({def, step, got, trial}) => {
  if (step.output === undefined) return [];
  const others = def.steps.filter((s) => s.output !== undefined && s.name !== step.name);
  for (const o of others) {
    const ref = trial.context.ref[o.name];
    if (ref && near(ref, got)) {
      return [{id: "outputs-swapped", rank: rank.outputsSwapped, hint: {
        nudge: `${step.name} holds what ${o.name} should be: the values are returned in the wrong order.`,
        fix: `Return them in the order of the signature: return [${def.returns.join(", ")}].`
      }}];
    }
  }
  return [];
};

function permute(d: Dense, axes: number[]): Dense {
  const shape = axes.map((a) => d.shape[a]);
  const strides: number[] = [];
  let s = 1;
  for (let i = d.shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= d.shape[i];
  }
  const out = new Float64Array(d.data.length);
  const idx = new Array(shape.length).fill(0);
  for (let k = 0; k < out.length; k++) {
    let src = 0;
    for (let j = 0; j < shape.length; j++) src += idx[j] * strides[axes[j]];
    out[k] = d.data[src];
    for (let j = shape.length - 1; j >= 0; j--) {
      if (++idx[j] < shape[j]) break;
      idx[j] = 0;
    }
  }
  return {$tensor: true, shape, data: out};
}

function permutations(n: number): number[][] {
  if (n <= 1) return [[0]];
  const out: number[][] = [];
  for (const p of permutations(n - 1)) for (let i = 0; i <= p.length; i++) out.push([...p.slice(0, i), n - 1, ...p.slice(i)]);
  return out;
}

/** Layout mistakes: axes permuted (a transpose), a padded value not cropped, a flipped kernel. */
export const layoutRule: Rule = ({step, expected, got, trial}) => {
  const out: Candidate[] = [];
  const n = expected.shape.length;
  if (got.shape.length === n && n >= 2 && n <= 4 && sizeOf(got.shape) === sizeOf(expected.shape) && !sameShape(got.shape, expected.shape)) {
    for (const axes of permutations(n)) {
      if (axes.every((a, i) => a === i)) continue;
      if (near(permute(got, axes), expected)) {
        out.push({id: "axes-permuted", rank: rank.layout, hint: {
          nudge: `${step.name} has the right values with its axes in the wrong order: ${formatShape(got.shape)} instead of ${formatShape(expected.shape)}.`,
          fix: n === 2 ? `Swap the order of the product (e.g. x.T @ dout, not dout.T @ x), or transpose: ${step.name}.T.` : `Transpose it into ${formatShape(expected.shape)}: .transpose(${axes.join(", ")}).`
        }});
        break;
      }
    }
  }
  const pad = trial.config.pad;
  if (pad && n === 4 && got.shape.length === 4 && got.shape[0] === expected.shape[0] && got.shape[1] === expected.shape[1] &&
      got.shape[2] === expected.shape[2] + 2 * pad && got.shape[3] === expected.shape[3] + 2 * pad) {
    const [N, C, H, W] = expected.shape, Wp = W + 2 * pad, Hp = H + 2 * pad;
    const cropped = new Float64Array(sizeOf(expected.shape));
    let k = 0;
    for (let a = 0; a < N; a++) for (let c = 0; c < C; c++) for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) cropped[k++] = got.data[((a * C + c) * Hp + i + pad) * Wp + j + pad];
    if (near({$tensor: true, shape: expected.shape, data: cropped}, expected)) {
      out.push({id: "not-cropped", rank: rank.layout, hint: {
        nudge: `${step.name} has shape ${formatShape(got.shape)}: (H + 2·pad, W + 2·pad) is the padded input.`,
        fix: `Crop pad = ${pad} from each side: ${step.name}[":", ":", pad + ":" + (pad + H), pad + ":" + (pad + W)].`
      }});
    }
  }
  if (n === 4 && sameShape(got.shape, expected.shape) && expected.shape[2] * expected.shape[3] > 1) {
    const [A, B, H, W] = expected.shape;
    const flipped = new Float64Array(got.data.length);
    for (let a = 0; a < A; a++) for (let b = 0; b < B; b++) for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) {
      flipped[((a * B + b) * H + i) * W + j] = got.data[((a * B + b) * H + (H - 1 - i)) * W + (W - 1 - j)];
    }
    if (near({$tensor: true, shape: got.shape, data: flipped}, expected) && !near(got, expected)) {
      out.push({id: "kernel-flipped", rank: rank.layout, hint: {
        nudge: `${step.name} is the true gradient with both spatial axes reversed: a flipped kernel (true convolution instead of the cross-correlation the forward pass computes).`,
        fix: "Index the window the same way as the forward pass: element (i·stride + a, j·stride + b) pairs with w[f, :, a, b], not w[f, :, HH−1−a, WW−1−b]."
      }});
    }
  }
  return out;
};

/** A step that sums branches (`dx = dx1 + dx2`): one branch missing, or one counted twice. */
export const branchRule: Rule = ({step, got, trial}) => {
  const parts = step.sumOf ?? [];
  const out: Candidate[] = [];
  for (const part of parts) {
    const ref = trial.context.ref[part];
    if (!ref || !sameShape(ref.shape, got.shape)) continue;
    const others = parts.filter((p) => p !== part);
    if (near(ref, got)) {
      out.push({id: `branch-only:${part}`, rank: rank.branch, hint: {
        nudge: `${step.name} holds only the branch ${part}: the gradient along ${others.join(" and ")} is missing.`,
        fix: `A tensor used twice in the forward pass gets the sum of both gradients: ${step.name} = ${parts.join(" + ")}.`
      }});
    }
    const twice = {...got, data: trial.context.ref[step.name].data.map((v, i) => v + ref.data[i])};
    if (near(twice, got)) {
      out.push({id: `branch-twice:${part}`, rank: rank.branch, hint: {
        nudge: `${step.name} counts the branch ${part} twice.`,
        fix: `Add each branch once: ${step.name} = ${parts.join(" + ")}.`
      }});
    }
  }
  return out;
};

/** The chain, in order; every rule runs, and ranking picks the primary explanation. */
export const valueRules: Rule[] = [swappedOutputsRule, scalarFactorRule, tensorFactorRule, layoutRule, branchRule];

export function applyRules(ctx: RuleContext): Candidate[] {
  const out: Candidate[] = [];
  for (const rule of valueRules) {
    try {
      out.push(...rule(ctx));
    } catch {
      // A rule that cannot read this step explains nothing.
    }
  }
  return out;
}
