// Build-time graph figures: a lesson's ```graph batchnorm_backward``` becomes an inline SVG of the
// exercise's forward graph (drawn by src/graph from content/exercises), without the reference gradients
// unless the author asks for them.
import {describe, expect, it} from "vitest";
import {checkNotebook, compileNotebook} from "../../../src/notebook/index.ts";
import {createGraphRenderer} from "../../../src/vite/graph-figures.ts";
import {exercises} from "../../../content/exercises/index.ts";
import {findAll, parseXml, textOf, type XmlElement} from "../graph/parse-svg.ts";

const renderGraph = createGraphRenderer();
const hasClass = (name: string) => (e: XmlElement) => (e.attrs.class ?? "").split(" ").includes(name);

function figureSvg(info: string): {html: string; svg: XmlElement} {
  const page = compileNotebook(`# BN\n\nBefore.\n\n\`\`\`${info}\n\`\`\`\n\nAfter.\n`, "bn.md", {renderGraph});
  expect(page.diagnostics).toEqual([]);
  const match = /<figure class="bs-graph-figure"[^>]*><div class="bs-graph-scroll"[^>]*>(<svg[\s\S]*?<\/svg>)<\/div><\/figure>/.exec(page.html);
  expect(match, "a figure with an inline <svg> in the page HTML").not.toBeNull();
  expect(page.html.indexOf("Before.")).toBeLessThan(match!.index);
  expect(page.html.indexOf("After.")).toBeGreaterThan(match!.index);
  return {html: page.html, svg: parseXml(match![1])};
}

describe("```graph <exercise>``` at build time", () => {
  it("inlines an SVG with the nodes and edges of the batchnorm forward graph", () => {
    const {svg} = figureSvg("graph batchnorm_backward");
    expect(svg.tag).toBe("svg");
    const ids = findAll(svg, hasClass("bs-node")).map((n) => n.attrs["data-id"]).sort();
    expect(ids).toEqual(["add1", "beta", "gamma", "gammax", "ivar", "mu", "out", "sq", "sqrtvar", "var", "x", "xhat", "xmu"]);
    const edges = findAll(svg, hasClass("bs-edge")).map((e) => `${e.attrs["data-from"]}->${e.attrs["data-to"]}`);
    expect(edges).toEqual(expect.arrayContaining(["x->mu", "x->xmu", "mu->xmu", "xmu->sq", "xmu->xhat", "ivar->xhat", "beta->out"]));
    // Forward values are there (hover titles); the answers are not.
    expect(findAll(svg, (e) => e.tag === "title").some((t) => t.text.includes("value: "))).toBe(true);
    expect(findAll(svg, hasClass("bs-edge-grad"))).toEqual([]);
    expect(findAll(svg, (e) => e.tag === "title").filter((t) => t.text.includes("grad: "))).toEqual([]);
  });

  it("draws the reference gradients only with the gradients option", () => {
    const {svg} = figureSvg("graph batchnorm_backward gradients");
    expect(findAll(svg, hasClass("bs-edge-grad")).length).toBeGreaterThanOrEqual(13);
    expect(textOf(svg)).toContain("‖∇‖");
  });

  it("fails the lesson at the fence line for an unknown exercise, as backstep check does", () => {
    const source = "# G\n\n```graph no_such_exercise\n```\n";
    const page = compileNotebook(source, "g.md", {renderGraph});
    expect(page.diagnostics.map((d) => [d.line, d.severity])).toEqual([[3, "error"]]);
    expect(page.diagnostics[0].message).toMatch(/^graph: unknown exercise 'no_such_exercise' \(known: .*batchnorm_backward/);
    expect(checkNotebook(source, "g.md", {exerciseIds: Object.keys(exercises)}).map((d) => [d.line, d.message.split(" (")[0]]))
      .toEqual([[3, "unknown exercise 'no_such_exercise'"]]);
  });
});
