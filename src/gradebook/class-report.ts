// grades/index.html: one self-contained page (no network, no script) for the instructor — per exercise
// the score distribution, the step the class gets wrong first, the most common diagnosed mistakes,
// a table of students linking to each student's step report, and near-identical pairs. Plots are drawn
// with @observablehq/plot at grading time into static SVG (linkedom stands in for the browser's DOM).
import * as Plot from "@observablehq/plot";
import {parseHTML} from "linkedom";
import type {Assignment} from "./assignment.ts";
import type {ClassResult} from "./class.ts";
import type {SimilarPair} from "./similarity.ts";
import {escapeHtml} from "../notebook/math/render.ts";

const esc = (s: unknown) => escapeHtml(String(s));

const fmt = (x: number) => String(Math.round(x * 100) / 100);

function svgOf(options: Plot.PlotOptions): string {
  const {document} = parseHTML("<!doctype html><html><body></body></html>");
  return (Plot.plot({...options, document} as Plot.PlotOptions) as unknown as {outerHTML: string}).outerHTML;
}

export interface ClassReportInput {
  assignment: Assignment;
  result: ClassResult;
  pairs: SimilarPair[];
  /** Exercise source per student and exercise (for pairs side by side). */
  sources: Map<string, string>;
  generatedAt: Date;
}

/** The page's HTML. Student links point at reports/<gradescope folder>.html (written per submission). */
export function classReportHtml(input: ClassReportInput): string {
  const {assignment, result, pairs} = input;
  const {students} = result;
  const sections: string[] = [];
  for (const ex of assignment.exercises) {
    const rows = students.map((s) => s.exercises.find((e) => e.id === ex.id)!).filter(Boolean);
    const submitted = rows.filter((r) => r.verdict !== "not submitted");
    const firstWrong = new Map<string, number>();
    const mistakes = new Map<string, {text: string; count: number}>();
    for (const r of submitted) {
      if (r.verdict === "passed") continue;
      if (r.failedStep) firstWrong.set(r.failedStep, (firstWrong.get(r.failedStep) ?? 0) + 1);
      if (r.mistake) {
        const m = mistakes.get(r.mistake.id) ?? {text: r.mistake.text, count: 0};
        m.count++;
        mistakes.set(r.mistake.id, m);
      }
    }
    const distribution = svgOf({
      height: 160, width: 420, marginLeft: 40, x: {label: "points", domain: [0, ex.points]}, y: {label: "students", grid: true},
      marks: [Plot.rectY(rows.map((r) => r.points), {...Plot.binX({y: "count"}, {x: (d: number) => d, thresholds: 10}), fill: "#4a7ab8"}), Plot.ruleY([0])]
    });
    const steps = [...firstWrong].map(([step, count]) => ({step, count})).sort((a, b) => b.count - a.count);
    const stepPlot = steps.length
      ? svgOf({height: 40 + 22 * steps.length, width: 420, marginLeft: 90, x: {label: "students whose first wrong step it is", grid: true}, y: {label: null},
        marks: [Plot.barX(steps, {x: "count", y: "step", sort: {y: "-x"}, fill: "#c0504d"}), Plot.text(steps, {x: "count", y: "step", text: "count", dx: 8, textAnchor: "start"}), Plot.ruleX([0])]})
      : "<p>No wrong step: everyone who submitted it passed.</p>";
    const topMistakes = [...mistakes.values()].sort((a, b) => b.count - a.count).slice(0, 8);
    sections.push(`<section class="exercise" id="ex-${esc(ex.id)}">
<h2>${esc(ex.id)} <small>${ex.points} points · ${submitted.length}/${rows.length} submitted · ${rows.filter((r) => r.verdict === "passed").length} passed</small></h2>
<div class="plots"><figure><figcaption>Score distribution</figcaption>${distribution}</figure>
<figure><figcaption>Which step the class gets wrong first</figcaption>${stepPlot}</figure></div>
${topMistakes.length ? `<h3>Most common diagnosed mistakes</h3><ul class="mistakes">${topMistakes.map((m) => `<li>${esc(m.text)} — <b>${m.count} student${m.count === 1 ? "" : "s"}</b></li>`).join("")}</ul>` : ""}
</section>`);
  }
  const table = `<table class="students"><thead><tr><th>Student</th><th>Name</th>${assignment.exercises.map((e) => `<th>${esc(e.id)}</th>`).join("")}<th>Late</th><th>Total</th><th>Report</th></tr></thead><tbody>
${students.map((s) => `<tr class="${s.late ? "late " : ""}${s.overridden ? "overridden " : ""}${s.status === "error" ? "error" : ""}" data-student="${esc(s.id)}">
<td>${esc(s.id)}</td><td>${esc(s.name ?? "")}</td>${s.exercises.map((e) => `<td class="v-${e.verdict.replace(" ", "-")}" title="${esc(e.override ? `overridden from ${e.override.was}: ${e.override.reason}` : e.verdict)}">${e.verdict === "not submitted" ? "—" : fmt(e.points)}${e.override ? " ✎" : ""}</td>`).join("")}
<td>${s.late ? `late −${Math.round(s.latePenalty * 100)} %` : ""}</td><td>${fmt(s.total)} / ${fmt(s.max)}</td>
<td>${s.gradescopeFolder ? `<a href="reports/${esc(s.gradescopeFolder)}.html">step report</a>` : ""}${s.superseded.length ? ` <small>(${s.superseded.length} older not counted)</small>` : ""}</td></tr>`).join("\n")}
</tbody></table>`;
  const similar = pairs.length
    ? pairs.slice(0, 50).map((p) => `<details class="pair"><summary>${esc(p.exercise)}: <b>${esc(p.a)}</b> and <b>${esc(p.b)}</b> — similarity ${Math.round(p.score * 100)} % (${p.shared} shared fingerprints)</summary>
<div class="sources"><pre>${esc(input.sources.get(`${p.a}\0${p.exercise}`) ?? "")}</pre><pre>${esc(input.sources.get(`${p.b}\0${p.exercise}`) ?? "")}</pre></div></details>`).join("\n")
    : "<p>No pair of submissions is near-identical.</p>";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(assignment.title)} — class report</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; }
