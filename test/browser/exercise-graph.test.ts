// The exercise report's computation graph in Chromium: a wrong batchnorm solution is checked, the
// forward graph shows each step's verdict with the first wrong node standing out, a step row selects
// its node and marks its line in the editor, a node marks its step row; no reference gradient shows.
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {staged} from "../unit/grader/solutions/batchnorm_backward.ts";
import {exercises} from "../../content/exercises/index.ts";
import {exerciseGraph} from "../../src/graph/exercise.ts";
import {trialGraph} from "../../src/client/exercise/graph-data.ts";
import {prepareTrials} from "../../src/grader/index.ts";
import type {GraphModel} from "../../src/graph/model.ts";
import {np, nn} from "../../src/tensor/index.ts";
import {browserAvailable, launchBrowser, openLesson, startDevServer, type BrowserSession, type Site} from "./harness.ts";

const lesson = `---
title: Exercise graph test
---

# Batchnorm exercise

\`\`\`js exercise batchnorm_backward
function batchnorm_backward(dout, cache) {
  return [null, null, null];
}
\`\`\`
`;

// A sign error in step 6: dsqrtvar is the first wrong step; everything downstream of it inherits it.
const wrongLine = "const dsqrtvar = -1 / sqrtvar ** 2 * divar";
const wrong = staged.replace(wrongLine, "const dsqrtvar = 1 / sqrtvar ** 2 * divar");
const lineOf = (source: string, text: string) => source.split("\n").findIndex((l) => l.includes(text)) + 1;

async function replaceCode(page: Page, code: string): Promise<void> {
  await page.locator(".bs-exercise .cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code);
}

const graph = (page: Page) => page.locator(".bs-exercise .bs-report-graph .bs-graph-view");
const node = (page: Page, id: string) => graph(page).locator(`.bs-node[data-id="${id}"]`);
const markedLine = (page: Page) => page.locator(".bs-exercise .cm-line.bs-line-marked");
const selectedRows = (page: Page) =>
  page.locator(".bs-step.bs-step-selected").evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.step));
/** Whether a node's box is inside the graph's visible (sideways-scrolled) area. */
const nodeInView = (page: Page, id: string) =>
  graph(page).evaluate((view, id) => {
    const canvas = view.querySelector(".bs-graph-canvas")!.getBoundingClientRect();
    const box = view.querySelector(`.bs-node[data-id="${id}"]`)!.getBoundingClientRect();
    return box.left >= canvas.left - 1 && box.right <= canvas.right + 1;
  }, id);

describe("the graph data the check Worker posts", () => {
  test("is the forward graph of each practice trial with every gradient removed", () => {
    const def = exercises.batchnorm_backward;
    const graphs = Object.fromEntries(prepareTrials(def, {np, nn}).map((t) => [t.name, trialGraph(t)]).filter(([, g]) => g));
    expect(Object.keys(graphs)).toEqual(def.trials.filter((t) => !t.hidden).map((t) => t.name));
    for (const trial of def.trials) {
      const full = exerciseGraph(def, {np, nn}, {trial});
      const sent = graphs[trial.name] as GraphModel;
      // The reference backward did put gradients in the model; none is left in what is sent.
      expect(full.nodes.some((n) => n.grad) && full.edges.some((e) => e.grad)).toBe(true);
      expect(JSON.stringify(sent)).not.toMatch(/"grad"/);
      expect(sent.nodes.map((n) => [n.id, n.shape, n.value])).toEqual(full.nodes.map((n) => [n.id, n.shape, n.value]));
      expect(sent.edges.map((e) => [e.from, e.to, e.index])).toEqual(full.edges.map((e) => [e.from, e.to, e.index]));
      expect(sent.nodes.find((n) => n.id === "x")?.shape).toEqual([trial.config.N, trial.config.D]);
    }
  });
});

