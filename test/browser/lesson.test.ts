// Real-browser tests of a lesson page on the Vite dev server: math, cell values, editing, persistence,
// reset, infinite loops, error lines, the index. Chromium via playwright-core (see harness.ts).
import {readFileSync} from "node:fs";
import {join} from "node:path";
import type {Locator, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {browserAvailable, launchBrowser, openLesson, projectRoot, startDevServer, waitForCells, type BrowserSession, type Site} from "./harness.ts";

const enabled = browserAvailable();
const sampleSource = readFileSync(join(projectRoot, "notebooks/sample.md"), "utf8");

/** 1-based line of the first line of sample.md containing `text`. */
function sampleLine(text: string): number {
  const index = sampleSource.split("\n").findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`sample.md has no line containing ${text}`);
  return index + 1;
}

function output(page: Page, text: string | RegExp): Locator {
  return page.locator(".bs-cell .bs-output", {hasText: text});
}

function editableCell(page: Page, text: string): Locator {
  return page.locator(".bs-cell.bs-editable", {has: page.locator(".cm-content", {hasText: text})});
}

async function replaceSource(page: Page, cell: Locator, source: string): Promise<void> {
  await cell.locator(".cm-content").click();
  await page.keyboard.press("ControlOrMeta+A");
  // Typed keys would trigger auto-indent and bracket closing; insertText is like a paste.
  await page.keyboard.insertText(source);
}

