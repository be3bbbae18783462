// The code in a lesson's exercise cell is the exercise's starter, so "not attempted" means the same in
// the page and in `backstep grade`.
import {readdirSync, readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {exercises} from "../../../content/exercises/index.ts";
import {isUntouched} from "../../../src/grader/index.ts";

const ours = ["batchnorm_backward", "affine_backward", "relu_backward", "softmax_loss", "conv_backward_naive", "max_pool_backward_naive"];
const dir = new URL("../../../notebooks/", import.meta.url);
const cells: {file: string; id: string; source: string}[] = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith(".md"))) {
  for (const m of readFileSync(new URL(file, dir), "utf8").matchAll(/```js exercise (\S+)\n([\s\S]*?)```/g)) cells.push({file, id: m[1], source: m[2]});
}

describe("lesson exercise cells", () => {
  it("name registered exercises", () => {
    for (const c of cells) expect(exercises[c.id], `${c.file}: ${c.id}`).toBeDefined();
  });
  for (const id of ours) {
    it(`${id}: the lesson cell is the definition's starter`, () => {
      const found = cells.filter((c) => c.id === id && c.file !== "sample.md");
      for (const c of found) expect(isUntouched(exercises[id], c.source), c.file).toBe(true);
    });
  }
});
