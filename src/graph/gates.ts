// Per-gate facts for the details panel and the step-through: the forward formula, each input's local
// derivative (TeX, plus numbers for elementwise ops), and the backward order of the gates.
import type {GraphEdge, GraphModel, GraphNode, TensorSummary} from "./model.ts";
import {sizeOf} from "./model.ts";
import {fallbackLocal, opRules, texName} from "./derivatives.ts";

export interface GateInput {
  index: number;
  /** The edge from this input (absent for a folded constant). */
  edge?: GraphEdge;
  source?: GraphNode;
  /** TeX: ∂out/∂input = …, or the backward rule for non-elementwise ops. */
  localTex: string;
  /** Per-element local derivative in the output's shape (elementwise ops with known values). */
  local?: number[];
}

export interface Gate {
  node: GraphNode;
  forwardTex: string;
  /** ∂L/∂out: the gradient arriving from the right. */
  upstream?: TensorSummary;
  inputs: GateInput[];
}

export function describeGate(model: GraphModel, node: GraphNode): Gate {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const inEdges = model.edges.filter((e) => e.to === node.id);
  const params = node.params ?? {};
  let arity = 0;
  for (const e of inEdges) arity = Math.max(arity, e.index + 1);
  for (const k of Object.keys(params)) if (/^const\d+$/.test(k)) arity = Math.max(arity, Number(k.slice(5)) + 1);

  const args: string[] = [];
  const argValues: (TensorSummary | number | undefined)[] = [];
  for (let i = 0; i < arity; i++) {
    const edge = inEdges.find((e) => e.index === i);
    const source = edge ? byId.get(edge.from) : undefined;
    if (source) {
      args.push(texName(source.name ?? source.id));
      argValues.push(source.value);
    } else {
      const c = params[`const${i}`];
      args.push(typeof c === "number" ? formatTexNumber(c) : "?");
      argValues.push(typeof c === "number" ? c : undefined);
    }
  }
  const out = texName(node.name ?? node.id);
  const rule = opRules[node.op];
  const inputs: GateInput[] = [];
  for (let i = 0; i < arity; i++) {
    const edge = inEdges.find((e) => e.index === i);
    if (!edge) continue;
    let localTex: string;
    let local: number[] | undefined;
    if (rule) {
      const expr = rule.local(i, args, out, params);
      localTex = rule.elementwise ? `\\frac{\\partial ${out}}{\\partial ${args[i]}} = ${expr}` : expr;
      if (rule.elementwise) local = elementwiseLocal(rule.elementwise, i, argValues, node.value);
    } else {
      localTex = fallbackLocal(node.op, args[i], out);
    }
    inputs.push({index: i, edge, source: byId.get(edge.from), localTex, local});
  }
  const forwardTex = `${out} = ${rule ? rule.forward(args, params) : `\\operatorname{${node.op.replace(/[^a-zA-Z]/g, "")}}(${args.join(", ")})`}`;
  return {node, forwardTex, upstream: node.grad, inputs};
}

/** The gates in the order backward visits them: reverse topological, output first. */
export function backwardGates(model: GraphModel): Gate[] {
  return topologicalNodes(model)
    .filter((n) => n.kind === "op" || n.kind === "group")
    .reverse()
    .map((n) => describeGate(model, n));
}

/** Kahn's algorithm; ties keep model order, so collected graphs come back unchanged. */
export function topologicalNodes(model: GraphModel): GraphNode[] {
  const indegree = new Map(model.nodes.map((n) => [n.id, 0]));
  const out = new Map<string, string[]>();
  for (const e of model.edges) {
    indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
    out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  }
  const position = new Map(model.nodes.map((n, i) => [n.id, i]));
  const ready = model.nodes.filter((n) => indegree.get(n.id) === 0);
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const order: GraphNode[] = [];
  while (ready.length) {
    ready.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
    const n = ready.shift()!;
    order.push(n);
    for (const to of out.get(n.id) ?? []) {
      const d = indegree.get(to)! - 1;
      indegree.set(to, d);
      if (d === 0) ready.push(byId.get(to)!);
    }
  }
  if (order.length !== model.nodes.length) throw new Error("graph: the model has a cycle");
  return order;
}

function elementwiseLocal(
  f: (i: number, x: number[], z: number) => number,
  i: number,
  args: (TensorSummary | number | undefined)[],
  out: TensorSummary | undefined
): number[] | undefined {
  if (!out?.values) return undefined;
  const readers: ((k: number) => number)[] = [];
  for (const a of args) {
    if (typeof a === "number") readers.push(() => a);
    else if (a?.values) {
      const read = broadcastReader(a.shape, a.values, out.shape);
      if (!read) return undefined;
      readers.push(read);
    } else return undefined;
  }
  const n = sizeOf(out.shape);
  const result = new Array<number>(n);
  for (let k = 0; k < n; k++) result[k] = f(i, readers.map((r) => r(k)), out.values[k]);
  return result;
}

/** Maps a flat index in `target` to the element of a numpy-broadcast source. */
function broadcastReader(shape: number[], values: number[], target: number[]): ((k: number) => number) | null {
  const pad = target.length - shape.length;
  if (pad < 0) return null;
  const full = [...new Array<number>(pad).fill(1), ...shape];
  const strides = new Array<number>(full.length);
  let s = 1;
  for (let d = full.length - 1; d >= 0; d--) {
    if (full[d] !== 1 && full[d] !== target[d]) return null;
    strides[d] = full[d] === 1 ? 0 : s;
    s *= full[d];
  }
  return (k) => {
    let pos = 0;
    for (let d = target.length - 1; d >= 0; d--) {
      pos += (k % target[d]) * strides[d];
      k = Math.floor(k / target[d]);
    }
    return values[pos];
  };
}

function formatTexNumber(v: number): string {
  const s = Number.isInteger(v) ? String(v) : v.toPrecision(3).replace(/\.?0+$/, "");
  return s.replace(/e([+-]?)0*(\d+)/, (_m, sign, exp) => ` \\times 10^{${sign === "-" ? "-" : ""}${exp}}`);
}
