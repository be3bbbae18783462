// `vite build` → a static site that works from any folder of a static host, offline: served here from a
// sub-path with every non-local request blocked.
import {rmSync} from "node:fs";
import type {Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {browserAvailable, buildSite, launchBrowser, serveStatic, waitForCells, type BrowserSession, type Site} from "./harness.ts";

const enabled = browserAvailable();

describe.skipIf(!enabled)("built site (static server, offline, Chromium)", () => {
  let dist: string;
  let site: Site;
  let session: BrowserSession;
  let page: Page;
  const failed: string[] = [];

  beforeAll(async () => {
    dist = await buildSite();
    site = await serveStatic(dist, "/some/sub/path/");
    session = await launchBrowser({offline: true});
    page = await session.newPage();
    page.on("requestfailed", (request) => failed.push(`${request.url()} ${request.failure()?.errorText}`));
    page.on("response", (response) => void (response.status() >= 400 && failed.push(`${response.url()} ${response.status()}`)));
  });

  afterAll(async () => {
    await session?.close();
    await site?.close();
    if (dist) rmSync(dist, {recursive: true, force: true});
  });

  test("the index links to lessons with relative URLs", async () => {
    await page.goto(site.url);
    await page.waitForFunction(() => document.documentElement.dataset.backstep === "ready");
    // sample.md has `index: false`: not listed, but built and reachable by its URL.
    expect(await page.locator('.bs-lesson-item[data-lesson="sample"]').count()).toBe(0);
    const first = page.locator(".bs-lesson-item a").first();
    const href = await first.getAttribute("href");
    expect(href).toMatch(/^lessons\/[\w-]+\.html$/);
    await first.click();
    await page.waitForFunction(() => document.documentElement.dataset.backstep === "ready");
    expect(new URL(page.url()).pathname).toBe(`/some/sub/path/${href}`);
    await page.goto(new URL("lessons/sample.html", page.url().replace(/lessons\/[^/]+$/, "")).href);
    await waitForCells(page);
    // Leaving the first lesson may abort the check Worker it was loading ahead: not a missing resource.
    const aborted = failed.filter((f) => /\/assets\/worker-[\w-]+\.js net::ERR_ABORTED$/.test(f));
    failed.splice(0, failed.length, ...failed.filter((f) => !aborted.includes(f)));
    expect(new URL(page.url()).pathname).toBe("/some/sub/path/lessons/sample.html");
  });

  test("opened from disk (file://), the index and a lesson say how to serve them; served, they do not", async () => {
    const local = await launchBrowser();
    try {
      const filePage = await local.newPage();
      for (const path of ["index.html", "lessons/sample.html"]) {
        await filePage.goto(`file://${dist}/${path}`);
        await expect.poll(() => filePage.locator(".bs-file-notice").count()).toBe(1);
        expect(await filePage.locator(".bs-file-notice").innerText()).toMatch(/opened as a file[\s\S]*npx vite preview/);
      }
    } finally {
      await local.close();
    }
    expect(await page.locator(".bs-file-notice").count()).toBe(0);
  });

  test("a built lesson typesets math, runs cells and loads no remote resource", async () => {
    expect(await page.locator(".katex").count()).toBeGreaterThan(8);
    expect(await page.locator(".katex-error, .bs-math-error").count()).toBe(0);
    await expect.poll(() => page.locator(".bs-cell .bs-output", {hasText: "doubled rate:"}).innerText()).toBe("doubled rate: 6");
    // KaTeX fonts are bundled and load from the site itself.
    await page.evaluate(() => document.fonts.ready);
    const katexFonts = await page.evaluate(() => [...document.fonts].filter((f) => f.family.includes("KaTeX") && f.status === "loaded").length);
    expect(katexFonts).toBeGreaterThan(0);
    expect(failed).toEqual([]);
    expect(session.errors.filter((e) => !/notDefinedAnywhere/.test(e))).toEqual([]);
  });
});
