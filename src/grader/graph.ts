// Reads reference values out of an autograd graph: named tensors, node gradients and edge gradients.
import {toDense, type Dense} from "./dense.ts";
import type {StepTarget, Tensor} from "./types.ts";

/** Every tensor with a name reachable from `out` (inputs included), by name. */
export function collectNamed(out: Tensor): Map<string, Tensor> {
  const named = new Map<string, Tensor>();
  const seen = new Set<Tensor>();
  const stack: Tensor[] = [out];
  while (stack.length) {
    const t = stack.pop();
    if (!t || typeof t !== "object" || seen.has(t)) continue;
    seen.add(t);
    if (typeof t.name === "string" && t.name && !named.has(t.name)) named.set(t.name, t);
    for (const input of t.node?.inputs ?? []) stack.push(input);
  }
  return named;
}

/** A step's target in text, for the CLI and logs ("node xhat", "edge xmu→xhat", "value loss"). */
export function describeTarget(target: StepTarget): string {
  if ("node" in target) return `node ${target.node}`;
  if ("edge" in target) return `edge ${target.edge[0]}→${target.edge[1]}`;
  return `value ${target.value}`;
}

/** The reference value of a step after backward(); throws naming the step when the graph lacks it. */
export function readTarget(step: string, target: StepTarget, named: Map<string, Tensor>): Dense {
  const get = (name: string): Tensor => {
    const t = named.get(name);
    if (!t) throw new Error(`step ${step}: the forward graph has no tensor named '${name}' (names: ${[...named.keys()].join(", ")})`);
    return t;
  };
  if ("value" in target) return mustDense(step, get(target.value));
  if ("node" in target) {
    const t = get(target.node);
    if (!t.grad) throw new Error(`step ${step}: node '${target.node}' has no gradient (does it require grad?)`);
    return mustDense(step, t.grad);
  }
  const [fromName, toName] = target.edge;
  const from = get(fromName), to = get(toName);
  const node = to.node;
  if (!node) throw new Error(`step ${step}: '${toName}' is a leaf, so no edge ${fromName}→${toName}`);
  let sum: Dense | null = null;
  node.inputs.forEach((input: Tensor, i: number) => {
    if (input !== from) return;
    const g = node.inputGrads?.[i];
    if (!g) return;
    const d = mustDense(step, g);
    // A tensor used twice by one op (xmu*xmu) sends two gradients along the same pair of names.
    sum = sum ? {...sum, data: sum.data.map((v, k) => v + d.data[k])} : d;
  });
  if (!sum) throw new Error(`step ${step}: '${toName}' is not computed directly from '${fromName}' (op ${node.op})`);
  return sum;
}

function mustDense(step: string, t: Tensor): Dense {
  const d = toDense(t);
  if (!d) throw new Error(`step ${step}: cannot read the reference value`);
  return d;
}
