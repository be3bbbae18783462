// An exercise cell (```js exercise <id>```): editor with the starter, Check (and Shift-Enter) graded in a
// Worker, the step report, autosave, reset, last passing version, export/import, progress for the
// index page; once passing, the learner's function is a reactive variable named after it (null before).
import "./exercise.css";
import {getExercise} from "../../../content/exercises/index.ts";
import type {ExerciseDef, GradeReport} from "../../grader/index.ts";
import type {GraphModel} from "../../graph/model.ts";
import {createButton, element, replaceListing} from "../dom.ts";
import {createEditor} from "../editor.ts";
import type {ExerciseContext} from "../exercise-hook.ts";
import {readExerciseProgress, writeExerciseProgress} from "../progress.ts";
import type {PageCell} from "../types.ts";
import {instantiateLearnerFunction, type PageScope} from "./learner-function.ts";
import {clearMark, markLine} from "./editor-mark.ts";
import {clearSlot, loadLastReport, loadSlot, saveLastReport, saveSlot} from "./persist.ts";
import {attachReportGraph, hasGraphVerdicts} from "./report-graph.ts";
import {renderReport} from "./report-view.ts";
import {prepareWorker, runCheck} from "./run-check.ts";
import {placeAnswersToolbar} from "./answers-toolbar.ts";
import {importEvent} from "./submission-io.ts";

/** Loop limit inside the Worker per trial, and the hard limit after which the Worker is killed. */
const loopLimitMs = 3000;
const hardLimitMs = 15000;

export async function mountExercise(root: HTMLElement, cell: PageCell, context: ExerciseContext): Promise<void> {
  const id = cell.options.exercise!;
  const def = getExercise(id);
  if (!def) {
    const box = document.createElement("div");
    box.className = "bs-error";
    box.textContent = `${context.page.file}:${cell.line}: unknown exercise '${id}' (see content/exercises/index.ts)`;
    root.append(box);
    context.defineEditable(root, cell);
    return;
  }
  mount(root, cell, context, def);
}

