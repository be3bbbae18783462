// Golden files: each test/golden/input file is compiled and compared with test/golden/output.
// `UPDATE_GOLDEN=1 npx vitest run test/golden` rewrites the outputs (review the diff before committing).
//   *.md          → <name>.html (static page) and <name>.json (title, cells, inline cells, diagnostics)
//   *.exercise.js → <name>.exercise.js (transpileCode with step observation, as the grader compiles exercises)
//   *.js          → <name>.js (the cell body from transpileCell)
import {existsSync, readdirSync, readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {transpileCell, transpileCode} from "../../src/js/index.ts";
import {compileNotebook} from "../../src/notebook/index.ts";

const inputDir = join(import.meta.dirname, "input");
const outputDir = join(import.meta.dirname, "output");
const update = process.env.UPDATE_GOLDEN === "1";

function compile(name: string, source: string): Record<string, string> {
  if (name.endsWith(".md")) {
    const {html, path, title, order, frontMatter, cells, inlineExpressions, diagnostics} = compileNotebook(source, `input/${name}`);
    const summary = {path, title, order: Number.isFinite(order) ? order : null, frontMatter, cells, inlineExpressions, diagnostics};
    const base = name.slice(0, -3);
    return {[`${base}.html`]: html, [`${base}.json`]: JSON.stringify(summary, null, 2) + "\n"};
  }
  if (name.endsWith(".exercise.js")) return {[name]: transpileCode(source, {observeSteps: true}).code};
  return {[name]: transpileCell(source).body + "\n"};
}

describe("golden files", () => {
  const inputs = readdirSync(inputDir).filter((f) => /\.(md|js)$/.test(f)).sort();
  it("has inputs", () => expect(inputs.length).toBeGreaterThan(0));

  it.each(inputs)("%s", (name) => {
    const outputs = compile(name, readFileSync(join(inputDir, name), "utf8"));
    for (const [file, actual] of Object.entries(outputs)) {
      const path = join(outputDir, file);
      if (update) writeFileSync(path, actual);
      expect(existsSync(path), `missing ${path}; run UPDATE_GOLDEN=1 npx vitest run test/golden`).toBe(true);
      expect(actual).toBe(readFileSync(path, "utf8"));
    }
  });
});
