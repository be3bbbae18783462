// Recomputes a step from the learner's own upstream values with autograd: the gradient of
// L = Σₖ sum(tensorₖ · learner_gradₖ) with respect to the step's node or edge. If the learner's value
// matches it, their rule for this step is right and the error came from upstream.
import {collectNamed, readTarget} from "./graph.ts";
import type {Dense} from "./dense.ts";
import type {PreparedTrial} from "./prepare.ts";
import type {ExerciseDef, Runtime, StepDef, Tensor} from "./types.ts";

export function recomputeGiven(def: ExerciseDef, trial: PreparedTrial, step: StepDef, values: Map<string, Dense>, rt: Runtime): Dense | null {
  if (!step.given) return null;
  const inputs: Record<string, Tensor> = {};
  for (const [name, d] of Object.entries(trial.context.inputs)) inputs[name] = denseToTensor(d, rt);
  for (const name of def.differentiable) inputs[name].requiresGrad_().named(name);
  const out = def.forward(inputs, trial.config, rt);
  const named = collectNamed(out);
  let loss: Tensor | null = null;
  for (const [tensorName, stepNames] of Object.entries(step.given)) {
    const t = named.get(tensorName);
    if (!t) return null;
    const grads = (Array.isArray(stepNames) ? stepNames : [stepNames]).map((n) => values.get(n));
    if (grads.some((g) => !g || g.shape.length !== t.shape.length || g.shape.some((d: number, i: number) => d !== t.shape[i]))) return null;
    let g: Tensor = denseToTensor(grads[0]!, rt);
    for (const more of grads.slice(1)) g = g.add(denseToTensor(more!, rt));
    const term = t.mul(g).sum();
    loss = loss ? loss.add(term) : term;
  }
  if (!loss) return null;
  loss.backward();
  return readTarget(step.name, step.target, named);
}

/** A fresh runtime tensor holding a Dense's values (np.array copies the typed array as it is). */
function denseToTensor(d: Dense, rt: Runtime): Tensor {
  if (d.shape.length === 0) return rt.np.array(d.data[0]);
  return rt.np.array(d.data).reshape(d.shape);
}
