// What each node and edge says, and how big that text is (fixed-width font, so no DOM is needed to
// measure: the static SVG and the live one are laid out identically).
import type {GraphEdge, GraphNode} from "./model.ts";
import {formatShape, sizeOf} from "./model.ts";
import {opRules} from "./derivatives.ts";
import {formatNumber, shortGrad} from "./format.ts";

export const FONT = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace";
export const CHAR = {op: 7.3, name: 8.0, edge: 6.7};
export const LINE = {op: 15, name: 17, edge: 13};
/** Font sizes (px) of the SVG text: op line, node name, edge labels and notes. */
export const FONT_SIZE = {op: 12, name: 13, edge: 11};
const PAD_X = 12;
const PAD_Y = 7;
export const BADGE = 18;

export interface NodeLabel {
  /** First line: the op ("−", "mean axis=0", "· + 1e-05"); null for leaves. */
  op: string | null;
  /** Second line: the tensor's name (or id). */
  name: string;
  /** Small third line for leaves and groups ("param", "9 nodes"). */
  note: string | null;
}

export function labelNode(node: GraphNode): NodeLabel {
  const label = labelWhole(node);
  // Inside its drawn group "fc1/W" reads as "W" (the cluster already says fc1).
  if (node.kind !== "group" && node.group && label.name.startsWith(`${node.group}/`)) {
    label.name = label.name.slice(node.group.length + 1);
  }
  return label;
}

function labelWhole(node: GraphNode): NodeLabel {
  if (node.kind === "group") {
    return {op: "▸ layer", name: node.name ?? node.id, note: `${node.collapsedGroup?.length ?? 0} nodes`};
  }
  if (node.kind !== "op") {
    const scalar = node.value?.values?.length === 1 && sizeOf(node.shape) === 1;
    return {op: null, name: node.name ?? node.id, note: scalar ? `= ${formatNumber(node.value!.values![0])}` : node.kind};
  }
  return {op: opText(node), name: node.name ?? node.id, note: null};
}

function opText(node: GraphNode): string {
  // "@" is Python's matmul operator, which JavaScript (and the learner's code) does not have: spell it.
  const rule = opRules[node.op]?.symbol ?? node.op;
  const symbol = rule === "@" ? "matmul" : rule;
  const params = node.params ?? {};
  const consts = Object.keys(params).filter((k) => /^const\d+$/.test(k));
  let text = symbol;
  if (consts.length) {
    // Spell the folded constant where it sits: "· + 1e-05", "1 ÷ ·", "· ^ 2".
    const arity = Math.max(2, ...consts.map((k) => Number(k.slice(5)) + 1));
    const parts = Array.from({length: arity}, (_, i) => {
      const c = params[`const${i}`];
      return typeof c === "number" ? formatNumber(c) : "·";
    });
    text = arity === 2 && symbol.length <= 2 ? `${parts[0]} ${symbol} ${parts[1]}` : `${symbol}(${parts.join(", ")})`;
  }
  const extras = Object.entries(params)
    // Short params only: a label holds "axis=0", not a whole label vector.
    .filter(([k, v]) => !/^const\d+$/.test(k) && v !== undefined && v !== null && v !== false)
    .filter(([, v]) => (Array.isArray(v) ? v.length <= 4 : String(v).length <= 12))
    .map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(",")}]` : String(v)}`);
  return extras.length ? `${text} ${extras.join(" ")}` : text;
}

export interface Size {
  width: number;
  height: number;
}

export function measureNode(label: NodeLabel, withBadge: boolean): Size {
  const widths = [label.name.length * CHAR.name];
  let height = LINE.name;
  if (label.op !== null) {
    widths.push(label.op.length * CHAR.op);
    height += LINE.op;
  }
  if (label.note !== null) {
    widths.push(label.note.length * CHAR.op);
    height += LINE.op;
  }
  return {
    width: Math.max(52, Math.ceil(Math.max(...widths) + 2 * PAD_X + (withBadge ? BADGE : 0))),
    height: Math.ceil(height + 2 * PAD_Y)
  };
}

export interface EdgeLabel {
  /** Black: the shape, or the value for a scalar (as in the cs231n figures). */
  forward: string;
  /** Red: the gradient along the edge, when backward has run. */
  grad: string | null;
}

export function labelEdge(edge: GraphEdge, source: GraphNode | undefined): EdgeLabel {
  const scalarValue = sizeOf(edge.shape) === 1 ? source?.value?.values?.[0] : undefined;
  return {
    forward: scalarValue !== undefined ? formatNumber(scalarValue, 3) : formatShape(edge.shape),
    grad: edge.grad ? shortGrad(edge.grad) : null
  };
}

export function measureEdge(label: EdgeLabel): Size {
  const chars = Math.max(label.forward.length, label.grad?.length ?? 0);
  // The edge runs through the middle of its label box: shape above the line, gradient below.
  return {width: Math.ceil(chars * CHAR.edge + 6), height: 2 * LINE.edge + 10};
}
