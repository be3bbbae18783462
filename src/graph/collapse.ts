// Collapses groups ("bn1", a layer) into one box each, so a big net reads as layers.
import type {GraphEdge, GraphModel, GraphNode, TensorSummary} from "./model.ts";
import {topologicalNodes} from "./gates.ts";

/** Group names present in the model, outermost first. */
export function listGroups(model: GraphModel): string[] {
  const names = new Set<string>();
  for (const n of model.nodes) {
    if (!n.group) continue;
    const parts = n.group.split("/");
    for (let i = 1; i <= parts.length; i++) names.add(parts.slice(0, i).join("/"));
  }
  return [...names].sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b));
}

const inGroup = (n: GraphNode, g: string) => n.group === g || (n.group?.startsWith(`${g}/`) ?? false);

/** Replaces each named group (or every outermost group for `true`) by a single "group" node. */
export function collapseGroups(model: GraphModel, groups: readonly string[] | true): GraphModel {
  let names = groups === true ? listGroups(model).filter((g) => !g.includes("/")) : [...groups];
  // Collapsing "net" already hides "net/bn1".
  names = names.filter((g) => !names.some((o) => o !== g && g.startsWith(`${o}/`)));
  let result = model;
  for (const g of names) result = collapseOne(result, g);
  return result;
}

function collapseOne(model: GraphModel, g: string): GraphModel {
  const members = model.nodes.filter((n) => inGroup(n, g));
  if (members.length === 0) return model;
  const memberIds = new Set(members.map((n) => n.id));
  let id = g;
  while (model.nodes.some((n) => n.id === id && !memberIds.has(n.id))) id = `[${id}]`;

  // The group's face is its output: the last member (model order is topological) feeding the outside,
  // or the graph's output itself.
  const leaving = model.edges.filter((e) => memberIds.has(e.from) && !memberIds.has(e.to)).map((e) => e.from);
  const face =
    [...members].reverse().find((n) => n.id === model.output || leaving.includes(n.id)) ?? members[members.length - 1];
  const parent = g.includes("/") ? g.slice(0, g.lastIndexOf("/")) : undefined;
  const box: GraphNode = {
    id,
    op: "group",
    kind: "group",
    name: g,
    shape: face.shape,
    collapsedGroup: members.flatMap((n) => n.collapsedGroup ?? [n.id])
  };
  if (face.value) box.value = face.value;
  if (face.grad) box.grad = face.grad;
  if (parent) box.group = parent;

  const edges: GraphEdge[] = [];
  const incoming = new Map<string, GraphEdge>();
  for (const e of model.edges) {
    const fromIn = memberIds.has(e.from);
    const toIn = memberIds.has(e.to);
    if (fromIn && toIn) continue;
    if (toIn) {
      // One edge per outside input; its gradient is the sum over the uses inside the group.
      const prev = incoming.get(e.from);
      if (prev) {
        prev.grad = addSummaries(prev.grad, e.grad);
        continue;
      }
      const merged: GraphEdge = {...e, to: id, index: incoming.size};
      incoming.set(e.from, merged);
      edges.push(merged);
    } else if (fromIn) {
      edges.push({...e, from: id});
    } else edges.push(e);
  }
  const first = model.nodes.findIndex((n) => memberIds.has(n.id));
  const nodes = model.nodes.filter((n) => !memberIds.has(n.id));
  nodes.splice(first, 0, box);
  const collapsed = {nodes, edges, output: model.output && memberIds.has(model.output) ? id : model.output};
  // Keep the model order topological: the box may need to move after an input that followed its first member.
  try {
    return {...collapsed, nodes: topologicalNodes(collapsed)};
  } catch {
    // An outside tensor sandwiched between members (bn1/a → z → bn1/b) would make a cycle: leave it open.
    return model;
  }
}

function addSummaries(a: TensorSummary | undefined, b: TensorSummary | undefined): TensorSummary | undefined {
  if (!a?.values || !b?.values || a.values.length !== b.values.length) return undefined;
  const values = a.values.map((v, i) => v + b.values![i]);
  let sq = 0;
  for (const v of values) sq += v * v;
  return {
    shape: a.shape,
    values,
    min: Math.min(...values),
    max: Math.max(...values),
    mean: values.reduce((s, v) => s + v, 0) / values.length,
    norm: Math.sqrt(sq)
  };
}