h1 small, h2 small { color: #666; font-weight: normal; font-size: 0.7em; }
.plots { display: flex; flex-wrap: wrap; gap: 1.5rem; } figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: 0.3rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; } th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.4rem; text-align: left; }
tr.late td:first-child::after { content: " (late)"; color: #a36b00; } tr.overridden td:first-child::after { content: " ✎"; } tr.error { background: #fdecea; }
td.v-failed, td.v-error { color: #a33; } td.v-passed { color: #276b2d; } td.v-not-submitted { color: #999; }
.sources { display: grid; grid-template-columns: 1fr 1fr; gap: 0.5rem; } pre { background: #f6f6f6; padding: 0.5rem; overflow: auto; font-size: 0.8em; }
.note { background: #fff8e1; border-left: 4px solid #e0b000; padding: 0.5rem 0.8rem; }
</style></head><body>
<h1>${esc(assignment.title)} <small>class report · ${students.length} students · generated ${esc(input.generatedAt.toISOString())}</small></h1>
${result.neverSubmitted.length ? `<p class="note">Nobody submitted: ${result.neverSubmitted.map(esc).join(", ")}.</p>` : ""}
${sections.join("\n")}
<h2>Students</h2>
<p>(late) late, penalty applied · ✎ points overridden by the instructor · — not submitted.</p>
${table}
<h2>Near-identical submissions</h2>
<p class="note">A place to look, not a verdict: these pairs share most of their code after names, literal values, comments, the starter code and the most common solution lines are set aside. Similar code can have innocent reasons (a shared study group, a worked example); read both before concluding anything.</p>
${similar}
</body></html>
`;
}
