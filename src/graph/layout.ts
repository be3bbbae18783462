// Left-to-right layout with dagre: node boxes, edge routes and edge-label spots (dagre places labels
// as dummy nodes, so a label never sits on a box).
import dagre from "@dagrejs/dagre";
import type {GraphModel} from "./model.ts";
import {labelEdge, labelNode, measureEdge, measureNode, type EdgeLabel, type NodeLabel} from "./labels.ts";

export interface Point {
  x: number;
  y: number;
}

export interface NodeBox {
  id: string;
  /** Top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
  label: NodeLabel;
  /** One of several copies of a widely shared leaf (a weight every RNN step reads). */
  ghost?: boolean;
}

export interface EdgeRoute {
  from: string;
  to: string;
  index: number;
  points: Point[];
  /** Centre of the label. */
  labelAt: Point;
  label: EdgeLabel;
}

export interface ClusterBox {
  group: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Layout {
  /** "LR" or "TB", as laid out. */
  direction: "LR" | "TB";
  width: number;
  height: number;
  nodes: NodeBox[];
  edges: EdgeRoute[];
  clusters: ClusterBox[];
}

export interface LayoutOptions {
  /** Reserve room for a verdict badge in these nodes. */
  badges?: ReadonlySet<string>;
  /** Draw expanded groups as clusters (boxes around their members). */
  clusters?: boolean;
  /** "LR" (default, the posts' figures) or "TB" for narrow columns. */
  direction?: "LR" | "TB";
}

const MARGIN = 20;
/**
 * A leaf feeding more gates than this is drawn once per use, next to each gate. One shared W
 * wired to every step of an unrolled net makes long edges across all ranks, and dagre's cost (and
 * the picture's clutter) grows with the square of the steps.
 */
export const MAX_FANOUT = 3;
// Internal dagre ids; the NUL prefix cannot clash with a tensor name.
const ghostId = (id: string, k: number) => `\u0000ghost:${k}:${id}`;
const clusterId = (group: string) => `\u0000cluster:${group}`;

export function layoutGraph(model: GraphModel, options: LayoutOptions = {}): Layout {
  const g = new dagre.graphlib.Graph({multigraph: true, compound: true});
  // network-simplex gives the tidiest ranks; past a few hundred boxes the faster longest-path will do.
  const ranker = model.nodes.length > 150 ? "longest-path" : "network-simplex";
  g.setGraph({ranker, rankdir: options.direction ?? "LR", nodesep: 22, ranksep: 46, edgesep: 14, marginx: MARGIN, marginy: MARGIN + 12});
  g.setDefaultEdgeLabel(() => ({}));

  const fanout = new Map<string, number>();
  for (const e of model.edges) fanout.set(e.from, (fanout.get(e.from) ?? 0) + 1);
  const ghosted = new Set(
    model.nodes.filter((n) => n.kind !== "op" && n.kind !== "group" && (fanout.get(n.id) ?? 0) > MAX_FANOUT).map((n) => n.id)
  );
  // Where each edge starts in the dagre graph: the node, or that edge's own copy of a shared leaf.
  const sourceOf = (k: number) => (ghosted.has(model.edges[k].from) ? ghostId(model.edges[k].from, k) : model.edges[k].from);

  const labels = new Map<string, NodeLabel>();
  const placed: {id: string; layoutId: string; ghost: boolean}[] = [];
  for (const n of model.nodes) {
    const label = labelNode(n);
    labels.set(n.id, label);
    const size = measureNode(label, options.badges?.has(n.id) ?? false);
    const ids = ghosted.has(n.id)
      ? model.edges.flatMap((e, k) => (e.from === n.id ? [ghostId(n.id, k)] : []))
      : [n.id];
    for (const layoutId of ids) {
      g.setNode(layoutId, {...size});
      placed.push({id: n.id, layoutId, ghost: ghosted.has(n.id)});
    }
  }
  const clusterIds = new Map<string, string>();
  if (options.clusters !== false) {
    const groupOf = new Map(model.nodes.map((n) => [n.id, n.kind === "group" ? undefined : n.group]));
    for (const {id, layoutId} of placed) {
      const group = groupOf.get(id);
      if (!group) continue;
      let child = layoutId;
      const parts = group.split("/");
      // Nest cluster nodes for "net/bn1".
      for (let i = parts.length; i >= 1; i--) {
        const name = parts.slice(0, i).join("/");
        const cid = clusterId(name);
        if (!clusterIds.has(cid)) {
          clusterIds.set(cid, name);
          g.setNode(cid, {});
        }
        g.setParent(child, cid);
        child = cid;
      }
    }
  }
  const edgeLabels = new Map<string, EdgeLabel>();
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  model.edges.forEach((e, k) => {
    const label = labelEdge(e, byId.get(e.from));
    edgeLabels.set(String(k), label);
    g.setEdge({v: sourceOf(k), w: e.to, name: String(k)}, {...measureEdge(label), labelpos: "c"});
  });

  dagre.layout(g);

  const nodes: NodeBox[] = placed.map(({id, layoutId, ghost}) => {
    const d = g.node(layoutId);
    const box: NodeBox = {id, x: d.x - d.width / 2, y: d.y - d.height / 2, width: d.width, height: d.height, label: labels.get(id)!};
    if (ghost) box.ghost = true;
    return box;
  });
  const edges: EdgeRoute[] = model.edges.map((e, k) => {
    const d = g.edge({v: sourceOf(k), w: e.to, name: String(k)});
    return {
      from: e.from,
      to: e.to,
      index: e.index,
      points: (d.points ?? []).map((p: Point) => ({x: p.x, y: p.y})),
      labelAt: {x: d.x ?? 0, y: d.y ?? 0},
      label: edgeLabels.get(String(k))!
    };
  });
  const clusters: ClusterBox[] = [...clusterIds].map(([cid, group]) => {
    const d = g.node(cid);
    return {group, x: d.x - d.width / 2, y: d.y - d.height / 2, width: d.width, height: d.height};
  });
  const graph = g.graph();
  return {direction: options.direction ?? "LR", width: Math.ceil(graph.width ?? 0), height: Math.ceil(graph.height ?? 0), nodes, edges, clusters};
}
