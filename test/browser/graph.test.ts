// The live graph in a real Chromium: clicking a node shows its value; the step-through walks the
// gates in reverse topological order; collapsed layers expand on demand.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {browserAvailable, launchBrowser, openLesson, startDevServer, type BrowserSession, type Site} from "./harness.ts";
import {serveGraphPage, showGraph} from "./graph-page.ts";
import {collectGraph} from "../../src/graph/collect.ts";
import {formatNumber} from "../../src/graph/format.ts";
import {MIN_SCALE} from "../../src/graph/fit.ts";
import {prepareGraph} from "../../src/graph/svg.ts";
import type {GraphModel} from "../../src/graph/model.ts";
import {batchnormModel} from "../unit/graph/batchnorm.ts";

describe.runIf(browserAvailable())("graph view in Chromium", () => {
  let session: BrowserSession;
  let site: Site;
  let page: Page;
  let model: GraphModel;

  beforeAll(async () => {
    model = collectGraph(batchnormModel().out);
    site = await serveGraphPage();
    session = await launchBrowser({offline: true});
    page = await session.newPage();
  });
  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  it("shows a node's forward value and gradient when it is clicked", async () => {
    await showGraph(page, site, model);
    await page.locator('.bs-node[data-id="xmu"]').click();
    const details = page.locator(".bs-node-details");
    await expect.poll(() => details.getAttribute("data-node")).toBe("xmu");
    const xmu = model.nodes.find((n) => n.id === "xmu")!;
    const cells = await details.locator(".bs-tensor-value td").allInnerTexts();
    expect(cells).toEqual(xmu.value!.values!.map((v) => formatNumber(v)));
    const gradCells = await details.locator(".bs-tensor-grad td").allInnerTexts();
    expect(gradCells).toEqual(xmu.grad!.values!.map((v) => formatNumber(v)));
    // The local derivatives are typeset by KaTeX.
    expect(await details.locator(".katex").count()).toBeGreaterThan(0);
    expect(await page.locator('.bs-node[data-id="xmu"]').getAttribute("class")).toContain("bs-selected");
    expect(session.errors, session.errors.join("\n")).toEqual([]);
  });

  it("steps through backward one gate at a time, in reverse topological order", async () => {
    await showGraph(page, site, model);
    await page.locator(".bs-step-toggle").click();
    const visited: string[] = [];
    for (;;) {
      visited.push((await page.locator(".bs-graph-stepper").getAttribute("data-gate"))!);
      // The current gate's incoming edges are highlighted and show their gradients.
      const active = page.locator(`.bs-edge.bs-active[data-to="${visited.at(-1)}"]`);
      expect(await active.count()).toBeGreaterThan(0);
      const next = page.locator(".bs-step-next");
      if (await next.isDisabled()) break;
      await next.click();
    }
    const gates = model.nodes.filter((n) => n.kind === "op").map((n) => n.id);
    expect([...visited].sort()).toEqual([...gates].sort());
    expect(visited[0]).toBe("out");
    // Every gate comes after all the gates that consume its output.
    for (const e of model.edges) {
      if (gates.includes(e.from)) expect(visited.indexOf(e.to), `${e.to} before ${e.from}`).toBeLessThan(visited.indexOf(e.from));
    }
    // Previous goes back one gate.
    await page.locator(".bs-step-prev").click();
    expect(await page.locator(".bs-graph-stepper").getAttribute("data-gate")).toBe(visited.at(-2));
    const panel = (await page.locator(".bs-graph-stepper").textContent()) ?? "";
    expect(panel).toContain("Upstream gradient");
    expect(panel).toContain("Product");
    expect(session.errors, session.errors.join("\n")).toEqual([]);
  });

  it("marks an exercise report's verdicts and highlights a step's node and edge on request", async () => {
    const steps = [
      {name: "dgammax", target: {node: "gammax"}, verdict: "pass"},
      {name: "dxhat", target: {node: "xhat"}, verdict: "pass"},
      {name: "dxmu1", target: {edge: ["xmu", "xhat"]}, verdict: "fail"},
      {name: "dsq", target: {node: "sq"}, verdict: "pending"}
    ];
    await showGraph(page, site, model, {steps, firstWrong: "dxmu1"});
    await page.evaluate(() => {
      const view = document.querySelector(".bs-graph-view") as HTMLElement & {select(s: string): void};
      view.select("dxmu1");
    });
    const xmu = page.locator('.bs-node[data-id="xmu"]');
    expect(await xmu.getAttribute("data-verdict")).toBe("fail");
    expect(await xmu.getAttribute("class")).toContain("bs-first-wrong");
    expect(await xmu.getAttribute("class")).toContain("bs-selected");
    const edge = page.locator('.bs-edge[data-from="xmu"][data-to="xhat"]');
    expect(await edge.getAttribute("class")).toContain("bs-selected");
    expect(await page.locator('.bs-node[data-id="sq"]').getAttribute("data-verdict")).toBe("pending");
    expect(await page.locator(".bs-node-details").getAttribute("data-node")).toBe("xmu");
    // Clicking a node reports the steps drawn on it to the report UI.
    const reported = await page.evaluate(() => {
      const g = (window as unknown as {BackstepGraph: {renderGraph(m: unknown, o: unknown): HTMLElement}}).BackstepGraph;
      const seen: string[][] = [];
      const model = (window as unknown as {__model: unknown}).__model;
      const view = g.renderGraph(model, {
        steps: [{name: "dxhat", target: {node: "xhat"}, verdict: "pass"}],
        onSelect: (_node: unknown, steps: string[]) => seen.push(steps)
      });
      document.getElementById("root")!.replaceChildren(view);
      view.querySelector<SVGGElement>('.bs-node[data-id="xhat"]')!.dispatchEvent(new MouseEvent("click", {bubbles: true}));
      return seen;
    });
    expect(reported).toEqual([["dxhat"]]);
    expect(session.errors, session.errors.join("\n")).toEqual([]);
  });

  it("graph(out) picks up gradients from a backward() run after it was drawn", async () => {
    await page.goto(site.url);
    const counts = await page.evaluate(() => {
      type Api = {np: {array(v: unknown, o?: unknown): any}; graph(out: unknown): HTMLElement};
      const {np, graph} = (window as unknown as {BackstepGraph: Api}).BackstepGraph;
      const x = np.array([1, 2, 3], {requiresGrad: true}).named("x");
      const y = x.mul(x).named("y").sum().named("s");
      const view = graph(y);
      document.getElementById("root")!.replaceChildren(view);
      const before = view.querySelectorAll(".bs-edge-grad").length;
      y.backward();
      view.dispatchEvent(new PointerEvent("pointerenter"));
      const grads = [...view.querySelectorAll(".bs-edge-grad")].map((e) => e.textContent);
      return {before, grads};
    });
    expect(counts.before).toBe(0);
    // s = sum(y): the edge y→s carries ones (norm √3); x→y carries x twice (one per use).
    expect(counts.grads).toHaveLength(3);
    expect(counts.grads).toContain("‖∇‖ 1.73");
    expect(session.errors, session.errors.join("\n")).toEqual([]);
  });

  it("renderReportGraph marks a grader report and jumps to the line of a clicked node's step", async () => {
    await page.goto(site.url);
    const result = await page.evaluate((model) => {
      type Api = {renderReportGraph(m: unknown, r: unknown, go: (line: number) => void): HTMLElement};
      const {renderReportGraph} = (window as unknown as {BackstepGraph: Api}).BackstepGraph;
      const lines: number[] = [];
      const report = {
        firstWrong: "dxmu1",
        steps: [
          {name: "dxhat", target: {node: "xhat"}, status: "pass", line: 4},
          {name: "dxmu1", target: {edge: ["xmu", "xhat"]}, status: "fail", line: 6},
          {name: "dxmu2", target: {edge: ["xmu", "sq"]}, status: "missing"}
        ]
      };
      const view = renderReportGraph(model, report, (line) => lines.push(line));
      document.getElementById("root")!.replaceChildren(view);
      for (const id of ["xmu", "xhat", "mu"]) {
        view.querySelector(`.bs-node[data-id="${id}"]`)!.dispatchEvent(new MouseEvent("click", {bubbles: true}));
      }
      const verdict = (sel: string) => view.querySelector(sel)!.getAttribute("data-verdict");
      return {
        lines,
        xmu: verdict('.bs-node[data-id="xmu"]'),
        edge: verdict('.bs-edge[data-from="xmu"][data-to="xhat"]'),
        pending: verdict('.bs-edge[data-from="xmu"][data-to="sq"]'),
        // The reference gradients are the answers: neither on the edges nor in the details panel.
        grads: view.querySelectorAll(".bs-edge-grad, .bs-tensor-grad").length,
        values: view.querySelectorAll(".bs-tensor-value").length
      };
    }, model);
    // xmu carries dxmu1 (line 6) and dxmu2 (no line); xhat's step is on line 4; mu has no step.
    expect(result).toEqual({lines: [6, 4], xmu: "fail", edge: "fail", pending: "pending", grads: 0, values: 1});
    expect(session.errors, session.errors.join("\n")).toEqual([]);
  });

  it("draws a prefixed layer as one box and expands it on click", async () => {
    const layered = collectGraph(batchnormModel("bn1/").out);
    await showGraph(page, site, layered, {collapse: true});
    expect(await page.locator(".bs-node").count()).toBe(2); // x → bn1
    const box = page.locator('.bs-node[data-id="bn1"]');
    await box.click();
    await box.click();
    await expect.poll(() => page.locator(".bs-node").count()).toBe(layered.nodes.length);
    expect(await page.locator('.bs-cluster[data-group="bn1"]').count()).toBe(1);
    expect(session.errors, session.errors.join("\n")).toEqual([]);
  });

  it("fits the column without shrinking text below 11 px, scrolls with a cue, and goes top-to-bottom when much too wide", async () => {
    const lrWidth = prepareGraph(model).layout.width;
    const inColumn = async (column: number) => {
      await showGraph(page, site, model);
      await page.evaluate((w) => ((document.getElementById("root") as HTMLElement).style.width = `${w}px`), column);
      const view = page.locator(".bs-graph-view");
      await expect.poll(() => view.getAttribute("data-scale")).not.toBeNull();
      // Effective size of a node name, as drawn on screen.
      const namePx = () => page.locator('.bs-node[data-id="xmu"] .bs-name').evaluate((t) => {
        const svg = t.closest("svg")!;
        return parseFloat(getComputedStyle(t).fontSize) * (svg.getBoundingClientRect().width / svg.viewBox.baseVal.width);
      });
      return {view, namePx};
    };

    // A bit narrower than the graph: shrunk to fit, no scrolling.
    let {view, namePx} = await inColumn(Math.ceil(lrWidth * 0.9));
    await expect.poll(() => view.getAttribute("data-direction")).toBe("LR");
    expect(Number(await view.getAttribute("data-scale"))).toBeCloseTo(0.9, 1);
    expect(await page.locator(".bs-graph-frame.bs-overflow").count()).toBe(0);

    // Much narrower but under 2×: text stays ≥ 11 px, the graph scrolls, a "scroll →" cue shows.
    ({view, namePx} = await inColumn(Math.ceil(lrWidth * 0.55)));
    await expect.poll(() => view.getAttribute("data-scale")).toBe(MIN_SCALE.toFixed(3));
    expect(await namePx()).toBeGreaterThanOrEqual(10.99);
    expect(await page.locator(".bs-graph-cue").isVisible()).toBe(true);
    // Scrolled to the end, the cue goes away.
    await page.locator(".bs-graph-canvas").evaluate((c) => c.scrollTo({left: c.scrollWidth}));
    await expect.poll(() => page.locator(".bs-graph-cue").isVisible()).toBe(false);
    // The toggle shows the natural size, and back.
    const toggle = page.locator(".bs-fit-toggle");
    expect(await toggle.isVisible()).toBe(true);
    await toggle.click();
    await expect.poll(() => view.getAttribute("data-scale")).toBe("1.000");
    expect(await toggle.innerText()).toBe("Fit to column");
    await toggle.click();
    await expect.poll(() => view.getAttribute("data-scale")).toBe(MIN_SCALE.toFixed(3));

    // Over twice the column: laid out top to bottom, narrower than left to right.
    ({view, namePx} = await inColumn(Math.floor(lrWidth / 2) - 1));
    await expect.poll(() => view.getAttribute("data-direction")).toBe("TB");
    const tbWidth = await page.locator("svg.bs-graph").evaluate((s) => (s as SVGSVGElement).viewBox.baseVal.width);
    expect(tbWidth).toBeLessThan(lrWidth);
    expect(await namePx()).toBeGreaterThanOrEqual(10.99);
    const xy = (id: string) => page.locator(`.bs-node[data-id="${id}"]`).evaluate((n) => n.getBoundingClientRect().y);
    expect(await xy("x")).toBeLessThan(await xy("out"));
    // Still live after the re-layout: a click shows the node's value.
    await page.locator('.bs-node[data-id="xmu"]').click();
    await expect.poll(() => page.locator(".bs-node-details").getAttribute("data-node")).toBe("xmu");
    expect(session.errors, session.errors.join("\n")).toEqual([]);
  });
});

