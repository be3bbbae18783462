// The live graph in a real Chromium: clicking a node shows its value; the step-through walks the
// gates in reverse topological order; collapsed layers expand on demand.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {browserAvailable, launchBrowser, type BrowserSession, type Site} from "./harness.ts";
import {serveGraphPage, showGraph} from "./graph-page.ts";
import {collectGraph} from "../../src/graph/collect.ts";
import {formatNumber} from "../../src/graph/format.ts";
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
    expect(session.errors).toEqual([]);
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
    expect(session.errors).toEqual([]);
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
    expect(session.errors).toEqual([]);
  });
});
