// The batchnorm exercise end to end in Chromium: type a solution, Check, see every step ✓, reload and
// find the work and the status kept; an infinite loop leaves the page responsive.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {staged} from "../unit/grader/solutions/batchnorm_backward.ts";
import {browserAvailable, launchBrowser, openLesson, startDevServer, type BrowserSession, type Site} from "./harness.ts";

const enabled = browserAvailable();
const starter = readFileSync(new URL("../../notebooks/03-batchnorm-graph.md", import.meta.url), "utf8")
  .split("```js exercise batchnorm_backward\n")[1]?.split("```")[0] ?? "";

const lesson = `---
title: Exercise test
---

# Batchnorm exercise

\`\`\`js exercise batchnorm_backward
${starter.trim() || "function batchnorm_backward(dout, cache) {\n  return [null, null, null];\n}"}
\`\`\`

\`\`\`js
batchnorm_backward === null ? "not yet" : typeof batchnorm_backward
\`\`\`

\`\`\`js
learned("batchnorm_backward") === null ? "nothing learned" : "learned " + typeof learned("batchnorm_backward")
\`\`\`
`;

// Cell outputs only (a report graph inside an exercise also has an element classed bs-output: its output node).
const outputs = (page: Page) => page.locator(".bs-cell > .bs-output").allInnerTexts();

async function replaceCode(page: Page, code: string): Promise<void> {
  const editor = page.locator(".bs-exercise .cm-content");
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code);
}