function mount(root: HTMLElement, cell: PageCell, context: ExerciseContext, def: ExerciseDef): void {
  const lesson = context.page.lesson;
  const starter = cell.source.trim() ? cell.source : def.starter;
  const scope: PageScope = {
    np: context.builtins.np, nn: context.builtins.nn,
    __bs: context.builtins.__bs as PageScope["__bs"], __guard: context.notebook.guard
  };

  // The learner's function as a reactive variable: null until a version passes.
  const variable = context.notebook.module.variable(true);
  const publish = (source: string | null) => {
    const fn = source === null ? null : instantiateLearnerFunction(source, def.fn, scope);
    variable.define(def.fn, [], () => fn);
  };
  publish(loadSlot(lesson, def.id, "passing"));

  root.classList.add("bs-exercise");
  root.dataset.exercise = def.id;
  const header = document.createElement("div");
  header.className = "bs-exercise-header";
  const title = document.createElement("span");
  title.className = "bs-exercise-title";
  title.textContent = `Exercise: ${def.fn}(${def.params.join(", ")}) → ${def.returns.length > 1 ? `[${def.returns.join(", ")}]` : def.returns[0]}`;
  const badge = document.createElement("span");
  badge.className = "bs-exercise-badge";
  // Separate from the badge, which always speaks of the current attempt.
  const before = document.createElement("span");
  before.className = "bs-exercise-before";
  before.textContent = "passed before";
  before.title = "An earlier version passed: \"Last passing version\" brings it back";
  before.hidden = true;
  header.append(title, badge, before);

  const container = element("div", "bs-editor");
  const toolbar = element("div", "bs-toolbar bs-exercise-toolbar");
  const message = element("span", "bs-exercise-message");
  // A polite live region: verdicts are announced to screen readers.
  const announce = element("span", "bs-sr-only");
  announce.setAttribute("role", "status");
  announce.setAttribute("aria-live", "polite");
  const reportBox = element("div", "bs-exercise-report");

  /**
   * The badge reflects the current attempt: the last check's verdict, or before any check the saved
   * progress, "✓ passed" only while the editor holds the passing version. "passed before" stays
   * visible next to it when an earlier version passed.
   */
  let current: GradeReport["status"] | null = null;
  /** The last check passed but its report has a caveat (a step with the wrong shape): the badge says so too. */
  let warned = false;
  const setBadge = () => {
    const progress = readExerciseProgress(lesson, def.id);
    const passing = loadSlot(lesson, def.id, "passing");
    const everPassed = progress?.status === "passed" || passing !== null;
    const onPassing = passing !== null && squashed(passing) === squashed(editor.getSource());
    const status = current ?? (onPassing && everPassed ? "passed" : everPassed ? "edited" : progress?.status === "attempted" ? "attempted" : "not-attempted");
    const shown = status === "passed" && current === "passed" && warned ? "passed-warning" : status;
    badge.dataset.status = shown;
    badge.title = shown === "passed-warning" ? "The outputs are right, but the report warns about a step: see below" : "";
    badge.textContent = {passed: "✓ passed", "passed-warning": "⚠ passed, with a warning", wrong: "✗ not passing yet", error: "✗ error", edited: "edited", attempted: "attempted", "not-attempted": "not attempted"}[shown] ?? shown;
    before.hidden = !(everPassed && status !== "passed");
    lastPassing.disabled = passing === null;
  };

  let checking = false;
  const check = async (source: string) => {
    if (checking) return;
    checking = true;
    saveSlot(lesson, def.id, "source", source);
    checkButton.disabled = true;
    message.textContent = "checking…";
    root.dataset.checking = "true";
    const hadFocus = document.activeElement === checkButton;
    const response = await runCheck({exercise: def.id, source, starter, limitMs: loopLimitMs}, hardLimitMs);
    checking = false;
    checkButton.disabled = false;
    // Disabling the button dropped its focus to <body>: give it back to where the learner was.
    if (hadFocus && (document.activeElement === document.body || document.activeElement === null)) checkButton.focus();
    delete root.dataset.checking;
    message.textContent = "";
    if (!response.ok) {
      reportBox.replaceChildren(errorBox(response.message));
      root.dataset.status = "error";
      current = "error";
      setBadge();
      return;
    }
    show(response.report, source, response.graph);
  };

  /** Draws a report and the badge (a fresh check, or the last one restored after a reload). */
  const render = (report: GradeReport, graph?: GraphModel) => {
    const reportEl = renderReport(report, goToLine);
    reportBox.replaceChildren(reportEl);
    if (graph && hasGraphVerdicts(report)) {
      const markOnly = (line: number | null) => (line === null ? clearMark(editor.view) : markLine(editor.view, line));
      attachReportGraph(reportEl, report, graph, {markLine: markOnly}).catch((error: unknown) => {
        // The graph is an extra: the report stands without it.
        console.error(`exercise ${def.id}: could not draw the report graph:`, error);
      });
    }
    root.dataset.status = report.status;
    current = report.status === "not-attempted" ? null : report.status;
    warned = report.status === "passed" && report.caveat !== undefined;
    setBadge();
  };

  const show = (report: GradeReport, source: string, graph?: GraphModel) => {
    render(report, graph);
    // Screen readers hear the verdict (the report itself is too long to announce).
    announce.textContent = `${def.fn}: ${badge.textContent}. ${report.summary}`;
    // The last report survives a reload (shown again while the editor holds the same code).
    saveLastReport(lesson, def.id, {source, report, ...(graph ? {graph} : {})});
    if (report.status === "passed") {
      saveSlot(lesson, def.id, "passing", source);
      publish(source);
    }
    if (report.status !== "not-attempted") {
      const everPassed = report.status === "passed" || readExerciseProgress(lesson, def.id)?.status === "passed";
      writeExerciseProgress(lesson, def.id, {status: everPassed ? "passed" : "attempted", steps: report.stepsDone});
    }
    setBadge();
  };

  const editor = createEditor({
    label: `Your ${def.fn}(${def.params.join(", ")})`,
    parent: container,
    doc: loadSlot(lesson, def.id, "source") ?? starter,
    firstLine: 1,
    onChange: (source) => {
      // A full storage quota is said, never silently dropped.
      message.textContent = saveSlot(lesson, def.id, "source", source) ? "" : "not saved: this browser's storage is full or disabled (export your answers to keep them)";
      // An edit starts a new attempt: the badge stops claiming the last check's verdict.
      current = null;
      setBadge();
    },
    onRun: (source) => void check(source)
  });
  // The report's "line N" links: go to the code (scroll, focus) and keep the line marked.
  const goToLine = (line: number) => void markLine(editor.view, line, {scroll: true, focus: true});
  const checkButton = createButton("Check", "bs-run bs-check", "Check against the reference (Shift-Enter)", () => void check(editor.getSource()));
  const reset = createButton("Reset to starter", "bs-reset", "Replace your code with the starter (undo brings it back)", () => {
    editor.setSource(starter);
    clearSlot(lesson, def.id, "source");
    clearSlot(lesson, def.id, "report");
    reportBox.replaceChildren();
    clearMark(editor.view);
  });
  const lastPassing = createButton("Last passing version", "bs-last-passing", "Load the last version of your code that passed", () => {
    const passing = loadSlot(lesson, def.id, "passing");
    if (passing !== null) editor.setSource(passing);
  });
  toolbar.append(checkButton, reset, lastPassing, message, announce);

  window.addEventListener(importEvent, (e) => {
    const entries = (e as CustomEvent<{id: string; lesson: string; source: string}[]>).detail;
    const mine = entries.find((x) => x.id === def.id && x.lesson === lesson);
    if (mine) editor.setSource(mine.source);
  });

  replaceListing(root, container);
  container.before(header);
  container.after(toolbar, reportBox);
  // The build may have rendered an output slot for the cell; exercises have none.
  root.querySelector(":scope > .bs-output")?.remove();
  setBadge();
  const last = loadLastReport(lesson, def.id);
  if (last && squashed(last.source) === squashed(editor.getSource())) render(last.report, last.graph);
  placeAnswersToolbar(lesson);
  prepareWorker();
}

/** Source compared whitespace aside (a reformatted passing version still counts as it). */
const squashed = (text: string) => text.replace(/\s+/g, " ").trim();

function errorBox(text: string): HTMLElement {
  const box = document.createElement("div");
  box.className = "bs-report bs-report-error bs-error";
  box.dataset.status = "error";
  box.textContent = text;
  return box;
}
