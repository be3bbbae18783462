// The computation graph under an exercise report: each step's verdict on its node (✓ green, ✗ red,
// grey not reached), the first wrong node standing out. Clicking a step row selects its node and marks
// its line in the editor; clicking a node marks its step rows and the line of its (first wrong) step.
// The graph arrives from the Worker without gradients: in the learner's view they are the answers.
import type {GraphElement} from "../../graph/dom.ts";
import type {GraphModel} from "../../graph/model.ts";
import type {GradeReport} from "../../grader/index.ts";

export interface ReportGraphOptions {
  /** Marks a line of the learner's code (without moving the page); null clears the mark. */
  markLine(line: number | null): void;
}

/** Whether a report has anything to draw: at least one step the learner's code reached. */
export function hasGraphVerdicts(report: GradeReport): boolean {
  return report.steps.some((s) => s.status !== "missing");
}

/**
 * Appends the graph to `reportEl` (a renderReport() element) and links it with the step rows.
 * The graph module (dagre, KaTeX) loads on the first report that needs it.
 */
export async function attachReportGraph(
  reportEl: HTMLElement,
  report: GradeReport,
  model: GraphModel,
  options: ReportGraphOptions
): Promise<GraphElement> {
  const {renderReportGraph} = await import("../../graph/report.ts");
  const lines = new Map(report.steps.map((s) => [s.name, s.line ?? null]));
  const rows = () => [...reportEl.querySelectorAll<HTMLElement>(".bs-step[data-step]")];
  const highlightRows = (steps: readonly string[]) => {
    for (const row of rows()) row.classList.toggle("bs-step-selected", steps.includes(row.dataset.step!));
  };

  // A row click selects the node itself and marks that row's own line, not the node's first wrong one.
  let fromRow = false;
  const view = renderReportGraph(
    model,
    report,
    (line) => {
      if (!fromRow) options.markLine(line);
    },
    {
      title: `Computation graph of ${report.fn}'s forward pass`,
      onSelect(_node, steps) {
        if (fromRow) return;
        highlightRows(steps);
        if (!steps.some((s) => lines.get(s) != null)) options.markLine(null);
      }
    }
  );

  const selectStep = (name: string) => {
    highlightRows([name]);
    fromRow = true;
    try {
      view.select(name);
    } finally {
      fromRow = false;
    }
    // A step the graph cannot place: nothing stays selected there.
    if (!view.querySelector(`.bs-node.bs-selected`)) view.select(null);
    options.markLine(lines.get(name) ?? null);
  };
  for (const row of rows()) {
    row.tabIndex = 0;
    row.title = "Show this step in the graph and in your code";
    row.addEventListener("click", (event) => {
      // The row's own "line N" link scrolls to the code; it does its own thing.
      if ((event.target as Element).closest(".bs-line-link")) return;
      selectStep(row.dataset.step!);
    });
    row.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      selectStep(row.dataset.step!);
    });
  }

  const box = document.createElement("figure");
  box.className = "bs-report-graph";
  const caption = document.createElement("figcaption");
  caption.innerHTML =
    `Forward graph (trial: <span class="bs-report-graph-trial"></span>) — ` +
    `<span class="bs-key bs-key-pass">✓ correct</span> <span class="bs-key bs-key-fail">✗ wrong</span> ` +
    `<span class="bs-key bs-key-follows">↳ inherits an error</span> <span class="bs-key bs-key-pending">· not reached</span>. ` +
    `Click a step or a node.`;
  caption.querySelector(".bs-report-graph-trial")!.textContent = report.shownTrial;
  box.append(caption, view);
  reportEl.append(box);
  reportEl.dataset.graph = "shown";
  revealFirstWrong(view);
  return view;
}

/** Scrolls the graph sideways (never the page) so the first wrong node is in view, centred. */
function revealFirstWrong(view: HTMLElement): void {
  const canvas = view.querySelector<HTMLElement>(".bs-graph-canvas");
  const first = view.querySelector(".bs-node.bs-first-wrong");
  if (!canvas || !first || canvas.scrollWidth <= canvas.clientWidth) return;
  const box = first.getBoundingClientRect();
  const frame = canvas.getBoundingClientRect();
  canvas.scrollLeft += box.left + box.width / 2 - (frame.left + frame.width / 2);
}
