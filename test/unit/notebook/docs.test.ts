// Keeps docs/authoring.md honest: its worked example must compile cleanly into the cells it describes.
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {checkNotebook, compileNotebook} from "../../../src/notebook/index.ts";

const guide = readFileSync(join(import.meta.dirname, "../../../docs/authoring.md"), "utf8");
const example = /````markdown\n([\s\S]*?)\n````/.exec(guide)![1];

describe("the authoring guide's worked example", () => {
  it("has no diagnostics", () => {
    expect(checkNotebook(example, "10-tanh.md", {exerciseIds: []})).toEqual([]);
  });

  it("has the cells, options, inline value and math the guide describes", () => {
    const page = compileNotebook(example, "10-tanh.md");
    expect(page).toMatchObject({title: "The tanh gate", order: 10});
    expect(page.cells.map((c) => [c.options.editable, c.options.echo, c.compiled?.outputs])).toEqual([
      [true, false, ["x"]], [false, false, ["y"]], [false, true, ["dydx"]]
    ]);
    expect(page.cells[2].compiled!.inputs).toEqual(["y", "__bs"]);
    expect(page.inlineExpressions.map((c) => c.compiled?.inputs)).toEqual([["dydx", "display"]]);
    expect((page.html.match(/<span class="katex">/g) ?? []).length).toBe(4);
  });
});
