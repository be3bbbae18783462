import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {np, nn} from "../../../src/tensor/index.ts";
import {exercises} from "../../../content/exercises/index.ts";
import {exerciseGraph} from "../../../src/graph/exercise.ts";
import {renderGraphSVG} from "../../../src/graph/svg.ts";
import {backwardGates} from "../../../src/graph/gates.ts";
import {main} from "../../../src/cli/main.ts";
import {findAll, hasClass, parseXml} from "./parse-svg.ts";

describe("exercise graphs", () => {
  it("draws the batchnorm exercise's forward with every graded node, each edge carrying a gradient", () => {
    const def = exercises.batchnorm_backward;
    const model = exerciseGraph(def, {np, nn});
    const ids = new Set(model.nodes.map((n) => n.id));
    for (const step of def.steps) {
      const target = step.target as {node?: string; edge?: [string, string]};
      if (target.node) expect(ids, step.name).toContain(target.node);
      if (target.edge) expect(model.edges.some((e) => e.from === target.edge![0] && e.to === target.edge![1]), step.name).toBe(true);
    }
    expect(model.edges.every((e) => e.grad)).toBe(true);
    expect(model.nodes.find((n) => n.id === "x")!.shape).toEqual([4, 5]);
  });

  it("renders every registered exercise as well-formed SVG with a backward order", () => {
    for (const [id, def] of Object.entries(exercises)) {
      const model = exerciseGraph(def, {np, nn});
      const svg = parseXml(renderGraphSVG(model));
      expect(findAll(svg, hasClass("bs-node")).length, id).toBe(model.nodes.length);
      expect(backwardGates(model).length, id).toBeGreaterThan(0);
    }
  });

  it("names the trials when asked for one that does not exist", () => {
    expect(() => exerciseGraph(exercises.batchnorm_backward, {np, nn}, {trial: "nope"})).toThrow(/no trial 'nope' \(trials: N=4, D=5/);
  });

  it("is emitted by `backstep graph`", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bs-graph-"));
    try {
      const out = join(dir, "bn.svg");
      expect(await main(["graph", "batchnorm_backward", "--out", out])).toBe(0);
      const svg = parseXml(readFileSync(out, "utf8"));
      const ids = findAll(svg, hasClass("bs-node")).map((n) => n.attrs["data-id"]);
      expect(ids).toEqual(expect.arrayContaining(["x", "mu", "xmu", "sq", "var", "sqrtvar", "ivar", "xhat", "gammax", "out", "gamma", "beta"]));
      expect(await main(["graph", "no_such_exercise"])).toBe(1);
      expect(await main(["graph"])).toBe(2);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
