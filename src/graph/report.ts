// The graph half of an exercise report: every graded step marked on its node or edge, the first wrong
// one standing out; clicking a node jumps the editor to the line that computed its step.
// Usage (src/client/exercise): root.append(renderReportGraph(model, report, goToLine)) and, when the
// reader clicks a step row, view.select(step.name).
import type {GraphModel} from "./model.ts";
import {renderGraph, type GraphElement, type RenderOptions} from "./dom.ts";
import {marksFromReport, type StepTargetLike} from "./verdicts.ts";

/** The parts of the grader's GradeReport the graph reads (structural: no import of the grader). */
export interface ReportLike {
  steps: readonly {name: string; target?: StepTargetLike; status: string; line?: number}[];
  firstWrong?: string;
}

export function renderReportGraph(
  model: GraphModel,
  report: ReportLike,
  goToLine?: (line: number) => void,
  options: RenderOptions = {}
): GraphElement {
  const lines = new Map(report.steps.flatMap((s) => (s.line === undefined ? [] : [[s.name, s.line] as const])));
  return renderGraph(model, {
    // The reference gradients are the answers: hidden unless the caller shows them (after a pass).
    gradients: false,
    // Left to right like the lesson figures: the report opens scrolled to the first wrong node.
    direction: "LR",
    ...options,
    steps: marksFromReport(report.steps),
    firstWrong: report.firstWrong ?? null,
    onSelect(node, steps) {
      options.onSelect?.(node, steps);
      // The wrong step first: that is the line the learner needs.
      const order = [...steps].sort((a, b) => Number(a !== report.firstWrong) - Number(b !== report.firstWrong));
      const line = order.map((s) => lines.get(s)).find((l) => l !== undefined);
      if (line !== undefined) goToLine?.(line);
    }
  });
}
