// Trusted side of grading: builds each trial's inputs, runs the forward with autograd and records
// every step's reference gradient and the mutants as plain data. Runs before any learner code, so
// nothing the learner does afterwards can change a reference.
import {toDense, type Dense} from "./dense.ts";
import {collectNamed, readTarget} from "./graph.ts";
import {readWork, workSince, type WorkCount} from "../tensor/work.ts";
import type {ExerciseDef, Hint, PlainValue, Runtime, Tensor, TrialContext, TrialDef} from "./types.ts";

export interface PreparedMutant {
  id: string;
  step: string;
  value: Dense;
  hint: Hint;
}

export interface PreparedTrial {
  name: string;
  seed: number;
  config: Record<string, number>;
  hidden: boolean;
  catches?: Hint;
  /** The learner's arguments (plain; revive them as tensors in the learner's realm). */
  args: PlainValue[];
  context: TrialContext;
  mutants: PreparedMutant[];
  /** The reference forward's output after backward (a live graph: the Worker draws the report's graph from it). */
  forward: Tensor;
  /** Tensor work of making the inputs and running the reference forward + backward: the integrity check's yardstick. */
  referenceWork: WorkCount;
}

export interface PrepareOptions {
  mode?: "practice" | "final";
  /** Seeds for a final grade, one per trial; default: fresh random seeds. */
  seeds?: number[];
}

export function prepareTrials(def: ExerciseDef, rt: Runtime, options: PrepareOptions = {}): PreparedTrial[] {
  const mode = options.mode ?? "practice";
  return def.trials.map((trial, i) => {
    const seed = mode === "final" ? options.seeds?.[i] ?? freshSeed() : trial.seed;
    return prepareTrial(def, trial, seed, rt);
  });
}

function freshSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

export function prepareTrial(def: ExerciseDef, trial: TrialDef, seed: number, rt: Runtime): PreparedTrial {
  const where = `${def.id}, trial ${trial.name}`;
  const before = readWork();
  const {inputs, out} = runForward(def, trial.config, seed, rt);
  const named = collectNamed(out);
  const dout = inputs.dout;
  out.backward(dout === undefined ? undefined : dout);
  const referenceWork = workSince(before);

  const plainInputs: Record<string, Dense> = {};
  for (const [k, v] of Object.entries(inputs)) plainInputs[k] = dense(where, k, v);
  const plainNamed: Record<string, Dense> = {};
  for (const [k, v] of named) plainNamed[k] = dense(where, k, v);
  const ref: Record<string, Dense> = {};
  for (const step of def.steps) ref[step.name] = readTarget(`${step.name} (${where})`, step.target, named);

  const context: TrialContext = {config: {...trial.config}, inputs: plainInputs, named: plainNamed, ref};
  const mutants: PreparedMutant[] = [];
  for (const m of def.mutants) {
    const value = m.value(context);
    if (value) mutants.push({id: m.id, step: m.step, value, hint: m.hint});
  }
  const args = def.args({config: context.config, inputs: plainInputs, named: plainNamed});
  return {name: trial.name, seed, config: context.config, hidden: trial.hidden ?? false, catches: trial.catches, args, context, mutants, referenceWork, forward: out};
}

/** Seeds the generator, makes the inputs, marks and names the differentiable ones, runs the forward. */
export function runForward(def: ExerciseDef, config: Record<string, number>, seed: number, rt: Runtime): {inputs: Record<string, Tensor>; out: Tensor} {
  rt.np.random.seed(seed);
  const inputs = def.makeInputs(config, rt);
  for (const name of def.differentiable) {
    const t = inputs[name];
    if (!t) throw new Error(`${def.id}: makeInputs did not make '${name}'`);
    t.requiresGrad_().named(name);
  }
  const out = def.forward(inputs, config, rt);
  return {inputs, out};
}

function dense(where: string, name: string, value: unknown): Dense {
  const d = toDense(value);
  if (!d) throw new Error(`${where}: '${name}' is not a tensor or number`);
  return d;
}

