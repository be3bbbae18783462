// Real-browser test of how cells show plain objects and arrays that hold tensors (a cache, `[loss, dx]`):
// an expandable key/value view whose tensor members show their shape and values, never the Tensor
// class's internals (Float64Array storage, strides, offset).
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {Locator, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {browserAvailable, launchBrowser, openLesson, startDevServer, type BrowserSession, type Site} from "./harness.ts";

const enabled = browserAvailable();

const lesson = [
  "---", "title: Display", "---", "", "# Objects holding tensors", "",
  "```js", "const cache = {x: np.arange(6).reshape(2, 3), gamma: np.array([0.5, -2, 4]), eps: 1e-5, shape: [2, 3]};", "display(cache);", "```", "",
  "```js", "const pair = [np.array(1.25), np.array([[1, -1], [2, 3.5]])];", "display(pair);", "```", "",
  "```js", "display({layer: {w: np.ones(2, 2), note: \"inner\"}, big: np.arange(400).reshape(20, 20)});", "```", "",
  "```js", "display({plain: 1, list: [\"a\", \"b\"]});", "```", "",
  "```js", "display({wrong: np.ones(6, 3).shape, right: np.ones(3).shape, maxDifference: 0});", "```", "",
  "Inline: ${cache}", ""
].join("\n");

/** The output of the n-th block cell. */
function cellOutput(page: Page, n: number): Locator {
  return page.locator(".bs-cell:not(.bs-inline) .bs-output").nth(n);
}

function entry(scope: Locator, key: string): Locator {
  return scope.locator(`.bs-object-entry[data-key="${key}"]`).first();
}

const tableValues = (scope: Locator) => scope.locator(".bs-tensor-table td").allInnerTexts();

describe.skipIf(!enabled)("display of objects holding tensors (Chromium)", () => {
  const dir = mkdtempSync(join(tmpdir(), "backstep-display-"));
  let site: Site;
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    writeFileSync(join(dir, "display.md"), lesson);
    site = await startDevServer({notebooks: dir});
    session = await launchBrowser();
    page = await session.newPage();
    await openLesson(page, site.url, "display");
  });

  afterAll(async () => {
    await session?.close();
    await site?.close();
    rmSync(dir, {recursive: true, force: true});
  });

  test("a cache object shows each tensor's shape and values, not Tensor internals", async () => {
    const out = cellOutput(page, 0);
    const view = out.locator(".bs-object").first();
    await expect.poll(() => view.getAttribute("data-kind")).toBe("object");
    expect(await view.locator("summary").first().innerText()).toBe("Object {x, gamma, eps, shape}");
    const x = entry(out, "x");
    expect(await x.locator(".bs-tensor-shape").innerText()).toContain("shape (2, 3)");
    expect(await tableValues(x)).toEqual(["0", "1", "2", "3", "4", "5"]);
    const gamma = entry(out, "gamma");
    expect(await gamma.locator(".bs-tensor-shape").innerText()).toContain("shape (3,)");
    expect(await tableValues(gamma)).toEqual(["0.5", "-2", "4"]);
    expect(await entry(out, "eps").locator(".bs-object-value").innerText()).toBe("1.000e-5");
    expect(await entry(out, "shape").locator(".bs-object-value").innerText()).toBe("[2, 3]");
    const text = await out.innerText();
    for (const internal of ["Float64Array", "strides", "offset", "requiresGrad", "Tensor {"]) expect(text).not.toContain(internal);
  });

  test("an array [loss, dx] shows the scalar as a number and dx as a table", async () => {
    const out = cellOutput(page, 1);
    await expect.poll(() => out.locator(".bs-object").first().getAttribute("data-kind")).toBe("array");
    expect(await out.locator("summary").first().innerText()).toBe("Array(2) [1.25, Tensor(2, 2)]");
    expect(await entry(out, "0").locator(".bs-object-value").innerText()).toBe("1.25");
    expect(await entry(out, "1").locator(".bs-tensor-shape").innerText()).toContain("shape (2, 2)");
    expect(await tableValues(entry(out, "1"))).toEqual(["1", "-1", "2", "3.5"]);
    expect(await out.innerText()).not.toContain("Float64Array");
  });

  test("nested objects expand and collapse; large members are summarized", async () => {
    const out = cellOutput(page, 2);
    const layer = entry(out, "layer");
    await expect.poll(() => layer.locator(".bs-tensor-shape").innerText()).toContain("shape (2, 2)");
    expect(await entry(layer, "note").innerText()).toContain('"inner"');
    const big = entry(out, "big");
    expect(await big.locator(".bs-tensor-shape").innerText()).toContain("shape (20, 20)");
    expect(await big.locator(".bs-tensor-summary").innerText()).toMatch(/min 0 +max 399 +mean 199\.5/);
    expect(await big.locator("canvas.bs-tensor-heatmap").count()).toBe(1);
    // Collapsing the top-level view hides its members; expanding shows them again.
    const summary = out.locator("summary").first();
    await summary.click();
    await expect.poll(() => big.isVisible()).toBe(false);
    await summary.click();
    await expect.poll(() => big.isVisible()).toBe(true);
  });

  test("objects without tensors keep the inspector; inline values are one line", async () => {
    const out = cellOutput(page, 3);
    await expect.poll(() => out.locator(".observablehq--inspect").count()).toBeGreaterThan(0);
    expect(await out.locator(".bs-object").count()).toBe(0);
    await expect.poll(() => page.locator(".bs-inline .bs-output").first().innerText())
      .toBe("{x: Tensor(2, 3), gamma: Tensor(3,), eps: 1.000e-5, shape: [2, 3]}");
    // A record of shapes is shown key by key, with the numbers visible (not the inspector's Array(2)).
    const shapes = cellOutput(page, 4);
    await expect.poll(() => entry(shapes, "wrong").locator(".bs-object-value").innerText()).toBe("[6, 3]");
    expect(await entry(shapes, "right").locator(".bs-object-value").innerText()).toBe("[3]");
    expect(await entry(shapes, "maxDifference").locator(".bs-object-value").innerText()).toBe("0");
    expect(session.errors).toEqual([]);
  });
});
