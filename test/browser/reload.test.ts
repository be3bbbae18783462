// Dev server behaviour with lessons written by the test: a .md edit reloads the page, and a lesson with
// an error still opens and shows where the error is.
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {browserAvailable, launchBrowser, openLesson, startDevServer, type BrowserSession, type Site} from "./harness.ts";

const enabled = browserAvailable();

describe.skipIf(!enabled)("dev server with its own lessons (Chromium)", () => {
  const dir = mkdtempSync(join(tmpdir(), "backstep-notebooks-"));
  let site: Site;
  let session: BrowserSession;
  let page: Page;

  const lesson = (value: string) => `---\ntitle: Hot\n---\n\n# Hot reload\n\n\`\`\`js\n"${value}"\n\`\`\`\n`;

  beforeAll(async () => {
    writeFileSync(join(dir, "hot.md"), lesson("version one"));
    writeFileSync(join(dir, "broken.md"), "# Broken\n\nSome text.\n\n```js\nconst a = 1;\nconst b = ;\n```\n\n```js\na + 1\n```\n");
    site = await startDevServer({notebooks: dir});
    session = await launchBrowser();
    page = await session.newPage();
  });

  afterAll(async () => {
    await session?.close();
    await site?.close();
    rmSync(dir, {recursive: true, force: true});
  });

  test("editing the .md file reloads the page with the new content", async () => {
    await openLesson(page, site.url, "hot");
    await expect.poll(() => page.locator(".bs-cell .bs-output").innerText()).toBe("version one");
    writeFileSync(join(dir, "hot.md"), lesson("version two"));
    await expect.poll(() => page.locator(".bs-cell .bs-output").innerText(), {timeout: 15_000}).toBe("version two");
  });

  test("a lesson with a syntax error shows the file and line", async () => {
    await openLesson(page, site.url, "broken");
    await expect.poll(() => page.locator(".bs-diagnostics").innerText()).toMatch(/broken\.md:7:\d+: error: /);
    await expect.poll(() => page.locator(".bs-cell .bs-error").first().innerText()).toMatch(/^broken\.md:7: SyntaxError: /);
    // The cell reading `a` from the broken cell says what it waits for instead of "a is not defined".
    await expect.poll(() => page.locator(".bs-error-upstream").innerText()).toBe("waiting for broken.md:6, which failed");
  });
});
