// `npm run screenshot`: renders notebooks/sample.md in Chromium and saves docs/screenshots/lesson.png.
import {mkdirSync} from "node:fs";
import {join} from "node:path";
import {browserAvailable, launchBrowser, openLesson, projectRoot, startDevServer} from "./harness.ts";

const lesson = process.argv[2] ?? "sample";
const out = join(projectRoot, "docs/screenshots", lesson === "sample" ? "lesson.png" : `${lesson}.png`);

if (browserAvailable()) {
  const site = await startDevServer();
  const session = await launchBrowser();
  try {
    const page = await session.newPage();
    await page.setViewportSize({width: 1000, height: 1500});
    await openLesson(page, site.url, lesson);
    await page.evaluate(() => document.fonts.ready);
    mkdirSync(join(projectRoot, "docs/screenshots"), {recursive: true});
    await page.screenshot({path: out});
    console.log(`wrote ${out}`);
    // A second view: tensors, inputs and an editable cell.
    const cells = out.replace(/\.png$/, "-cells.png");
    await page.locator("h2", {hasText: "Tensors"}).evaluate((h) => window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 50));
    await page.screenshot({path: cells});
    console.log(`wrote ${cells}`);
  } finally {
    await session.close();
    await site.close();
  }
}
