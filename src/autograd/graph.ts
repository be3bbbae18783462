// Graph recording and reverse-mode backward (micrograd-style: each node owns its backward rule).
import {Tensor, toTensor, type TensorLike} from "../tensor/tensor.ts";
import {formatShape, sameShape, ShapeError} from "../tensor/shape.ts";
import {assertAutogradAllowed, isGradEnabled, noGrad} from "./no-grad.ts";
import {ADD, binaryRun} from "../tensor/kernels/elementwise.ts";
import {binaryRaw} from "./ops/elementwise.ts";

/** Given d(loss)/d(output), returns d(loss)/d(input i) for each input (null when not needed). */
export type BackwardFn = (g: Tensor) => (Tensor | null)[];

export class GradNode {
  op: string;
  inputs: Tensor[];
  params: Record<string, unknown>;
  /** After backward(): the gradient that flowed along the edge inputs[i] → this node. */
  inputGrads: (Tensor | null)[];
  backwardFn: BackwardFn;

  constructor(op: string, inputs: Tensor[], params: Record<string, unknown>, backwardFn: BackwardFn) {
    this.op = op;
    this.inputs = inputs;
    this.params = params;
    this.inputGrads = inputs.map(() => null);
    this.backwardFn = backwardFn;
  }
}

/** True when an op on these inputs must record a node. */
export function needsGrad(a: Tensor, b?: Tensor, c?: Tensor): boolean {
  if (!isGradEnabled()) return false;
  return a.requiresGrad || (b !== undefined && b.requiresGrad) || (c !== undefined && c.requiresGrad);
}

/** Attaches a node to `out` when grad mode is on and some input requires grad. Returns out. */
export function record(out: Tensor, op: string, inputs: Tensor[], params: Record<string, unknown>, backwardFn: BackwardFn): Tensor {
  if (!isGradEnabled()) return out;
  let any = false;
  for (const t of inputs) if (t.requiresGrad) { any = true; break; }
  if (!any) return out;
  out.requiresGrad = true;
  out.node = new GradNode(op, inputs, params, backwardFn);
  return out;
}

/** Tensors reachable from root through nodes, ordered so each comes after everything that uses it. */
function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [t, i] = top;
    const inputs = t.node ? t.node.inputs : [];
    if (i < inputs.length) {
      top[1] = i + 1;
      const child = inputs[i];
      if (child.requiresGrad && !visited.has(child)) {
        visited.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order.reverse();
}

/**
 * d(sum(root · dout))/d(t) for every tensor t in root's graph: intermediates get `.grad` set,
 * leaves accumulate into `.grad` (as in PyTorch), and every node's `inputGrads` holds per-edge grads.
 */
export function backward(root: Tensor, dout?: TensorLike): void {
  assertAutogradAllowed("backward()");
  if (!root.requiresGrad) {
    throw new Error("backward: this tensor does not require grad (no input was marked with requiresGrad_())");
  }
  let seed: Tensor;
  if (dout === undefined) {
    seed = new Tensor(new Float64Array(root.size).fill(1), root.shape.slice());
  } else {
    seed = toTensor(dout, "backward");
    if (!sameShape(seed.shape, root.shape)) {
      throw new ShapeError(`backward: dout shape ${formatShape(seed.shape)} does not match output shape ${formatShape(root.shape)}`);
    }
  }
  const order = topoOrder(root);
  const grads = new Map<Tensor, Tensor>();
  // Sums we allocated ourselves may be added into in place; grads returned by rules may be shared.
  const owned = new Set<Tensor>();
  grads.set(root, seed);
  noGrad(() => {
    for (const t of order) {
      const g = grads.get(t);
      if (!g) continue;
      const node = t.node;
      if (!node) {
        owned.delete(g);
        // Leaf grads are packed arrays of their own shape (rules may pass on broadcast views).
        t.grad = t.grad ? addInto(t.grad, g, false) : packed(g);
        continue;
      }
      t.grad = g;
      // From here g is visible (t.grad, and rules may pass it through as an edge grad): never add into it.
      owned.delete(g);
      const inputGrads = node.backwardFn(g);
      for (let i = 0; i < node.inputs.length; i++) {
        const input = node.inputs[i];
        const gi = inputGrads[i] ?? null;
        node.inputGrads[i] = gi;
        if (!gi || !input.requiresGrad) continue;
        if (!sameShape(gi.shape, input.shape)) {
          throw new ShapeError(`backward: rule for '${node.op}' returned grad of shape ${formatShape(gi.shape)} for input ${i} of shape ${formatShape(input.shape)}`);
        }
        const prev = grads.get(input);
        if (!prev) grads.set(input, gi);
        else {
          const sum = addInto(prev, gi, owned.has(prev));
          owned.add(sum);
          grads.set(input, sum);
        }
      }
    }
  });
}

/** a + b for same-shape tensors; writes into a when `inPlace` (a is packed and ours). */
function addInto(a: Tensor, b: Tensor, inPlace: boolean): Tensor {
  if (inPlace && a.isContiguous() && b.isContiguous()) {
    binaryRun(ADD, a.data, a.offset, a.data, a.offset, 1, b.data, b.offset, 1, a.size);
    return a;
  }
  return binaryRaw(ADD, "backward", a, b);
}

/** t itself when it owns exactly its packed elements, else a packed copy. */
function packed(t: Tensor): Tensor {
  if (t.isContiguous() && t.offset === 0 && t.data.length === t.size) return t;
  return new Tensor(new Float64Array(t.values()), t.shape.slice());
}
