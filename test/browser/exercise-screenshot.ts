// Makes docs/screenshots/exercise-report.png: the batchnorm exercise checked with a sign error in step 6,
// the report's graph with the first wrong node (sqrtvar), and the step dvar clicked (its node selected,
// its line marked in the editor).
// Run: node bin/run-ts.js test/browser/exercise-screenshot.ts [out.png]
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {staged} from "../unit/grader/solutions/batchnorm_backward.ts";
import {launchBrowser, openLesson, projectRoot, startDevServer} from "./harness.ts";

const out = process.argv[2] ?? join(projectRoot, "docs/screenshots/exercise-report.png");
const lesson = "---\ntitle: Batchnorm backward\n---\n\n```js exercise batchnorm_backward\n" +
  "function batchnorm_backward(dout, cache) {\n  return [null, null, null];\n}\n```\n";
const wrong = staged.replace("const dsqrtvar = -1 / sqrtvar ** 2 * divar", "const dsqrtvar = 1 / sqrtvar ** 2 * divar");

const dir = mkdtempSync(join(tmpdir(), "backstep-exercise-shot-"));
writeFileSync(join(dir, "ex.md"), lesson);
const site = await startDevServer({notebooks: dir});
const session = await launchBrowser();
try {
  const page = await session.newPage();
  await page.setViewportSize({width: 1400, height: 1900});
  await openLesson(page, site.url, "ex");
  await page.locator(".bs-exercise .cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(wrong);
  await page.locator(".bs-exercise .bs-check").click();
  await page.locator(".bs-report-graph .bs-node[data-id=sqrtvar]").waitFor({timeout: 60_000});
  // A step that inherits the error: its node is selected next to the first wrong one (which keeps its red glow).
  await page.locator('.bs-step[data-step="dvar"] .bs-step-name').click();
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.fonts.ready);
  mkdirSync(dirname(out), {recursive: true});
  // The graph's figure is wider than the text column: clip to both, with a white margin.
  const a = (await page.locator(".bs-exercise").boundingBox())!;
  const b = (await page.locator(".bs-report-graph").boundingBox())!;
  const x = Math.min(a.x, b.x) - 12;
  const y = a.y - 12;
  const right = Math.max(a.x + a.width, b.x + b.width) + 12;
  const bottom = Math.max(a.y + a.height, b.y + b.height) + 12;
  await page.screenshot({path: out, clip: {x, y, width: right - x, height: bottom - y}});
  if (session.errors.length) throw new Error(session.errors.join("\n"));
  console.log(`wrote ${out}`);
} finally {
  await session.close();
  await site.close();
  rmSync(dir, {recursive: true, force: true});
}
