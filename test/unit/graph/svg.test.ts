import {describe, expect, it} from "vitest";
import {collectGraph} from "../../../src/graph/collect.ts";
import {renderGraphSVG} from "../../../src/graph/svg.ts";
import {marksFromReport, type StepTargetLike} from "../../../src/graph/verdicts.ts";
import {batchnormModel} from "./batchnorm.ts";
import {findAll, hasClass, parseXml, textOf, type XmlElement} from "./parse-svg.ts";

const BN_NODES = ["x", "gamma", "beta", "mu", "xmu", "sq", "var", "sqrtvar", "ivar", "xhat", "gammax", "out"];

function drawnBatchnorm(options = {}) {
  const {out} = batchnormModel();
  const svg = parseXml(renderGraphSVG(collectGraph(out), options));
  const nodes = findAll(svg, hasClass("bs-node"));
  const edges = findAll(svg, hasClass("bs-edge"));
  return {svg, nodes, edges};
}

const rectOf = (g: XmlElement) => {
  const r = g.children.find((c) => c.tag === "rect")!;
  return {x: +r.attrs.x, y: +r.attrs.y, w: +r.attrs.width, h: +r.attrs.height};
};

describe("batchnorm graph as SVG", () => {
  it("draws every named intermediate and the eps gate, and nothing else", () => {
    const {nodes} = drawnBatchnorm();
    const ids = nodes.map((n) => n.attrs["data-id"]).sort();
    // var + eps is an unnamed gate: drawn as its own node, with eps folded into its label.
    expect(ids).toEqual([...BN_NODES, "add1"].sort());
    const eps = nodes.find((n) => n.attrs["data-id"] === "add1")!;
    expect(textOf(eps)).toContain("· + 1e-05");
    expect(nodes.find((n) => n.attrs["data-id"] === "ivar")!.attrs["data-op"]).toBe("div");
  });

  it("draws the edges of the staged forward, each labelled with its shape", () => {
    const {edges} = drawnBatchnorm();
    const pairs = edges.map((e) => `${e.attrs["data-from"]}->${e.attrs["data-to"]}`).sort();
    expect(pairs).toEqual(
      [
        "x->mu", "x->xmu", "mu->xmu", "xmu->sq", "sq->var", "var->add1", "add1->sqrtvar", "sqrtvar->ivar",
        "xmu->xhat", "ivar->xhat", "gamma->gammax", "xhat->gammax", "gammax->out", "beta->out"
      ].sort()
    );
    const label = (from: string, to: string) =>
      textOf(findAll(edges.find((e) => e.attrs["data-from"] === from && e.attrs["data-to"] === to)!, hasClass("bs-edge-shape"))[0]);
    expect(label("x", "xmu")).toBe("(4,3)");
    expect(label("mu", "xmu")).toBe("(3,)");
    expect(label("gamma", "gammax")).toBe("(3,)");
    expect(label("xhat", "gammax")).toBe("(4,3)");
  });

  it("lays out left to right without overlapping boxes", () => {
    const {nodes} = drawnBatchnorm();
    const boxes = nodes.map((n) => ({id: n.attrs["data-id"], ...rectOf(n)}));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
        expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
      }
    }
    const x = (id: string) => boxes.find((b) => b.id === id)!.x;
    expect(x("x")).toBeLessThan(x("mu"));
    expect(x("mu")).toBeLessThan(x("xmu"));
    expect(x("xhat")).toBeLessThan(x("out"));
  });

  it("draws gradients in red on edges after backward, and can leave them out", () => {
    const {edges} = drawnBatchnorm();
    const grads = edges.flatMap((e) => findAll(e, hasClass("bs-edge-grad")));
    expect(grads.length).toBe(edges.length);
    expect(grads.every((g) => /‖∇‖ \d/.test(textOf(g)))).toBe(true);
    expect(drawnBatchnorm({gradients: false}).edges.flatMap((e) => findAll(e, hasClass("bs-edge-grad")))).toEqual([]);
  });

  it("marks verdicts by step name and makes the first wrong step stand out", () => {
    const {nodes} = drawnBatchnorm({verdicts: {dxhat: "pass", dgammax: "pass", divar: "fail", dxmu1: "pass", dxmu2: "fail", dsqrtvar: "pending"}, firstWrong: "divar"});
    const verdict = (id: string) => nodes.find((n) => n.attrs["data-id"] === id)!.attrs["data-verdict"];
    expect(verdict("xhat")).toBe("pass");
    expect(verdict("ivar")).toBe("fail");
    // One of the two uses of xmu failed: the node shows the worse verdict.
    expect(verdict("xmu")).toBe("fail");
    expect(verdict("sqrtvar")).toBe("pending");
    expect(verdict("mu")).toBeUndefined();
    const first = nodes.filter(hasClass("bs-first-wrong"));
    expect(first.map((n) => n.attrs["data-id"])).toEqual(["ivar"]);
    expect(textOf(first[0])).toContain("first wrong");
    expect(textOf(nodes.find((n) => n.attrs["data-id"] === "xhat")!)).toContain("✓");
  });

  type StepLike = {name: string; target: StepTargetLike; status: string};
  it("draws a grader report: per-use steps on their edges, follows and missing steps distinct", () => {
    const report = [
      {name: "dgammax", target: {node: "gammax"}, status: "pass"},
      {name: "dxhat", target: {node: "xhat"}, status: "pass"},
      {name: "dxmu1", target: {edge: ["xmu", "xhat"]}, status: "fail"},
      {name: "divar", target: {edge: ["ivar", "xhat"]}, status: "follows"},
      {name: "dsqrtvar", target: {node: "sqrtvar"}, status: "missing"},
      {name: "dnope", target: {node: "nope"}, status: "fail"}
    ] satisfies StepLike[];
    const {svg, nodes, edges} = drawnBatchnorm({steps: marksFromReport(report), firstWrong: "dxmu1"});
    const edge = (from: string, to: string) => edges.find((e) => e.attrs["data-from"] === from && e.attrs["data-to"] === to)!;
    expect(edge("xmu", "xhat").attrs["data-verdict"]).toBe("fail");
    expect(edge("xmu", "sq").attrs["data-verdict"]).toBeUndefined();
    expect(edge("ivar", "xhat").attrs["data-verdict"]).toBe("follows");
    expect(hasClass("bs-first-wrong")(edge("xmu", "xhat"))).toBe(true);
    const node = (id: string) => nodes.find((n) => n.attrs["data-id"] === id)!;
    expect(node("xmu").attrs["data-verdict"]).toBe("fail");
    expect(node("xmu").attrs["data-steps"]).toBe("dxmu1");
    expect(node("ivar").attrs["data-verdict"]).toBe("follows");
    expect(node("sqrtvar").attrs["data-verdict"]).toBe("pending");
    expect(hasClass("bs-first-wrong")(node("xmu"))).toBe(true);
    // A step the graph does not have is ignored, not drawn somewhere arbitrary.
    expect(findAll(svg, (e) => e.attrs["data-verdict"] !== undefined).length).toBe(7);
  });

  it("escapes names so any tensor name yields well-formed SVG", () => {
    const {out} = batchnormModel();
    out.named(`a<b & "c"`);
    const svg = parseXml(renderGraphSVG(collectGraph(out)));
    const names = findAll(svg, hasClass("bs-node")).map((n) => n.attrs["data-id"]);
    expect(names).toContain(`a<b & "c"`);
  });
});
