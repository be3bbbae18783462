// axe-core (a maintained accessibility checker) on the index, every lesson, and an exercise report in
// real Chromium: no serious or critical violation.
import {readdirSync} from "node:fs";
import {createRequire} from "node:module";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {beforeEach, describe, expect, test} from "vitest";
import {courseSession} from "./course-session.ts";
import {staged} from "../unit/grader/solutions/batchnorm_backward.ts";
import {browserAvailable, openLesson, projectRoot} from "./harness.ts";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const lessons = readdirSync(join(projectRoot, "notebooks")).filter((f) => f.endsWith(".md") && !f.startsWith("_")).map((f) => f.slice(0, -3)).sort();

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({path: axePath});
  return page.evaluate(async () => {
    const axe = (window as unknown as {axe: {run(c: Document, o: object): Promise<{violations: {id: string; impact: string; nodes: {target: string[]}[]}[]}>}}).axe;
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  });
}

describe.skipIf(!browserAvailable())("accessibility (axe-core in Chromium)", () => {
  const course = courseSession();
  let page: Page;
  let site: {url: string};
  beforeEach(() => {
    page = course.page();
    site = course.site();
  });

  test("the index", async () => {
    await page.goto(site.url);
    await page.waitForFunction(() => document.documentElement.dataset.backstep === "ready");
    expect(await seriousViolations(page)).toEqual([]);
  });

  for (const name of lessons) {
    test(`lesson ${name}`, async () => {
      await openLesson(page, site.url, name);
      await page.waitForTimeout(300); // scrollable regions are marked just after the cells settle
      expect(await seriousViolations(page)).toEqual([]);
    }, 60_000);
  }

  test("an exercise report with its graph and hints", async () => {
    await openLesson(page, site.url, "03-batchnorm-graph");
    const editor = page.locator(".bs-exercise .cm-content").first();
    await editor.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(staged.replace("const dxhat = dgammax * gamma", "const dxhat = dgammax"));
    await page.locator(".bs-exercise .bs-check").first().click();
    await expect.poll(() => page.locator(".bs-exercise .bs-report").first().getAttribute("data-status"), {timeout: 30_000}).toBe("wrong");
    await page.locator(".bs-hint-button").first().click();
    await page.waitForTimeout(500);
    expect(await page.locator(".bs-exercise svg.bs-graph, .bs-exercise .bs-graph").count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);
});
