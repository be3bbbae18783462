// The plain graph model every other graph module works on. It holds no Tensor objects, so it can be
// built in a Worker or in Node, serialised, and rendered to a string at build time.

/** Forward value or gradient of one tensor: full values when small, statistics always. */
export interface TensorSummary {
  shape: number[];
  /** Row-major values, or null when the tensor has more than the collect limit. */
  values: number[] | null;
  min: number;
  max: number;
  mean: number;
  /** Frobenius norm. */
  norm: number;
}

export type NodeKind = "input" | "param" | "const" | "op" | "group";

/** pass ✓, fail ✗, follows (wrong only because an earlier step is), pending (not reached). */
export type Verdict = "pass" | "fail" | "follows" | "pending";

export interface GraphNode {
  id: string;
  /** The operation that made the tensor ("add", "matmul", …); leaves use their kind ("input", "param"). */
  op: string;
  kind: NodeKind;
  name: string | null;
  shape: number[];
  value?: TensorSummary;
  grad?: TensorSummary;
  /** Op parameters worth showing (axis, keepdims, folded scalar constants, …). */
  params?: Record<string, unknown>;
  /** Group this node belongs to ("bn1" for "bn1/xhat" or a group() call). */
  group?: string;
  /** For a collapsed group box: the ids of the nodes it stands for. */
  collapsedGroup?: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  /** Position of `from` among the inputs of `to` (an op may use one tensor twice: x * x). */
  index: number;
  shape: number[];
  /** Gradient that flowed back along this edge (GradNode.inputGrads[index]). */
  grad?: TensorSummary;
}

export interface GraphModel {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Id of the node the graph was collected from. */
  output: string | null;
}

// Shape helpers are owned by src/tensor/shape.ts (dependency-free); re-exported for the graph's modules.
export {formatShape, sizeOf} from "../tensor/shape.ts";
