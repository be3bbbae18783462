// Makes docs/screenshots/graph.png (the README figure): the batchnorm exercise's graph (cs231n's inputs,
// seed 231) after backward, with a node selected so the panel shows its value, gradient and local
// derivatives.
// Run: node bin/run-ts.js test/browser/graph-screenshot.ts [out.png]
import {join} from "node:path";
import {np, nn} from "../../src/tensor/index.ts";
import {exercises} from "../../content/exercises/index.ts";
import {exerciseGraph} from "../../src/graph/exercise.ts";
import {launchBrowser, projectRoot} from "./harness.ts";
import {serveGraphPage, showGraph} from "./graph-page.ts";

const out = process.argv[2] ?? join(projectRoot, "docs/screenshots/graph.png");
const select = process.argv[3] ?? "xhat";
const site = await serveGraphPage();
const session = await launchBrowser({offline: true});
try {
  const page = await session.newPage();
  await page.setViewportSize({width: 2000, height: 900});
  const model = exerciseGraph(exercises.batchnorm_backward, {np, nn});
  await showGraph(page, site, model, {title: "Batchnorm, staged (cs231n)"});
  await page.locator(`.bs-node[data-id="${select}"]`).click();
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.fonts.ready);
  // A white margin around the figure reads better in the README.
  const box = (await page.locator(".bs-graph-view").boundingBox())!;
  await page.screenshot({path: out, clip: {x: box.x - 12, y: box.y - 12, width: box.width + 24, height: box.height + 24}});
  if (session.errors.length) throw new Error(session.errors.join("\n"));
  console.log(`wrote ${out}`);
} finally {
  await session.close();
  await site.close();
}
