// Model → SVG markup as a string. No DOM: `npm run build` and the `backstep` CLI emit it as is, and the
// live view (dom.ts) injects the same markup and adds behaviour on top.
import type {GraphModel, GraphNode, Verdict} from "./model.ts";
import {resolveMarks, resolveTarget, type ResolvedMarks, type ResolvedStep, type StepMark, type StepTargetLike} from "./verdicts.ts";
import {formatShape} from "./model.ts";
import {collapseGroups} from "./collapse.ts";
import {layoutGraph, type EdgeRoute, type Layout, type NodeBox, type Point} from "./layout.ts";
import {BADGE, CHAR, FONT, FONT_SIZE, LINE} from "./labels.ts";
import {pickDirection, shouldTryTopToBottom, STATIC_COLUMN} from "./fit.ts";
import {summaryLine} from "./format.ts";
import {describeGate} from "./gates.ts";

export interface DrawOptions {
  /** Graded steps with their targets (from the grader: marksFromReport(report.steps)). */
  steps?: readonly StepMark[];
  /** Shorthand: verdicts by node id or gradient name ("dxmu" marks node xmu). */
  verdicts?: Record<string, Verdict>;
  /** The first wrong step (a step name, node id or gradient name); drawn to stand out. */
  firstWrong?: string | null;
  /** Groups to draw as one box each; `true` collapses every top-level group. */
  collapse?: readonly string[] | true;
  /** Draw gradients (red) when the model has them. Default true. */
  gradients?: boolean;
  /** Accessible title of the figure. */
  title?: string;
  /**
   * Layout direction: "LR" (default), "TB", or "auto": top-to-bottom when left-to-right is over twice
   * `column` wide and TB is clearly narrower (static lesson figures use this).
   */
  direction?: "LR" | "TB" | "auto";
  /** Width (px) of the text column the graph goes in, for direction "auto". Default STATIC_COLUMN. */
  column?: number;
  /** Refuse (with advice) to lay out more boxes than this; layout time grows fast. Default 300. */
  maxNodes?: number;
}

export const DEFAULT_MAX_NODES = 300;

export interface PreparedGraph {
  model: GraphModel;
  layout: Layout;
  marks: ResolvedMarks;
  firstWrong: ResolvedStep | null;
}

export function prepareGraph(model: GraphModel, options: DrawOptions = {}): PreparedGraph {
  const max = options.maxNodes ?? DEFAULT_MAX_NODES;
  let shown = options.collapse ? collapseGroups(model, options.collapse) : model;
  // Too big to read (and to lay out quickly): show layers as boxes when the names allow it.
  if (shown.nodes.length > max && options.collapse === undefined) shown = collapseGroups(model, true);
  if (shown.nodes.length > max) {
    throw new Error(
      `graph: ${shown.nodes.length} nodes is too many to draw (limit ${max}). Name layers with a prefix ` +
        `("layer1/h") or wrap them in group() so they collapse into boxes, draw a smaller part, or pass {maxNodes}.`
    );
  }
  const steps = [
    ...(options.steps ?? []),
    ...Object.entries(options.verdicts ?? {}).map(([name, verdict]) => ({name, verdict}))
  ];
  const marks = resolveMarks(shown, steps);
  const firstWrong = options.firstWrong ? resolveStep(shown, options.firstWrong, marks) : null;
  const badges = new Set(marks.nodes.keys());
  const layout = options.direction === "auto"
    ? layoutAuto(shown, badges, options.column ?? STATIC_COLUMN)
    : layoutGraph(shown, {badges, direction: options.direction});
  return {model: shown, layout, marks, firstWrong};
}

function layoutAuto(model: GraphModel, badges: ReadonlySet<string>, column: number): Layout {
  const lr = layoutGraph(model, {badges, direction: "LR"});
  if (!shouldTryTopToBottom(lr.width, column)) return lr;
  const tb = layoutGraph(model, {badges, direction: "TB"});
  return pickDirection(lr.width, tb.width, column) === "TB" ? tb : lr;
}

/** Static SVG for a graph model. */
export function renderGraphSVG(model: GraphModel, options: DrawOptions = {}): string {
  return drawSVG(prepareGraph(model, options), options);
}

/** Where a step (its name, a node id, or a StepTarget) is drawn; graded steps use their targets. */
export function resolveStep(model: GraphModel, step: StepTargetLike, marks?: ResolvedMarks): ResolvedStep | null {
  return (typeof step === "string" ? marks?.steps.get(step) : undefined) ?? resolveTarget(model, step);
}

