// The nine lessons: they compile without diagnostics, come in order, and every lesson has at least one
// graded exercise (whose cell is the definition's starter) and a computation-graph cell.
import {readdirSync, readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import {describe, expect, it} from "vitest";
import {checkNotebook, compileNotebook} from "../../../src/notebook/index.ts";
import {exercises} from "../../../content/exercises/index.ts";

const dir = fileURLToPath(new URL("../../../notebooks/", import.meta.url));
const lessons = readdirSync(dir).filter((f) => /^0\d-.*\.md$/.test(f)).sort();

describe("course lessons", () => {
  it("are nine, numbered 01–09, with front-matter order 1–9", () => {
    expect(lessons).toHaveLength(9);
    lessons.forEach((file, i) => {
      const nb = compileNotebook(readFileSync(dir + file, "utf8"), `notebooks/${file}`);
      expect(nb.order, file).toBe(i + 1);
      expect(nb.title.length, file).toBeGreaterThan(3);
    });
  });

  for (const file of lessons) {
    describe(file, () => {
      const source = readFileSync(dir + file, "utf8");
      const nb = compileNotebook(source, `notebooks/${file}`);

      it("compiles with no diagnostics (math, cells, exercise ids)", () => {
        const diagnostics = checkNotebook(source, `notebooks/${file}`, {exerciseIds: Object.keys(exercises)});
        expect(diagnostics.map((d) => `${d.line}: ${d.message}`)).toEqual([]);
        expect(nb.cells.filter((c) => c.error).map((c) => `${c.line}: ${c.error}`)).toEqual([]);
      });

      it("has a graded exercise whose cell is the definition's starter", () => {
        const cells = nb.cells.filter((c) => c.options.exercise);
        expect(cells.length).toBeGreaterThan(0);
        for (const cell of cells) {
          const def = exercises[cell.options.exercise!];
          expect(def, cell.options.exercise).toBeDefined();
          expect(cell.source.trim(), def.id).toBe(def.starter.trim());
        }
      });

      it("draws a computation graph with graph(...)", () => {
        expect(nb.cells.some((c) => /\bgraph\(/.test(c.source))).toBe(true);
      });

      it("names no undefined lesson in its links", () => {
        for (const m of source.matchAll(/\]\(\.\/([\w-]+)\)/g)) expect(lessons, m[1]).toContain(`${m[1]}.md`);
      });
    });
  }

  it("each course exercise names the lesson that hosts it", () => {
    const host = new Map<string, string>();
    for (const file of lessons) {
      const nb = compileNotebook(readFileSync(dir + file, "utf8"), `notebooks/${file}`);
      for (const c of nb.cells) if (c.options.exercise) host.set(c.options.exercise, file.replace(/\.md$/, ""));
    }
    // every registered exercise appears in some lesson, and its definition names that lesson
    for (const [id, def] of Object.entries(exercises)) {
      expect(host.has(id), `${id} has no lesson cell`).toBe(true);
      expect(def.lesson, id).toBe(host.get(id));
    }
  });
});
