// Saved work in real Chromium: "saved" is said only after the browser kept the edit; a full storage
// quota is reported in the editable cell and in the exercise, never silently dropped.
import type {Page} from "playwright-core";
import {beforeEach, describe, expect, test} from "vitest";
import {courseSession} from "./course-session.ts";
import {browserAvailable, openLesson} from "./harness.ts";

describe.skipIf(!browserAvailable())("durability (Chromium)", () => {
  const course = courseSession();
  let page: Page;
  let site: {url: string};
  beforeEach(() => {
    page = course.page();
    site = course.site();
  });

  test("an edit is 'saved' only when the write succeeded; a full quota says so", async () => {
    await openLesson(page, site.url, "03-batchnorm-graph");
    const cell = page.locator(".bs-cell--editable").first();
    await cell.locator(".cm-content").click();
    await page.keyboard.type(" ");
    await expect.poll(() => cell.locator(".bs-edit-status").innerText()).toBe("edited · saved in this browser");
    // The browser's storage is full from now on.
    await page.evaluate(() => {
      Storage.prototype.setItem = function () {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      };
    });
    await page.keyboard.type("x");
    await expect.poll(() => cell.locator(".bs-edit-status").innerText()).toMatch(/^edited · NOT saved: this browser's storage is full/);
    const exercise = page.locator(".bs-exercise").first();
    await exercise.locator(".cm-content").click();
    await page.keyboard.type(" ");
    await expect.poll(() => exercise.locator(".bs-exercise-message").innerText()).toMatch(/^not saved: this browser's storage is full/);
  }, 60_000);
});
