// The Vite plugin without a browser: compiler diagnostics fail the build with file:line messages, and
// links between lessons are rewritten to the built file names.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {build} from "vite";
import {afterAll, describe, expect, test} from "vitest";
import {rewriteLessonLinks} from "../../src/vite/links.ts";
import {backstep} from "../../src/vite/plugin.ts";

const temp = mkdtempSync(join(tmpdir(), "backstep-plugin-"));
afterAll(() => rmSync(temp, {recursive: true, force: true}));

function makeSite(lessons: Record<string, string>): string {
  const root = mkdtempSync(join(temp, "site-"));
  mkdirSync(join(root, "notebooks"));
  writeFileSync(join(root, "index.html"), "<!doctype html><title>t</title><main><!-- backstep:lessons --></main>");
  for (const [name, source] of Object.entries(lessons)) writeFileSync(join(root, "notebooks", `${name}.md`), source);
  return root;
}

async function buildSite(root: string): Promise<void> {
  await build({root, configFile: false, logLevel: "silent", plugins: [backstep()], build: {outDir: join(root, "dist")}});
}

describe("vite build", () => {
  test("fails with file:line when a lesson has an error", async () => {
    const lines = ["---", "title: Broken", "---", "", "# Broken", "", "```js", "const x = ;", "```", ""];
    const root = makeSite({broken: lines.join("\n")});
    const line = lines.indexOf("const x = ;") + 1;
    await expect(buildSite(root)).rejects.toThrow(new RegExp(`notebooks/broken\\.md:${line}:\\d+: error: `));
  });

  test("succeeds for a valid lesson and lists it on the index", async () => {
    const root = makeSite({ok: "---\ntitle: Fine lesson\norder: 2\n---\n\nText $x^2$.\n\n```js\n1 + 1\n```\n"});
    await buildSite(root);
    const {readFileSync} = await import("node:fs");
    expect(readFileSync(join(root, "dist/index.html"), "utf8")).toContain('href="lessons/ok.html"');
    expect(readFileSync(join(root, "dist/lessons/ok.html"), "utf8")).toContain('id="bs-page-data"');
  });
});

describe("rewriteLessonLinks", () => {
  const names = new Set(["02-variance", "sample"]);
  test.each([
    ['<a href="./02-variance">', '<a href="./02-variance.html">'],
    ['<a href="02-variance.md#top">', '<a href="02-variance.html#top">'],
    ['<a class="x" href="./sample.html">', '<a class="x" href="./sample.html">'],
    ['<a href="https://example.org/02-variance">', '<a href="https://example.org/02-variance">'],
    ['<a href="./unknown">', '<a href="./unknown">']
  ])("%s", (input, expected) => {
    expect(rewriteLessonLinks(input, names)).toBe(expected);
  });
});
