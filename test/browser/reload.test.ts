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
    writeFileSync(join(dir, "broken.md"), [
      "# Broken", "", "```js", "const b = ;", "```", "", "```js", "const a = 1;", "const c = a.b.c;", "```", "", "```js", "c + 1", "```", ""
    ].join("\n"));
    writeFileSync(join(dir, "slow.md"), [
      "# Slow", "", "```js", "const start = performance.now();", "let laps = 0;",
      "while (performance.now() - start < 5600) laps++;", "display(`finished: ${laps > 0}`);", "```", ""
    ].join("\n"));
    site = await startDevServer({notebooks: dir, hmr: true});
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

  test("a lesson with errors opens and says where they are", async () => {
    const broken = await session.newPage();
    await openLesson(broken, site.url, "broken");
    await expect.poll(() => broken.locator(".bs-diagnostics").innerText()).toMatch(/broken\.md:4:\d+: error: /);
    const errors = broken.locator(".bs-cell .bs-error");
    await expect.poll(() => errors.nth(0).innerText()).toMatch(/^broken\.md:4: SyntaxError: Unexpected token$/);
    await expect.poll(() => errors.nth(1).innerText()).toBe("broken.md:9: TypeError: Cannot read properties of undefined (reading 'c')");
    // The cell reading `c` says what it waits for instead of repeating the TypeError as its own.
    await expect.poll(() => errors.nth(2).innerText()).toBe("waiting for broken.md:8, which failed");
    await broken.close();
  });

  test("a loop stopped by the guard finishes after [run without limit]", async () => {
    const slow = await session.newPage();
    await openLesson(slow, site.url, "slow");
    const cell = slow.locator(".bs-cell");
    expect(await cell.locator(".bs-error-loop").innerText()).toBe("slow.md:6: stopped after 5 s — infinite loop? run without limit");
    await cell.getByRole("button", {name: "run without limit"}).click();
    await expect.poll(() => cell.locator(".bs-output").innerText(), {timeout: 20_000}).toBe("finished: true");
    await slow.close();
  }, 60_000);
});
