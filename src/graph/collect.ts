// Runtime graph → plain model. Walks GradNode.inputs back from the output (iteratively: an unrolled
// RNN is thousands of nodes deep) and emits nodes in topological order, inputs first.
import type {GraphEdge, GraphModel, GraphNode, NodeKind} from "./model.ts";
import {sizeOf} from "./model.ts";
import {DEFAULT_MAX_VALUES, summarizeTensor} from "./summarize.ts";
import {groupOf} from "./group.ts";
import {isTensorLike, readValues, type TensorLike} from "./tensor-like.ts";

export interface CollectOptions {
  /** Tensors with more elements keep statistics only. */
  maxValues?: number;
  /** Draw unnamed scalar constants (the eps in var + eps) as nodes instead of folding them into the op. */
  showConstants?: boolean;
}

export function collectGraph(output: TensorLike | TensorLike[], options: CollectOptions = {}): GraphModel {
  const outputs = Array.isArray(output) ? output : [output];
  for (const o of outputs) {
    if (!isTensorLike(o)) throw new TypeError("graph: expected a Tensor (or an array of Tensors) to draw");
  }
  const maxValues = options.maxValues ?? DEFAULT_MAX_VALUES;
  const foldConstant = (t: TensorLike) =>
    !options.showConstants && !t.node && !t.requiresGrad && !t.name && sizeOf(t.shape) === 1;

  const order = topologicalOrder(outputs, foldConstant);
  const ids = assignIds(order);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const t of order) {
    const id = ids.get(t)!;
    const node: GraphNode = {
      id,
      op: t.node ? t.node.op : leafKind(t),
      kind: t.node ? "op" : leafKind(t),
      name: t.name ?? null,
      shape: [...t.shape],
      value: summarizeTensor(t, maxValues)
    };
    if (t.grad) node.grad = summarizeTensor(t.grad, maxValues);
    const g = groupOf(t);
    if (g !== undefined) node.group = g;
    const params = describeParams(t, foldConstant);
    if (params) node.params = params;
    nodes.push(node);
    t.node?.inputs.forEach((input, index) => {
      if (foldConstant(input)) return;
      const edge: GraphEdge = {from: ids.get(input)!, to: id, index, shape: [...input.shape]};
      const grad = t.node!.inputGrads?.[index];
      if (grad) edge.grad = summarizeTensor(grad, maxValues);
      edges.push(edge);
    });
  }
  inferGroups(nodes, edges);
  return {nodes, edges, output: ids.get(outputs[0]) ?? null};
}

/** An unnamed gate between members of one group (the `+ eps` in "bn1/var + eps") joins that group. */
function inferGroups(nodes: GraphNode[], edges: GraphEdge[]): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  let changed = true;
  while (changed) {
    changed = false;
    for (const n of nodes) {
      if (n.group !== undefined || n.kind !== "op" || n.name !== null) continue;
      const before = new Set(edges.filter((e) => e.to === n.id).map((e) => byId.get(e.from)!.group));
      const after = edges.filter((e) => e.from === n.id).map((e) => byId.get(e.to)!.group);
      const g = after.find((g) => g !== undefined && before.has(g));
      if (g !== undefined) {
        n.group = g;
        changed = true;
      }
    }
  }
}

function leafKind(t: TensorLike): NodeKind {
  if (t.requiresGrad) return "param";
  return sizeOf(t.shape) === 1 && !t.name ? "const" : "input";
}

function topologicalOrder(outputs: TensorLike[], skip: (t: TensorLike) => boolean): TensorLike[] {
  const order: TensorLike[] = [];
  const done = new Set<TensorLike>();
  const entered = new Set<TensorLike>();
  const stack: TensorLike[] = [...outputs].reverse();
  while (stack.length) {
    const t = stack[stack.length - 1];
    if (done.has(t)) {
      stack.pop();
      continue;
    }
    if (entered.has(t)) {
      // All inputs are emitted: post-order puts t after them.
      stack.pop();
      done.add(t);
      order.push(t);
      continue;
    }
    entered.add(t);
    const inputs = t.node?.inputs ?? [];
    for (let i = inputs.length - 1; i >= 0; i--) {
      if (!done.has(inputs[i]) && !skip(inputs[i])) stack.push(inputs[i]);
    }
  }
  return order;
}

/** Names become ids (deduplicated with #2, #3); unnamed tensors get op + counter ("add1"). */
function assignIds(order: TensorLike[]): Map<TensorLike, string> {
  const ids = new Map<TensorLike, string>();
  const used = new Set<string>();
  const counters = new Map<string, number>();
  const take = (base: string, numbered: boolean) => {
    let n = numbered ? (counters.get(base) ?? 0) + 1 : 1;
    let id = numbered ? `${base}${n}` : base;
    while (used.has(id)) {
      n++;
      id = numbered ? `${base}${n}` : `${base}#${n}`;
    }
    if (numbered) counters.set(base, n);
    used.add(id);
    return id;
  };
  // Named tensors first so an unnamed "add1" never steals a user's name.
  for (const t of order) if (t.name) ids.set(t, take(t.name, false));
  for (const t of order) if (!t.name) ids.set(t, take(t.node ? t.node.op : leafKind(t), true));
  return ids;
}

/** Op params that are plain data, plus folded scalar constants as const0/const1 by input position. */
function describeParams(t: TensorLike, folded: (t: TensorLike) => boolean): Record<string, unknown> | undefined {
  if (!t.node) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t.node.params ?? {})) {
    if (v === null || ["number", "string", "boolean"].includes(typeof v)) out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === "number")) out[k] = [...v];
  }
  t.node.inputs.forEach((input, i) => {
    if (folded(input)) out[`const${i}`] = readValues(input, 1)[0];
  });
  return Object.keys(out).length ? out : undefined;
}