export function drawSVG(prepared: PreparedGraph, options: DrawOptions = {}): string {
  const {model, layout, marks, firstWrong} = prepared;
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const gradients = options.gradients !== false;
  const out: string[] = [];
  const title = options.title ?? `Computation graph of ${model.output ?? "a computation"}`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="bs-graph" width="${layout.width}" height="${layout.height}" ` +
      `viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-label="${esc(title)}" font-family="${esc(FONT)}">`
  );
  out.push(`<style>${STYLE}</style>`);
  out.push(`<title>${esc(title)}</title>`);
  out.push(`<g class="bs-clusters">`);
  for (const c of layout.clusters) {
    out.push(
      `<g class="bs-cluster" data-group="${esc(c.group)}"><rect x="${r(c.x)}" y="${r(c.y - 12)}" width="${r(c.width)}" height="${r(c.height + 12)}" rx="10"/>` +
        `<text x="${r(c.x + 8)}" y="${r(c.y - 1)}">${esc(c.group)}</text></g>`
    );
  }
  out.push(`</g><g class="bs-edges">`);
  layout.edges.forEach((e, i) =>
    out.push(drawEdge(e, gradients, marks.edges.get(i), firstWrong?.edges.includes(i) ?? false))
  );
  out.push(`</g><g class="bs-nodes">`);
  for (const box of layout.nodes) {
    const node = byId.get(box.id)!;
    out.push(drawNode(prepared, node, box, marks.nodes.get(node.id), node.id === firstWrong?.node, gradients));
  }
  out.push(`</g></svg>`);
  return out.join("\n");
}

function drawNode(prepared: PreparedGraph, node: GraphNode, box: NodeBox, verdict: Verdict | undefined,
  first: boolean, gradients: boolean): string {
  const classes = ["bs-node", `bs-kind-${node.kind}`];
  if (verdict) classes.push(`bs-verdict-${verdict}`);
  if (first) classes.push("bs-first-wrong");
  if (node.id === prepared.model.output) classes.push("bs-output");
  if (box.ghost) classes.push("bs-ghost");
  const {label} = box;
  const cx = box.x + (box.width - (verdict ? BADGE : 0)) / 2;
  const lines: string[] = [];
  let y = box.y + 7;
  if (label.op !== null) {
    lines.push(`<text class="bs-op" x="${r(cx)}" y="${r(y + LINE.op / 2)}">${esc(label.op)}</text>`);
    y += LINE.op;
  }
  lines.push(`<text class="bs-name" x="${r(cx)}" y="${r(y + LINE.name / 2)}">${esc(label.name)}</text>`);
  y += LINE.name;
  if (label.note !== null) lines.push(`<text class="bs-note" x="${r(cx)}" y="${r(y + LINE.op / 2)}">${esc(label.note)}</text>`);
  if (verdict) {
    const mark = {pass: "✓", fail: "✗", follows: "↳", pending: "·"}[verdict];
    lines.push(`<text class="bs-badge" x="${r(box.x + box.width - BADGE / 2 - 4)}" y="${r(box.y + box.height / 2)}">${mark}</text>`);
  }
  if (first) {
    lines.push(`<text class="bs-first-tag" x="${r(box.x + box.width / 2)}" y="${r(box.y - 7)}">first wrong</text>`);
  }
  const data = [`data-id="${esc(node.id)}"`, `data-op="${esc(node.op)}"`, `data-shape="${esc(formatShape(node.shape))}"`];
  if (node.group) data.push(`data-group="${esc(node.group)}"`);
  if (node.collapsedGroup) data.push(`data-members="${esc(node.collapsedGroup.join(" "))}"`);
  if (verdict) data.push(`data-verdict="${verdict}"`);
  const steps = prepared.marks.stepsByNode.get(node.id);
  if (steps) data.push(`data-steps="${esc(steps.join(" "))}"`);
  return (
    `<g class="${classes.join(" ")}" ${data.join(" ")} tabindex="0">` +
    `<title>${esc(tooltip(prepared, node, gradients))}</title>` +
    `<rect x="${r(box.x)}" y="${r(box.y)}" width="${r(box.width)}" height="${r(box.height)}" rx="${node.kind === "op" ? 6 : node.kind === "group" ? 10 : 14}"/>` +
    lines.join("") +
    `</g>`
  );
}

function tooltip(prepared: PreparedGraph, node: GraphNode, gradients: boolean): string {
  const lines = [`${node.name ?? node.id} ${formatShape(node.shape)}`];
  if (node.kind === "op") {
    try {
      lines.push(describeGate(prepared.model, node).forwardTex.replace(/\\mathrm\{([^}]*)\}/g, "$1"));
    } catch {
      // The tooltip is a convenience; a formula that fails to build must not break the drawing.
    }
  }
  if (node.value) lines.push(`value: ${summaryLine(node.value)}`);
  if (gradients && node.grad) lines.push(`grad: ${summaryLine(node.grad)}`);
  return lines.join("\n");
}

function drawEdge(e: EdgeRoute, gradients: boolean, verdict: Verdict | undefined, first: boolean): string {
  const grad = gradients ? e.label.grad : null;
  const classes = ["bs-edge"];
  if (verdict) classes.push(`bs-verdict-${verdict}`);
  if (first) classes.push("bs-first-wrong");
  const {x, y} = onCurve(e.points, e.labelAt);
  const forwardY = y - LINE.edge / 2 - 3;
  const parts = [
    `<g class="${classes.join(" ")}" data-from="${esc(e.from)}" data-to="${esc(e.to)}" data-index="${e.index}"${verdict ? ` data-verdict="${verdict}"` : ""}>`,
    `<path class="bs-edge-line" d="${curvePath(e.points)}"/>`,
    `<path class="bs-arrow" d="${arrowHead(e.points)}"/>`,
    `<text class="bs-edge-shape" x="${r(x)}" y="${r(forwardY)}">${esc(e.label.forward)}</text>`
  ];
  if (grad) parts.push(`<text class="bs-edge-grad" x="${r(x)}" y="${r(forwardY + LINE.edge + 6)}">${esc(grad)}</text>`);
  parts.push(`</g>`);
  return parts.join("");
}

/** Uniform B-spline through dagre's route (d3's curveBasis), so edges bend smoothly around labels. */
function curvePath(p: Point[]): string {
  if (p.length === 0) return "";
  if (p.length < 3) return `M${r(p[0].x)},${r(p[0].y)}` + p.slice(1).map((q) => `L${r(q.x)},${r(q.y)}`).join("");
  const out = [`M${r(p[0].x)},${r(p[0].y)}`];
  const first = {x: (5 * p[0].x + p[1].x) / 6, y: (5 * p[0].y + p[1].y) / 6};
  out.push(`L${r(first.x)},${r(first.y)}`);
  for (let i = 1; i < p.length - 1; i++) {
    const a = p[i - 1];
    const b = p[i];
    const c = p[i + 1];
    out.push(
      `C${r((2 * a.x + b.x) / 3)},${r((2 * a.y + b.y) / 3)} ${r((a.x + 2 * b.x) / 3)},${r((a.y + 2 * b.y) / 3)} ` +
        `${r((a.x + 4 * b.x + c.x) / 6)},${r((a.y + 4 * b.y + c.y) / 6)}`
    );
  }
  const a = p[p.length - 2];
  const b = p[p.length - 1];
  out.push(`C${r((2 * a.x + b.x) / 3)},${r((2 * a.y + b.y) / 3)} ${r((a.x + 2 * b.x) / 3)},${r((a.y + 2 * b.y) / 3)} ${r(b.x)},${r(b.y)}`);
  return out.join("");
}

/** Where the drawn spline passes dagre's label spot (a B-spline misses its control points). */
function onCurve(p: Point[], at: Point): Point {
  let best = -1;
  let dist = Infinity;
  p.forEach((q, i) => {
    const d = Math.hypot(q.x - at.x, q.y - at.y);
    if (d < dist) [best, dist] = [i, d];
  });
  if (best <= 0 || best >= p.length - 1 || dist > 1) return at;
  const [a, b, c] = [p[best - 1], p[best], p[best + 1]];
  return {x: b.x, y: (a.y + 4 * b.y + c.y) / 6};
}

function arrowHead(p: Point[]): string {
  if (p.length < 2) return "";
  const b = p[p.length - 1];
  const a = p[p.length - 2];
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const ux = (b.x - a.x) / len;
  const uy = (b.y - a.y) / len;
  const size = 7;
  const bx = b.x - ux * size;
  const by = b.y - uy * size;
  return `M${r(b.x)},${r(b.y)}L${r(bx - uy * size * 0.5)},${r(by + ux * size * 0.5)}L${r(bx + uy * size * 0.5)},${r(by - ux * size * 0.5)}Z`;
}

const r = (v: number) => String(Math.round(v * 10) / 10);

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})[c]!);
}

// Values black, gradients red (the cs231n figures); verdicts green / red / grey.
const STYLE = `
.bs-graph{background:#fff}
.bs-graph text{text-anchor:middle;dominant-baseline:central}
.bs-node rect{fill:#f6f8fa;stroke:#57606a;stroke-width:1.2}
.bs-kind-param rect{fill:#eef4ff;stroke:#3b63b5}
.bs-kind-input rect,.bs-kind-const rect{fill:#fff;stroke:#57606a}
.bs-kind-group rect{fill:#fff8e6;stroke:#9a6700;stroke-width:1.6;stroke-dasharray:none}
.bs-output rect{stroke-width:2}
.bs-ghost rect{stroke-dasharray:3 2}
.bs-op{font-size:${FONT_SIZE.op}px;fill:#57606a}
.bs-name{font-size:${FONT_SIZE.name}px;font-weight:700;fill:#1f2328}
.bs-note{font-size:11px;fill:#6e7781}
.bs-node{cursor:pointer}
.bs-node:hover rect,.bs-node:focus rect{stroke:#0969da;stroke-width:2}
.bs-node.bs-selected rect{stroke:#0969da;stroke-width:2.5}
.bs-edge.bs-selected .bs-edge-line{stroke:#0969da;stroke-width:3}
.bs-edge-line{fill:none;stroke:#8c959f;stroke-width:1.3}
.bs-arrow{fill:#8c959f}
.bs-edge text{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
.bs-edge-shape{font-size:11px;fill:#1f2328}
.bs-edge-grad{font-size:11px;fill:#cf222e;font-weight:600}
.bs-cluster rect{fill:#fbfbfc;stroke:#d0d7de;stroke-dasharray:5 4}
.bs-cluster text{font-size:11px;fill:#6e7781;text-anchor:start}
.bs-verdict-pass rect{fill:#dafbe1;stroke:#1a7f37}
.bs-verdict-fail rect{fill:#ffebe9;stroke:#cf222e}
.bs-verdict-follows rect{fill:#fff8f0;stroke:#bc4c00;stroke-dasharray:5 3}
.bs-verdict-follows .bs-badge{fill:#bc4c00}
.bs-edge.bs-verdict-pass .bs-edge-line{stroke:#1a7f37;stroke-width:2}
.bs-edge.bs-verdict-pass .bs-arrow{fill:#1a7f37}
.bs-edge.bs-verdict-fail .bs-edge-line{stroke:#cf222e;stroke-width:2;stroke-dasharray:6 3}
.bs-edge.bs-verdict-fail .bs-arrow{fill:#cf222e}
.bs-edge.bs-verdict-follows .bs-edge-line{stroke:#bc4c00;stroke-dasharray:5 3}
.bs-edge.bs-verdict-pending .bs-edge-line{stroke:#afb8c1;stroke-dasharray:4 3}
.bs-edge.bs-first-wrong .bs-edge-line{stroke-width:3}
.bs-verdict-pending rect{fill:#f6f8fa;stroke:#afb8c1;stroke-dasharray:4 3}
.bs-node.bs-verdict-pending text{fill:#8c959f}
.bs-badge{font-size:14px;font-weight:700}
.bs-verdict-pass .bs-badge{fill:#1a7f37}
.bs-verdict-fail .bs-badge{fill:#cf222e}
.bs-node.bs-first-wrong rect{stroke-width:3;filter:drop-shadow(0 0 4px rgba(207,34,46,.6))}
.bs-first-tag{font-size:10px;font-weight:700;fill:#cf222e}
.bs-graph.bs-stepping .bs-edge-grad{visibility:hidden}
.bs-graph.bs-stepping .bs-edge.bs-grad-shown .bs-edge-grad{visibility:visible}
.bs-edge.bs-active .bs-edge-line{stroke:#cf222e;stroke-width:2.2}
.bs-edge.bs-active .bs-arrow{fill:#cf222e}
.bs-node.bs-current rect{stroke:#cf222e;stroke-width:2.5}
`.trim();