describe.runIf(browserAvailable())("graph(out) in a lesson cell (dev server)", () => {
  let session: BrowserSession;
  let site: Site & {close(): Promise<void>};

  beforeAll(async () => {
    site = await startDevServer();
    session = await launchBrowser({offline: true});
  });
  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  it("draws the batchnorm lesson's graph and shows xhat's value on click", async () => {
    const page = await session.newPage();
    await openLesson(page, site.url, "03-batchnorm-graph");
    const view = page.locator(".bs-graph-view").first();
    // The graph module loads on first use; give the dev server time to serve it.
    await view.locator('.bs-node[data-id="xhat"]').waitFor({timeout: 60_000});
    const ids = await view.locator(".bs-node").evaluateAll((els) => els.map((e) => e.getAttribute("data-id")));
    expect(ids).toEqual(expect.arrayContaining(["x", "mu", "xmu", "sq", "var", "sqrtvar", "ivar", "xhat", "gammax", "out", "gamma", "beta"]));
    await view.locator('.bs-node[data-id="xhat"]').click();
    const rows = await view.locator(".bs-node-details .bs-tensor-value tr").evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => Number(td.textContent)))
    );
    expect(rows.length).toBeGreaterThan(1);
    // xhat is normalised per column: every column mean is ~0 (to the 4 digits shown).
    for (let j = 0; j < rows[0].length; j++) {
      const mean = rows.reduce((s, r) => s + r[j], 0) / rows.length;
      expect(Math.abs(mean)).toBeLessThan(1e-3);
    }
    expect(session.errors, session.errors.join("\n")).toEqual([]);
  });
});