describe.skipIf(!enabled)("exercise cell (Chromium)", () => {
  const dir = mkdtempSync(join(tmpdir(), "backstep-exercise-"));
  let site: Site;
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    writeFileSync(join(dir, "ex.md"), lesson);
    site = await startDevServer({notebooks: dir});
    session = await launchBrowser();
    page = await session.newPage();
  });

  afterAll(async () => {
    await session?.close();
    await site?.close();
    rmSync(dir, {recursive: true, force: true});
  });

  test("typing the staged solution and pressing Shift-Enter passes every step; reload keeps work and status", async () => {
    await openLesson(page, site.url, "ex");
    await expect.poll(() => page.locator(".bs-exercise .cm-content").innerText()).toContain("function batchnorm_backward");
    await expect.poll(() => outputs(page)).toEqual(["not yet", "nothing learned"]);

    // A first, wrong attempt: the report names the first wrong step.
    await replaceCode(page, staged.replace("const dxhat = dgammax * gamma", "const dxhat = dgammax"));
    await page.keyboard.press("Shift+Enter");
    await expect.poll(() => page.locator(".bs-exercise .bs-report").getAttribute("data-status"), {timeout: 20_000}).toBe("wrong");
    expect(await page.locator('.bs-step[data-step="dxhat"]').getAttribute("data-status")).toBe("fail");
    expect(await page.locator('.bs-step[data-step="divar"]').getAttribute("data-status")).toBe("follows");
    expect(await page.locator(".bs-hint").first().innerText()).toMatch(/gamma/);

    await replaceCode(page, staged);
    await page.locator(".bs-exercise .bs-check").click();
    await expect.poll(() => page.locator(".bs-exercise .bs-report").getAttribute("data-status"), {timeout: 20_000}).toBe("passed").catch(async (e) => {
      throw new Error(`${e.message}\n${await page.locator(".bs-exercise .bs-report").innerText()}`);
    });
    const statuses = await page.locator(".bs-step").evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.status));
    expect(statuses.length).toBe(14);
    expect(new Set(statuses)).toEqual(new Set(["pass"]));
    await expect.poll(() => page.locator(".bs-exercise-badge").innerText()).toBe("✓ passed");
    // The passing function is now a reactive variable later cells see.
    await expect.poll(() => outputs(page)).toContain("function");

    await page.reload();
    await openLesson(page, site.url, "ex");
    await expect.poll(() => page.locator(".bs-exercise .cm-content").innerText()).toContain("const dx = dx1 + dx2");
    await expect.poll(() => page.locator(".bs-exercise-badge").innerText()).toBe("✓ passed");
    await expect.poll(() => outputs(page)).toEqual(["function", "learned function"]);
    const progress = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("backstep:progress:")));
    expect(progress).toEqual(["backstep:progress:ex:batchnorm_backward"]);

    // The badge speaks of the current attempt: a wrong check after a pass is not "✓ passed"; the earlier
    // pass shows separately. The report's rows use plain words, and console.log output is shown.
    await replaceCode(page, staged.replace("const dxhat = dgammax * gamma", "console.log('dgammax', dgammax.shape);\n  const dxhat = dgammax"));
    await page.locator(".bs-exercise .bs-check").click();
    await expect.poll(() => page.locator(".bs-exercise .bs-report").getAttribute("data-status"), {timeout: 20_000}).toBe("wrong");
    expect(await page.locator(".bs-exercise-badge").innerText()).not.toMatch(/passed/);
    expect(await page.locator(".bs-exercise-badge").getAttribute("data-status")).toBe("wrong");
    expect(await page.locator(".bs-exercise-before").isVisible()).toBe(true);
    expect(await page.locator('.bs-step[data-step="dxhat"] .bs-step-target').innerText()).toBe("gradient of xhat");
    expect(await page.locator(".bs-console").innerText()).toMatch(/Your console output[\s\S]*dgammax \[\d+, \d+\]/);
    // Back to the passing version: the badge says passed again, "passed before" goes away.
    await page.locator(".bs-exercise .bs-last-passing").click();
    await expect.poll(() => page.locator(".bs-exercise-badge").innerText()).toBe("✓ passed");
    expect(await page.locator(".bs-exercise-before").isVisible()).toBe(false);

    // Outputs right but a step has the wrong shape (broadcasting hid it): the badge agrees with the
    // report's ⚠ instead of claiming a clean pass.
    await replaceCode(page, staged.replace("const dsq = np.ones([N, D]) / N * dvar;", "const dsq = dvar / N;"));
    await page.locator(".bs-exercise .bs-check").click();
    await expect.poll(() => page.locator(".bs-exercise .bs-report").getAttribute("data-status"), {timeout: 20_000}).toBe("passed");
    expect(await page.locator(".bs-report-verdict").innerText()).toMatch(/^⚠ .*dsq has the wrong shape/);
    expect(await page.locator(".bs-exercise-badge").getAttribute("data-status")).toBe("passed-warning");
    expect(await page.locator(".bs-exercise-badge").innerText()).toBe("⚠ passed, with a warning");
    const colors = await page.locator(".bs-exercise-badge").evaluate((el) => getComputedStyle(el).color);
    expect(colors).toBe("rgb(154, 91, 0)");
    // The verdict is announced through a live region.
    expect(await page.locator('.bs-exercise [role="status"][aria-live="polite"]').innerText()).toMatch(/batchnorm_backward: ⚠ passed, with a warning\./);
    // A reload brings back the last report and its badge, warning included, while the code is the same.
    await page.reload();
    await openLesson(page, site.url, "ex");
    await expect.poll(() => page.locator(".bs-exercise .bs-report").getAttribute("data-status")).toBe("passed");
    expect(await page.locator(".bs-exercise-badge").getAttribute("data-status")).toBe("passed-warning");
    expect(await page.locator(".bs-report-verdict").innerText()).toMatch(/^⚠ .*dsq has the wrong shape/);
    // A clean pass again: back to "✓ passed".
    await replaceCode(page, staged);
    await page.locator(".bs-exercise .bs-check").click();
    await expect.poll(() => page.locator(".bs-exercise-badge").getAttribute("data-status"), {timeout: 20_000}).toBe("passed");
    expect(await page.locator(".bs-exercise-badge").innerText()).toBe("✓ passed");
  });

  test("export writes a submission module; reset, then import or 'last passing version' bring the work back", async () => {
    await openLesson(page, site.url, "ex");
    // Export/Import act on all answers: one bar per page, after the last exercise, none inside an exercise.
    expect(await page.locator(".bs-answers").count()).toBe(1);
    expect(await page.locator(".bs-exercise .bs-export, .bs-exercise .bs-import").count()).toBe(0);
    expect(await page.locator(".bs-exercise + .bs-answers").count()).toBe(1);
    // The first export asks who is handing it in (a modal form, focus in the name field).
    await page.locator(".bs-answers .bs-export").click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("name");
    await page.keyboard.type("Ada Lovelace");
    await page.locator(".bs-identity input[name=student-id]").fill("1815");
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(".bs-identity-save").click()]);
    const file = join(dir, "submission.js");
    await download.saveAs(file);
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/^\/\/ Backstep submission\n\/\/ course: Backstep\n\/\/ lessons: ex\n/);
    expect(text).toMatch(/^\/\/ student: Ada Lovelace\n\/\/ student id: 1815$/m);
    expect(await page.locator(".bs-identity-edit").innerText()).toBe("as Ada Lovelace (1815)");
    // Later exports do not ask again.
    const [again] = await Promise.all([page.waitForEvent("download"), page.locator(".bs-answers .bs-export").click()]);
    expect(again.suggestedFilename()).toBe("backstep-submission.js");
    expect(await page.locator(".bs-identity").count()).toBe(0);
    expect(text).toContain("export function batchnorm_backward(dout, cache)");
    expect(text).toContain("const dx = dx1 + dx2");

    await page.locator(".bs-exercise .bs-reset").click();
    await expect.poll(() => page.locator(".bs-exercise .cm-content").innerText()).not.toContain("const dx = dx1 + dx2");
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.locator(".bs-answers .bs-import").click()]);
    await chooser.setFiles(file);
    await expect.poll(() => page.locator(".bs-exercise .cm-content").innerText()).toContain("const dx = dx1 + dx2");
    await expect.poll(() => page.locator(".bs-answers-message").innerText()).toBe("imported 1 answer (batchnorm_backward)");

    await page.locator(".bs-exercise .bs-reset").click();
    await page.locator(".bs-exercise .bs-last-passing").click();
    await expect.poll(() => page.locator(".bs-exercise .cm-content").innerText()).toContain("const dx = dx1 + dx2");
  });

  test("imported code is data: its top-level code never runs on the page, a made-up lesson is refused, exports hold one answer per exercise", async () => {
    await openLesson(page, site.url, "ex");
    const crafted = [
      "// Backstep submission", "// course: Backstep",
      "// ---- exercise batchnorm_backward (lesson ex) ----",
      staged.trim().replace(/^function /, "export function "),
      // Harmless in the check Worker (no document there), harmful if it ever ran on the page.
      "if (typeof document !== \"undefined\") { document.title = \"pwned\"; localStorage.setItem(\"pwned\", \"1\"); }",
      "// ---- exercise batchnorm_backward (lesson ghost-lesson) ----",
      "export function batchnorm_backward(dout, cache) { return [dout, dout.sum(0), dout.sum(0)]; }", ""
    ].join("\n");
    const file = join(dir, "crafted.js");
    writeFileSync(file, crafted);
    const title = await page.title();
    // The import would replace the saved answer: it asks first, naming it.
    const asked: string[] = [];
    page.once("dialog", (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.locator(".bs-answers .bs-import").click()]);
    await chooser.setFiles(file);
    await expect.poll(() => asked).toEqual(["Importing crafted.js replaces your saved answer for batchnorm_backward. Replace it?"]);
    await expect.poll(() => page.locator(".bs-answers-message").innerText()).toMatch(/^imported 1 answer \(batchnorm_backward\); not imported: batchnorm_backward belongs to lesson 03-batchnorm-graph, not ghost-lesson$/);
    await page.locator(".bs-exercise .bs-check").click();
    await expect.poll(() => page.locator(".bs-exercise-badge").getAttribute("data-status"), {timeout: 20_000}).toBe("passed");
    // Published as the page's variable, and again after a reload: the top-level line never ran here.
    await page.reload();
    await page.waitForSelector(".bs-exercise .cm-content");
    await page.waitForTimeout(500);
    expect(await page.title()).toBe(title);
    expect(await page.evaluate(() => localStorage.getItem("pwned"))).toBe(null);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes("ghost-lesson")))).toEqual([]);
    // One answer per exercise in the export, whatever else is stored.
    await page.evaluate(() => localStorage.setItem("backstep:exercise:other-page:batchnorm_backward:source", "function batchnorm_backward() {}"));
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(".bs-answers .bs-export").click()]);
    const out = join(dir, "one-per-exercise.js");
    await download.saveAs(out);
    expect(readFileSync(out, "utf8").match(/^\/\/ ---- exercise batchnorm_backward /gm)).toHaveLength(1);
  });

  test("an infinite loop is stopped with a message and the page stays responsive", {timeout: 60_000}, async () => {
    await openLesson(page, site.url, "ex");
    await replaceCode(page, "function batchnorm_backward(dout, cache) {\n  while (true) {}\n}\n");
    await page.locator(".bs-exercise .bs-check").click();
    // While the Worker spins, the page still answers and the editor still takes input.
    expect(await page.evaluate(() => 6 * 7)).toBe(42);
    await page.locator(".bs-exercise .cm-content").press("End");
    await expect.poll(() => page.locator(".bs-exercise .bs-report").getAttribute("data-status"), {timeout: 30_000}).toBe("error").catch(async (e) => {
      throw new Error(`${e.message}\nreport: ${await page.locator(".bs-exercise").innerText()}`);
    });
    expect(await page.locator(".bs-exercise .bs-report").innerText()).toMatch(/infinite loop|did not finish/);
    // Code that does not parse: the verdict names the line and the Python habit, no table of steps.
    await replaceCode(page, "function batchnorm_backward(dout, cache) {\n  const dx = dout @ cache.gamma;\n  return [dx, null, null];\n}\n");
    await page.locator(".bs-exercise .bs-check").click();
    // (The previous report was an error too: wait for the new verdict.)
    await expect.poll(() => page.locator(".bs-exercise .bs-report-verdict").innerText(), {timeout: 30_000}).toMatch(/^✗ Syntax error on line 2/);
    expect(await page.locator(".bs-exercise .bs-report").getAttribute("data-status")).toBe("error");
    expect(await page.locator(".bs-exercise .bs-steps").count()).toBe(0);
    expect(await page.locator(".bs-hint").first().innerText()).toMatch(/no @ operator/);
    // Reset brings the starter back.
    await page.locator(".bs-exercise .bs-reset").click();
    await expect.poll(() => page.locator(".bs-exercise .cm-content").innerText()).toContain("function batchnorm_backward(dout, cache)");
  });
});
