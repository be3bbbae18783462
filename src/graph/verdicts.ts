// Exercise verdicts on the graph: which node (and, for a per-use gradient, which edge) each graded
// step points at. Steps come from the grader's report (`target: {edge: ["xmu", "xhat"]}`) or a plain record.
import type {GraphModel, Verdict} from "./model.ts";

/** Where a step lives: the grader's StepTarget, or a bare name (a node id, or a gradient name to guess from). */
export type StepTargetLike = string | {node: string} | {edge: [string, string]} | {value: string};

export interface StepMark {
  /** The learner's variable ("dxmu1"). */
  name: string;
  /** Defaults to guessing from the name: "dxhat" → node xhat, "dxmu2" → node xmu. */
  target?: StepTargetLike;
  verdict: Verdict;
}

export interface ResolvedStep {
  node: string;
  /** Indices into model.edges for a per-edge step. */
  edges: number[];
}

export interface ResolvedMarks {
  nodes: Map<string, Verdict>;
  edges: Map<number, Verdict>;
  /** Step names per node id, for the report's click-to-highlight. */
  stepsByNode: Map<string, string[]>;
  steps: Map<string, ResolvedStep>;
}

const RANK: Record<Verdict, number> = {fail: 3, follows: 2, pending: 1, pass: 0};

/** Maps the grader's StepReport.status to a drawn verdict. */
export function verdictFromStatus(status: string): Verdict {
  if (status === "pass") return "pass";
  if (status === "follows") return "follows";
  if (status === "missing") return "pending";
  return "fail"; // "fail", "shape"
}

/** StepReport[] (src/grader) → marks; structural so the graph never imports the grader. */
export function marksFromReport(steps: readonly {name: string; target?: StepTargetLike; status: string}[]): StepMark[] {
  return steps.map((s) => ({name: s.name, target: s.target, verdict: verdictFromStatus(s.status)}));
}

export function resolveMarks(model: GraphModel, marks: readonly StepMark[]): ResolvedMarks {
  const out: ResolvedMarks = {nodes: new Map(), edges: new Map(), stepsByNode: new Map(), steps: new Map()};
  for (const mark of marks) {
    const step = resolveTarget(model, mark.target ?? mark.name, mark.name);
    if (!step) continue;
    out.steps.set(mark.name, step);
    out.stepsByNode.set(step.node, [...(out.stepsByNode.get(step.node) ?? []), mark.name]);
    // A node shows its worst step (dxmu1 passing, dxmu2 failing → failing).
    const prev = out.nodes.get(step.node);
    if (!prev || RANK[mark.verdict] > RANK[prev]) out.nodes.set(step.node, mark.verdict);
    for (const e of step.edges) {
      const p = out.edges.get(e);
      if (!p || RANK[mark.verdict] > RANK[p]) out.edges.set(e, mark.verdict);
    }
  }
  return out;
}

/** A step's place in the drawn model, or null when the graph does not have it. */
export function resolveTarget(model: GraphModel, target: StepTargetLike, stepName = ""): ResolvedStep | null {
  if (typeof target === "object") {
    if ("edge" in target) return edgeStep(model, target.edge[0], target.edge[1]);
    return nodeStep(model, "node" in target ? target.node : target.value);
  }
  // A bare name: the node itself, else the gradient-name convention (dxhat, dxmu1).
  const candidates = [target];
  if (target.startsWith("d")) candidates.push(target.slice(1), target.slice(1).replace(/\d+$/, ""));
  for (const c of candidates) {
    const step = nodeStep(model, c);
    if (step) return step;
  }
  return stepName && stepName !== target ? resolveTarget(model, stepName) : null;
}

function nodeId(model: GraphModel, name: string): string | null {
  const direct = model.nodes.find((n) => n.id === name) ?? model.nodes.find((n) => n.name === name);
  if (direct) return direct.id;
  // Inside a collapsed group: the group's box stands for it.
  return model.nodes.find((n) => n.collapsedGroup?.includes(name))?.id ?? null;
}

function nodeStep(model: GraphModel, name: string): ResolvedStep | null {
  const id = nodeId(model, name);
  return id === null ? null : {node: id, edges: []};
}

function edgeStep(model: GraphModel, fromName: string, toName: string): ResolvedStep | null {
  const from = nodeId(model, fromName);
  const to = nodeId(model, toName);
  if (from === null || to === null) return null;
  const edges = model.edges.flatMap((e, i) => (e.from === from && e.to === to ? [i] : []));
  return {node: from, edges};
}
