// The step report under an exercise editor: verdict line, steps in graph order (✓ / ✗ / not computed),
// and graduated hints (a nudge first; the fix on a second ask).
import {formatNumber, formatShape, hintsToShow} from "../../grader/index.ts";
import type {Diagnosis, GradeReport, StepReport, StepTarget} from "../../grader/index.ts";

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const marks: Record<StepReport["status"], string> = {pass: "✓", fail: "✗", shape: "✗", follows: "✗", missing: "·"};

export function describeStep(s: StepReport): string {
  switch (s.status) {
    case "pass":
      return `correct (rel_error ${formatNumber(s.relError ?? 0)})`;
    case "missing":
      return s.output ? "not computed — it is one of the returned values" : "not computed";
    case "shape":
      return `shape ${formatShape(s.gotShape ?? [])}, expected ${formatShape(s.expectedShape)}`;
    case "follows":
      return `inherits the error of ${s.cause} (this step's own rule is right)`;
    case "fail": {
      const w = s.worst;
      const at = w && w.index.length ? ` at [${w.index.join(", ")}]` : "";
      if (s.nonFinite) return `contains NaN or Infinity${at}`;
      return `wrong: rel_error ${formatNumber(s.relError ?? NaN)}${w ? `;${at} expected ${formatNumber(w.expected)}, got ${formatNumber(w.got)}` : ""}`;
    }
  }
}

/**
 * The step's place in the graph in plain words: "gradient of a" (node), "gradient of xmu through xhat"
 * (one use of xmu), "output" / "value of loss" (a forward value).
 */
export function describeTarget(target: StepTarget, output: boolean): string {
  if ("node" in target) return `gradient of ${target.node}`;
  if ("edge" in target) return `gradient of ${target.edge[0]} through ${target.edge[1]}`;
  return output ? "output" : `value of ${target.value}`;
}

/** A "line N" link that moves the editor's cursor there (when the page passes `goToLine`). */
function lineLink(line: number, goToLine?: (line: number) => void): Node {
  if (!goToLine) return document.createTextNode(` (line ${line})`);
  const a = el("button", "bs-line-link", `line ${line}`);
  a.type = "button";
  a.addEventListener("click", () => goToLine(line));
  const span = el("span", "bs-line");
  span.append(" (", a, ")");
  return span;
}

export function renderReport(report: GradeReport, goToLine?: (line: number) => void): HTMLElement {
  const root = el("div", `bs-report bs-report-${report.status}`);
  root.dataset.status = report.status;
  const verdict = el("div", "bs-report-verdict");
  const icon = report.status === "passed" ? (report.caveat ? "⚠ " : "✓ ") : report.status === "not-attempted" ? "" : "✗ ";
  // Outputs right but an intermediate step wrong (broadcasting hid a wrong shape): never a silent ✓.
  if (report.caveat) verdict.classList.add("bs-report-caveat");
  verdict.textContent = icon + (report.caveat ?? report.summary);
  if (report.error?.line && goToLine) verdict.append(lineLink(report.error.line, goToLine));
  root.append(verdict);

  // Code that does not parse ran no trial: a table of "not computed" rows would only be noise.
  const unparsed = /\bSyntaxError\b/.test(report.error?.message ?? "");
  if (report.steps.length && !unparsed) {
    const table = el("table", "bs-steps");
    const caption = el("caption", "bs-steps-caption", `Steps in graph order (trial: ${report.shownTrial})`);
    table.append(caption);
    for (const s of report.steps) {
      const row = el("tr", `bs-step bs-step-${s.status}${s.name === report.firstWrong ? " bs-step-first" : ""}`);
      row.dataset.step = s.name;
      row.dataset.status = s.status;
      row.append(
        el("td", "bs-step-mark", marks[s.status]),
        el("td", "bs-step-name", s.name),
        el("td", "bs-step-target", describeTarget(s.target, s.output)),
        el("td", "bs-step-detail", describeStep(s))
      );
      if (s.line && s.status !== "pass") row.lastElementChild!.append(lineLink(s.line, goToLine));
      table.append(row);
    }
    root.append(table);
  }
  if (report.logs) {
    const box = el("details", "bs-console");
    box.open = true;
    box.append(el("summary", "", `Your console output${report.shownTrial ? ` (trial ${report.shownTrial})` : ""}`), el("pre", "bs-console-text", report.logs.replace(/\n$/, "")));
    root.append(box);
  }
  if (report.trials.length > 1 && !unparsed) {
    const trials = el("div", "bs-trials");
    trials.textContent = "Trials: " + report.trials.map((t) => `${t.status === "passed" ? "✓" : "✗"} ${t.name}`).join(" · ");
    root.append(trials);
  }
  if (report.diagnoses.length && (report.status !== "passed" || report.caveat)) root.append(renderHints(report.diagnoses, report.reveal));
  return root;
}

/** One button: each click reveals the next level (nudge → fix → next diagnosis's nudge …). */
function renderHints(diagnoses: Diagnosis[], reference?: string): HTMLElement {
  const box = el("div", "bs-hints");
  const list = el("ul", "bs-hint-list");
  const levels: {text: string; level: "nudge" | "fix" | "other"}[] = [];
  // The first diagnosis is the primary explanation; the others stay behind "other possible causes".
  hintsToShow(diagnoses).forEach((d, i) => {
    const where = d.step ? `${d.step}: ` : "";
    levels.push({text: (i ? "Other possible cause — " : "") + where + d.hint.nudge, level: i ? "other" : "nudge"}, {text: d.hint.fix, level: "fix"});
  });
  let shown = 0;
  const more = el("button", "bs-hint-button", "Hint");
  more.type = "button";
  const revealNext = () => {
    const next = levels[shown++];
    if (next) {
      const item = el("li", `bs-hint bs-hint-${next.level}`, next.text);
      list.append(item);
    }
    more.textContent = levels[shown]?.level === "fix" ? "Show the fix" : levels[shown]?.level === "other" ? "Other possible causes" : "Another hint";
    more.hidden = shown >= levels.length;
    // The lesson allows the reference as the very last level.
    if (more.hidden && reference !== undefined && !box.querySelector(".bs-reveal")) {
      const show = el("button", "bs-reveal", "Show the reference solution");
      show.type = "button";
      show.addEventListener("click", () => show.replaceWith(el("pre", "bs-reveal-code", reference)));
      box.append(show);
    }
  };
  more.addEventListener("click", revealNext);
  // The first nudge shows right away; the fix waits for a click.
  box.append(list, more);
  revealNext();
  return box;
}