describe.skipIf(!enabled)("lesson page (dev server, Chromium)", () => {
  let site: Site;
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    site = await startDevServer();
    session = await launchBrowser();
    page = await session.newPage();
    await openLesson(page, site.url, "sample");
  });

  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  test("math is typeset with KaTeX and has no errors", async () => {
    expect(await page.locator(".bs-lesson .katex").count()).toBeGreaterThan(8);
    expect(await page.locator(".katex-display").count()).toBeGreaterThan(3);
    expect(await page.locator(".katex-error, .bs-math-error").count()).toBe(0);
    // The currency sentence stays text.
    await expect.poll(() => page.locator("p", {hasText: "A price such as $5 or $10"}).count()).toBe(1);
  });

  test("cells show their values: expressions, display(), inline ${}, tensors", async () => {
    await expect.poll(() => page.locator(".bs-cell .bs-output").first().innerText()).toBe("3");
    await expect.poll(() => output(page, "squares of 0…3").count()).toBe(1);
    // 0 + 1 + 4 + 9, shown inline in prose, and the hidden cell's value derived from it.
    const inline = page.locator(".bs-inline .bs-output");
    await expect.poll(() => inline.allInnerTexts()).toEqual(expect.arrayContaining(["14", "28"]));
    expect(await page.locator(".bs-cell[hidden]").count()).toBeGreaterThan(0);
    // dout * gamma broadcasts: row 0 is [1, 0, -3].
    const table = output(page, "shape (2, 3)").locator("table");
    await expect.poll(() => table.locator("tr").first().locator("td").allInnerTexts()).toEqual(["1", "0", "-3"]);
    // The 40×60 tensor is summarized with a heat-map.
    const big = output(page, "shape (40, 60)");
    await expect.poll(() => big.locator("canvas.bs-tensor-heatmap").count()).toBe(1);
    expect(await big.innerText()).toMatch(/min .* max .* mean/);
  });

  test("an error names the lesson file and line", async () => {
    const line = sampleLine("notDefinedAnywhere");
    await expect.poll(() => page.locator(".bs-error", {hasText: "notDefinedAnywhere"}).innerText())
      .toBe(`sample.md:${line}: ReferenceError: notDefinedAnywhere is not defined`);
  });

  test("an input drives the cells that read it", async () => {
    const probs = output(page, "shape (3,)");
    const before = await probs.innerText();
    await page.locator(".bs-input", {hasText: "temperature"}).locator('input[type="number"]').fill("3");
    await expect.poll(() => probs.innerText()).not.toBe(before);
    // A select drives a Plot drawn at the page's width.
    const plot = page.locator('.bs-cell .bs-output svg[class^="plot"]');
    await expect.poll(() => plot.locator("text", {hasText: "tanh"}).count()).toBeGreaterThan(0);
    await page.locator(".bs-input", {hasText: "activation"}).locator("select").selectOption({label: "relu"});
    await expect.poll(() => plot.locator("text", {hasText: "relu"}).count()).toBeGreaterThan(0);
    // `width` is the lesson column's content width: the plot fills it exactly.
    const column = await page.locator(".bs-lesson > h1").evaluate((h1) => h1.getBoundingClientRect().width);
    expect(Number(await plot.getAttribute("width"))).toBe(Math.floor(column));
  });

  test("editing a cell re-runs its dependents; the edit survives a reload; reset restores", async () => {
    const cell = editableCell(page, "const rate");
    await expect.poll(() => output(page, "doubled rate:").innerText()).toBe("doubled rate: 6");
    await replaceSource(page, cell, "const rate = 21;");
    await page.keyboard.press("Shift+Enter");
    await expect.poll(() => output(page, "doubled rate:").innerText()).toBe("doubled rate: 42");

    await page.reload();
    await waitForCells(page);
    await expect.poll(() => output(page, "doubled rate:").innerText()).toBe("doubled rate: 42");
    expect(await editableCell(page, "const rate").locator(".cm-content").innerText()).toContain("rate = 21");

    await editableCell(page, "const rate").getByRole("button", {name: "Reset cell"}).click();
    await expect.poll(() => output(page, "doubled rate:").innerText()).toBe("doubled rate: 6");
    await page.reload();
    await waitForCells(page);
    await expect.poll(() => output(page, "doubled rate:").innerText()).toBe("doubled rate: 6");
  });

  test("the editor highlights JavaScript; Ctrl-Enter runs; undo restores the previous text", async () => {
    const cell = editableCell(page, "const rate");
    const keyword = cell.locator(".cm-line span", {hasText: /^const$/});
    expect(await keyword.count()).toBe(1);
    const plain = await cell.locator(".cm-line").first().evaluate((line) => getComputedStyle(line).color);
    expect(await keyword.evaluate((span) => getComputedStyle(span).color)).not.toBe(plain);

    await replaceSource(page, cell, "const rate = 4;");
    await page.keyboard.press("Control+Enter");
    await expect.poll(() => output(page, "doubled rate:").innerText()).toBe("doubled rate: 8");
    await page.keyboard.press("Control+z");
    await expect.poll(() => cell.locator(".cm-content").innerText()).toBe("const rate = 3;");
    await page.keyboard.press("Control+Enter");
    await expect.poll(() => output(page, "doubled rate:").innerText()).toBe("doubled rate: 6");
  });

  test("an edit saved against an older authored version says so", async () => {
    const key = await page.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith("backstep:edit:sample:rate")) ?? "backstep:edit:sample:rate");
    await page.evaluate((k) => localStorage.setItem(k, JSON.stringify({source: "const rate = 7;", authoredHash: "00000000", savedAt: 0})), key);
    await page.reload();
    await waitForCells(page);
    const cell = editableCell(page, "const rate");
    await expect.poll(() => cell.locator(".bs-notice").innerText()).toMatch(/changed since you edited it/);
    await expect.poll(() => output(page, "doubled rate:").innerText()).toBe("doubled rate: 14");
    await cell.getByRole("button", {name: "Reset cell"}).click();
    await expect.poll(() => cell.locator(".bs-notice").isHidden()).toBe(true);
    expect(await page.evaluate((k) => localStorage.getItem(k), key)).toBeNull();
  });

  test("an infinite loop stops with a message, the page stays responsive, the edit is kept", async () => {
    const loopCell = editableCell(page, "while (true)");
    // Make an edit first: it must be saved before the loop runs.
    await replaceSource(page, loopCell, "let spins = 0;\nif (spin) {\n  while (true) {\n    spins += 2;\n  }\n}\ndisplay(`spins: ${spins}`);");
    await page.keyboard.press("Shift+Enter");
    await expect.poll(() => output(page, "spins:").innerText()).toBe("spins: 0");
    await page.getByLabel("run the endless loop").check();
    const message = loopCell.locator(".bs-error-loop");
    await expect.poll(() => message.count(), {timeout: 20_000}).toBe(1);
    expect(await message.innerText()).toBe(`sample.md:${sampleLine("while (true)")}: stopped after 5 s — infinite loop? run without limit`);
    expect(await message.getByRole("button", {name: "run without limit"}).count()).toBe(1);
    // Responsive: another cell still updates when a button is clicked.
    await page.getByRole("button", {name: "count"}).click();
    await expect.poll(() => output(page, "clicked").innerText()).toBe("clicked 1 times");
    // Work kept: the edit is in storage and comes back after a reload.
    const saved = await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith("backstep:edit:sample:spins"))?.[1]);
    expect(JSON.parse(saved ?? "{}").source).toContain("spins += 2");
    await page.reload();
    await waitForCells(page);
    expect(await editableCell(page, "while (true)").locator(".cm-content").innerText()).toContain("spins += 2");
  }, 90_000);

  test("the index lists lessons in front-matter order with a progress slot; index: false pages stay out", async () => {
    const index = await session.newPage();
    await index.goto(site.url);
    await index.waitForFunction(() => document.documentElement.dataset.backstep === "ready");
    const names = await index.locator(".bs-lesson-item").evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.lesson!));
    // sample.md is the feature showcase (`index: false`): built and reachable by URL, not listed.
    expect(sampleSource).toMatch(/^index:\s*false\s*$/m);
    expect(names).not.toContain("sample");
    expect(names.length).toBeGreaterThan(0);
    const orders = names.map((name) => {
      const source = readFileSync(join(projectRoot, "notebooks", `${name}.md`), "utf8");
      const order = /^---\n[\s\S]*?^order:\s*(-?[\d.]+)\s*$[\s\S]*?^---$/m.exec(source)?.[1];
      return order === undefined ? Infinity : Number(order);
    });
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    // Progress written by the exercise UI shows in the slot of the first listed lesson that has exercises.
    const withExercises = names.find((name) => /^```+\s*js\s+exercise\s+[\w-]+/m.test(readFileSync(join(projectRoot, "notebooks", `${name}.md`), "utf8")))!;
    const source = readFileSync(join(projectRoot, "notebooks", `${withExercises}.md`), "utf8");
    const ids = [...new Set([...source.matchAll(/^```+\s*js\s+exercise\s+([\w-]+)/gm)].map((m) => m[1]))];
    await index.evaluate(([lesson, id]) => localStorage.setItem(`backstep:progress:${lesson}:${id}`, JSON.stringify({status: "passed", updatedAt: 0})), [withExercises, ids[0]]);
    await index.reload();
    await index.waitForFunction(() => document.documentElement.dataset.backstep === "ready");
    expect(await index.locator(`.bs-progress[data-lesson="${withExercises}"]`).innerText()).toBe(`1 / ${ids.length} exercise${ids.length === 1 ? "" : "s"}`);
    await index.locator(`.bs-lesson-item[data-lesson="${withExercises}"] a`).click();
    await index.waitForFunction(() => document.documentElement.dataset.backstep === "ready");
    expect(new URL(index.url()).pathname).toBe(`/lessons/${withExercises}.html`);
    await index.close();
  });

  test("no unexpected page errors", () => {
    expect(session.errors.filter((e) => !/notDefinedAnywhere|infinite loop|stopped after/.test(e))).toEqual([]);
  });
});
