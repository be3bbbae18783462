// Public entry of the graph part. Browser-safe except nothing here touches the DOM until renderGraph
// or graph() is called, so Node (build, CLI) can import it for renderGraphSVG.
import {collectGraph, type CollectOptions} from "./collect.ts";
import {renderGraph, type GraphElement, type RenderOptions} from "./dom.ts";
import type {TensorLike} from "./tensor-like.ts";

export type {GraphModel, GraphNode, GraphEdge, TensorSummary, Verdict, NodeKind} from "./model.ts";
export type {TensorLike, GradNodeLike} from "./tensor-like.ts";
export type {CollectOptions} from "./collect.ts";
export type {DrawOptions} from "./svg.ts";
export type {RenderOptions, GraphElement} from "./dom.ts";
export type {Gate, GateInput} from "./gates.ts";
export {collectGraph} from "./collect.ts";
export {collapseGroups, listGroups} from "./collapse.ts";
export {layoutGraph} from "./layout.ts";
export {renderGraphSVG, resolveStep} from "./svg.ts";
export {renderGraph} from "./dom.ts";
export {renderReportGraph, type ReportLike} from "./report.ts";
export {backwardGates, describeGate, topologicalNodes} from "./gates.ts";
export {group} from "./group.ts";
export {marksFromReport, verdictFromStatus, resolveTarget} from "./verdicts.ts";
export type {StepMark, StepTargetLike} from "./verdicts.ts";
export {opRules} from "./derivatives.ts";

/** The cell builtin: `graph(out)` draws the graph that produced `out` (after backward, with gradients). */
export function graph(out: TensorLike | TensorLike[], options: RenderOptions & CollectOptions = {}): GraphElement {
  return renderGraph(collectGraph(out, options), {refresh: () => collectGraph(out, options), ...options});
}

/** Static SVG straight from a tensor, for build time and the CLI. */
export {graphSVG} from "./static.ts";
