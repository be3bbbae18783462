// The keyboard in real Chromium: tabbing through a whole lesson (editable cells and an exercise) never
// edits it and reaches Check; once the learner enters an editor, Tab indents and Esc lets Tab move on.
import type {Page} from "playwright-core";
import {beforeEach, describe, expect, test} from "vitest";
import {courseSession} from "./course-session.ts";
import {browserAvailable, openLesson} from "./harness.ts";

describe.skipIf(!browserAvailable())("keyboard (Chromium)", () => {
  const course = courseSession();
  let page: Page;
  let site: {url: string};
  beforeEach(() => {
    page = course.page();
    site = course.site();
  });

  const saved = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("backstep:edit:") || k.startsWith("backstep:exercise:")));
  const active = () => page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el ? `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}` : "none";
  });

  test("Tab through lesson 3 from the top: no edit anywhere, every editor and Check reached", async () => {
    await openLesson(page, site.url, "03-batchnorm-graph");
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await openLesson(page, site.url, "03-batchnorm-graph");
    const seen: string[] = [];
    for (let i = 0; i < 150; i++) {
      await page.keyboard.press("Tab");
      seen.push(await active());
    }
    expect(seen.filter((s) => s.startsWith("div.cm-content")).length).toBeGreaterThan(0);
    expect(seen).toContain("button.bs-run.bs-check");
    // Every change is saved at once (before anything runs), so nothing saved means nothing edited.
    expect(await saved()).toEqual([]);
    // The focused editor says how its keys work.
    await page.locator(".cm-content").first().focus();
    expect(await page.locator(".bs-editor:focus-within .bs-editor-keys").first().isVisible()).toBe(true);
    expect(await page.locator(".bs-editor-keys").first().evaluate((el) => getComputedStyle(el).visibility)).toBe("visible");
  }, 120_000);

  test("inside an editor (clicked or typing) Tab indents; Esc, then Tab, moves on", async () => {
    const content = page.locator(".bs-exercise .cm-content");
    await content.click();
    await page.keyboard.press("End");
    await page.keyboard.press("Tab");
    expect(await active()).toMatch(/^div\.cm-content/);
    expect((await saved()).length).toBeGreaterThan(0); // indenting is an edit, saved at once
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    expect(await active()).not.toMatch(/^div\.cm-content/);
  }, 60_000);
});
