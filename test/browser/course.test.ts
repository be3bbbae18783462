// Course smoke test in real Chromium: every lesson in notebooks/ opens on one dev server in one browser
// (pages in sequence) with its math typeset, no cell failing except the errors a lesson shows on
// purpose, no cell left pending, and every exercise mounted with its editor and Check button.
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {browserAvailable, launchBrowser, projectRoot, startDevServer, waitForCells, type BrowserSession, type Site} from "./harness.ts";

const enabled = browserAvailable();
const notebooks = join(projectRoot, "notebooks");
const lessons = readdirSync(notebooks).filter((f) => f.endsWith(".md") && !f.startsWith("_")).map((f) => f.slice(0, -3)).sort();

/** Errors a lesson shows on purpose (sample.md demonstrates how an error names its line). */
const intendedErrors: Record<string, RegExp[]> = {
  sample: [/^sample\.md:\d+: ReferenceError: notDefinedAnywhere is not defined$/]
};

/** Exercise ids in a lesson's source: ```` ```js exercise <id> ```` fences. */
function exerciseIds(name: string): string[] {
  const source = readFileSync(join(notebooks, `${name}.md`), "utf8");
  return [...source.matchAll(/^```+\s*js\s+exercise\s+([\w-]+)/gm)].map((m) => m[1]);
}

interface CellState {
  id: string;
  state: string;
  errors: string[];
}

/** Every cell root's id, data-state and error text (a cell's own or a dependency's). */
function readCells(page: Page): Promise<CellState[]> {
  return page.locator("[data-cell-id]").evaluateAll((roots) => roots.map((root) => ({
    id: (root as HTMLElement).dataset.cellId ?? "",
    state: (root as HTMLElement).dataset.state ?? "",
    errors: [...root.querySelectorAll(".bs-error")].map((e) => (e as HTMLElement).innerText.trim())
  })));
}

describe.skipIf(!enabled)("the course in Chromium: every lesson opens cleanly", () => {
  let site: Site;
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    site = await startDevServer();
    session = await launchBrowser();
    page = await session.newPage();
  });

  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  test("notebooks/ has the lessons", () => {
    expect(lessons).toContain("sample");
    expect(lessons.length).toBeGreaterThan(5);
  });

  for (const name of lessons) {
    test(`${name}: math, cells and exercises`, async () => {
      const errorsBefore = session.errors.length;
      // The first page of a fresh dev server waits for dependency pre-bundling.
      await page.goto(new URL(`lessons/${name}.html`, site.url).href, {timeout: 60_000});
      await waitForCells(page, 40_000).catch(async (e) => {
        const pending = (await readCells(page)).filter((c) => c.state === "pending").map((c) => c.id);
        throw new Error(`${name}: cells still pending after 40 s: ${pending.join(", ") || "(page not ready)"}\n${(e as Error).message}`);
      });

      expect(await page.locator(".katex").count(), `${name}: no KaTeX at all`).toBeGreaterThan(0);
      const mathErrors = await page.locator(".katex-error, .bs-math-error").allInnerTexts();
      expect(mathErrors, `${name}: math errors`).toEqual([]);

      const cells = await readCells(page);
      expect(cells.length, `${name}: no cells`).toBeGreaterThan(0);
      expect(cells.filter((c) => c.state === "pending").map((c) => c.id), `${name}: pending cells`).toEqual([]);
      const intended = intendedErrors[name] ?? [];
      const failing = cells.filter((c) => c.state === "rejected" || c.errors.length);
      const unexpected = failing.filter((c) => !c.errors.length || !c.errors.every((text) => intended.some((re) => re.test(text))));
      expect(unexpected.map((c) => `${c.id} [${c.state}]: ${c.errors.join(" | ") || "(no message)"}`), `${name}: cells in an error state`).toEqual([]);
      // The deliberate errors are really shown (the test would otherwise accept a lesson that lost them).
      for (const re of intended) expect(failing.some((c) => c.errors.some((text) => re.test(text))), `${name}: expected error ${re}`).toBe(true);

      const ids = exerciseIds(name);
      const mounted = await page.locator(".bs-exercise").evaluateAll((roots) => roots.map((r) => (r as HTMLElement).dataset.exercise));
      expect(mounted, `${name}: mounted exercises`).toEqual(ids);
      for (const id of ids) {
        const exercise = page.locator(`.bs-exercise[data-exercise="${id}"]`);
        expect(await exercise.locator(".cm-editor .cm-content").count(), `${name}: ${id} editor`).toBe(1);
        expect(await exercise.locator(".cm-content").innerText(), `${name}: ${id} starter`).toMatch(/function \w+\(/);
        const check = exercise.locator("button.bs-check");
        expect(await check.count(), `${name}: ${id} Check button`).toBe(1);
        expect(await check.isVisible(), `${name}: ${id} Check button visible`).toBe(true);
        expect(await check.innerText()).toMatch(/Check/);
      }

      expect(session.errors.slice(errorsBefore), `${name}: console errors or uncaught page errors`).toEqual([]);
    }, 90_000);
  }
});
