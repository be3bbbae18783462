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
}

const MARGIN = 20;

export function layoutGraph(model: GraphModel, options: LayoutOptions = {}): Layout {
  const g = new dagre.graphlib.Graph({multigraph: true, compound: true});
  g.setGraph({rankdir: "LR", nodesep: 22, ranksep: 46, edgesep: 14, marginx: MARGIN, marginy: MARGIN + 12});
  g.setDefaultEdgeLabel(() => ({}));

  const labels = new Map<string, NodeLabel>();
  for (const n of model.nodes) {
    const label = labelNode(n);
    labels.set(n.id, label);
    g.setNode(n.id, measureNode(label, options.badges?.has(n.id) ?? false));
  }
  const clusterIds = new Map<string, string>();
  if (options.clusters !== false) {
    for (const n of model.nodes) {
      if (!n.group || n.kind === "group") continue;
      let child = n.id;
      const parts = n.group.split("/");
      // Nest cluster nodes for "net/bn1"; ids are prefixed so they never clash with tensor ids.
      for (let i = parts.length; i >= 1; i--) {
        const name = parts.slice(0, i).join("/");
        const cid = `cluster:${name}`;
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
    g.setEdge({v: e.from, w: e.to, name: String(k)}, {...measureEdge(label), labelpos: "c"});
  });

  dagre.layout(g);

  const nodes: NodeBox[] = model.nodes.map((n) => {
    const d = g.node(n.id);
    return {id: n.id, x: d.x - d.width / 2, y: d.y - d.height / 2, width: d.width, height: d.height, label: labels.get(n.id)!};
  });
  const edges: EdgeRoute[] = model.edges.map((e, k) => {
    const d = g.edge({v: e.from, w: e.to, name: String(k)});
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
  return {width: Math.ceil(graph.width ?? 0), height: Math.ceil(graph.height ?? 0), nodes, edges, clusters};
}