describe.skipIf(!browserAvailable())("exercise report graph (Chromium)", () => {
  const dir = mkdtempSync(join(tmpdir(), "backstep-exercise-graph-"));
  let site: Site;
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    writeFileSync(join(dir, "ex.md"), lesson);
    site = await startDevServer({notebooks: dir});
    session = await launchBrowser();
    page = await session.newPage();
    await page.setViewportSize({width: 1100, height: 1000});
  });

  afterAll(async () => {
    await session?.close();
    await site?.close();
    rmSync(dir, {recursive: true, force: true});
  });

  test("a wrong solution: verdicts on the graph, the first wrong node stands out, rows and nodes link to the code", {timeout: 120_000}, async () => {
    expect(wrong).not.toBe(staged);
    await openLesson(page, site.url, "ex");
    await replaceCode(page, wrong);
    await page.locator(".bs-exercise .bs-check").click();
    await expect.poll(() => page.locator(".bs-exercise .bs-report").getAttribute("data-status"), {timeout: 30_000}).toBe("wrong");
    // The graph module loads on the first report that needs it.
    await node(page, "sqrtvar").waitFor({timeout: 60_000});

    // Each step's verdict is on its node, as the report's rows say.
    const rows = await page.locator(".bs-step").evaluateAll((rs) =>
      rs.map((r) => [(r as HTMLElement).dataset.step!, (r as HTMLElement).dataset.status!] as const)
    );
    const status = new Map(rows);
    expect(status.get("dsqrtvar")).toBe("fail");
    expect(status.get("dxhat")).toBe("pass");
    expect(status.get("dvar")).toBe("follows");
    expect(await node(page, "sqrtvar").getAttribute("data-verdict")).toBe("fail");
    expect(await node(page, "xhat").getAttribute("data-verdict")).toBe("pass");
    expect(await node(page, "gammax").getAttribute("data-verdict")).toBe("pass");
    expect(await node(page, "var").getAttribute("data-verdict")).toBe("follows");
    // Exactly one node stands out as the first wrong one: the report's firstWrong step's node.
    const first = await graph(page).locator(".bs-node.bs-first-wrong").evaluateAll((ns) => ns.map((n) => n.getAttribute("data-id")));
    expect(first).toEqual(["sqrtvar"]);
    expect(await page.locator(".bs-step.bs-step-first").getAttribute("data-step")).toBe("dsqrtvar");
    // Drawn red (the SVG's own style sheet), the passing ones green.
    const fill = (id: string) => node(page, id).locator("rect").evaluate((r) => getComputedStyle(r).fill);
    expect(await fill("sqrtvar")).toBe("rgb(255, 235, 233)");
    expect(await fill("xhat")).toBe("rgb(218, 251, 225)");

    // The figure stays inside the exercise (its border, the report's column); the canvas scrolls instead.
    const inside = await page.evaluate(() => {
      const ex = document.querySelector(".bs-exercise")!.getBoundingClientRect();
      const fig = document.querySelector(".bs-report-graph")!.getBoundingClientRect();
      return fig.left >= ex.left - 0.5 && fig.right <= ex.right + 0.5;
    });
    expect(inside).toBe(true);
    // Graph labels spell matmul (JavaScript has no @); none of this graph's ops is drawn with "@".
    expect(await graph(page).locator(".bs-node").allTextContents()).not.toContainEqual(expect.stringContaining("@"));

    // The graph is wider than the page: it opens scrolled to the first wrong node.
    expect(await nodeInView(page, "sqrtvar")).toBe(true);
    expect(await nodeInView(page, "beta")).toBe(false);

    // Clicking a step row selects its node and marks the line that computed it.
    await page.locator('.bs-step[data-step="dsqrtvar"] .bs-step-name').click();
    await expect.poll(() => node(page, "sqrtvar").getAttribute("class")).toContain("bs-selected");
    expect(await selectedRows(page)).toEqual(["dsqrtvar"]);
    expect(await markedLine(page).innerText()).toContain("const dsqrtvar = 1 / sqrtvar");
    // The details panel shows the node's forward value, never its reference gradient.
    expect(await graph(page).locator(".bs-node-details").getAttribute("data-node")).toBe("sqrtvar");

    // A per-use step (dxmu2, the edge xmu→sq) selects its node and lights its edge; its own line is
    // marked although its node xmu also carries dxmu1, which comes first.
    await page.locator('.bs-step[data-step="dxmu2"] .bs-step-name').click();
    await expect.poll(() => node(page, "xmu").getAttribute("class")).toContain("bs-selected");
    expect(await graph(page).locator('.bs-edge[data-from="xmu"][data-to="sq"]').getAttribute("class")).toContain("bs-selected");
    expect(await graph(page).locator('.bs-edge[data-from="xmu"][data-to="xhat"]').getAttribute("class")).not.toContain("bs-selected");
    expect(await node(page, "sqrtvar").getAttribute("class")).not.toContain("bs-selected");
    expect(await selectedRows(page)).toEqual(["dxmu2"]);
    expect(await markedLine(page).innerText()).toContain("const dxmu2 =");

    // A row far from the first wrong node scrolls the graph to its node; Enter on a focused row works too.
    await page.locator('.bs-step[data-step="dbeta"]').focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => node(page, "beta").getAttribute("class")).toContain("bs-selected");
    await expect.poll(() => nodeInView(page, "beta")).toBe(true);
    expect(await markedLine(page).innerText()).toContain("const dbeta = dout.sum(0)");

    // Clicking a node marks its step row(s) and the line of its step; the first wrong node its wrong line.
    await node(page, "sqrtvar").click();
    await expect.poll(() => selectedRows(page)).toEqual(["dsqrtvar"]);
    expect(await markedLine(page).innerText()).toContain("const dsqrtvar = 1 / sqrtvar");
    await node(page, "gammax").click();
    await expect.poll(() => selectedRows(page)).toEqual(["dgammax"]);
    expect(await markedLine(page).innerText()).toContain("const dgammax = dout");
    // A node with two steps: both rows, and the line of its first step (neither is the first wrong one).
    await node(page, "xmu").click();
    await expect.poll(() => selectedRows(page)).toEqual(["dxmu1", "dxmu2"]);
    expect(await markedLine(page).innerText()).toContain("const dxmu1 =");
    // The marked line is that step's line of the code, and the editor's cursor moved to it.
    const marked = await page.locator(".bs-exercise .cm-content").evaluate((content) => {
      const lines = [...content.querySelectorAll(":scope > .cm-line")];
      const at = lines.findIndex((l) => l.classList.contains("bs-line-marked"));
      return {line: at + 1, active: lines[at]?.classList.contains("cm-activeLine")};
    });
    expect(marked).toEqual({line: lineOf(wrong, "const dxmu1 ="), active: true});

    // Step-through works in the report too, showing local derivatives but no gradient values.
    await graph(page).locator(".bs-step-toggle").click();
    await expect.poll(() => graph(page).locator(".bs-graph-stepper").getAttribute("data-gate")).toBe("out");
    expect(await graph(page).locator(".bs-graph-stepper").innerText()).toContain("Upstream gradient");

    // The reference gradients are the answers: not on the edges, in the details or in a tooltip.
    expect(await graph(page).locator(".bs-edge-grad, .bs-tensor-grad").count()).toBe(0);
    const tooltips = await graph(page).locator(".bs-node > title").allTextContents();
    expect(tooltips.some((t) => /grad/i.test(t))).toBe(false);
    expect(session.errors, session.errors.join("\n")).toEqual([]);
  });

  test("the passing solution draws every node it grades green; Reset removes the graph", {timeout: 120_000}, async () => {
    await openLesson(page, site.url, "ex");
    await replaceCode(page, staged);
    await page.keyboard.press("Shift+Enter");
    await expect.poll(() => page.locator(".bs-exercise .bs-report").getAttribute("data-status"), {timeout: 30_000}).toBe("passed");
    await node(page, "xhat").waitFor({timeout: 60_000});
    const verdicts = await graph(page).locator(".bs-node[data-verdict]").evaluateAll((ns) => ns.map((n) => n.getAttribute("data-verdict")));
    expect(verdicts.length).toBeGreaterThan(8);
    expect(new Set(verdicts)).toEqual(new Set(["pass"]));
    expect(await graph(page).locator(".bs-first-wrong").count()).toBe(0);
    expect(await graph(page).locator(".bs-edge-grad, .bs-tensor-grad").count()).toBe(0);
    await page.locator(".bs-exercise .bs-reset").click();
    expect(await page.locator(".bs-exercise .bs-report-graph").count()).toBe(0);
    expect(session.errors, session.errors.join("\n")).toEqual([]);
  });
});
