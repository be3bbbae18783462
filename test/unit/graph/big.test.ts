import {describe, expect, it} from "vitest";
import {np} from "../../../src/tensor/index.ts";
import {collectGraph} from "../../../src/graph/collect.ts";
import {renderGraphSVG} from "../../../src/graph/svg.ts";
import {findAll, hasClass, parseXml} from "./parse-svg.ts";

/** An unrolled tanh RNN: one shared W read by every step. */
function unrolled(steps: number, prefix: (i: number) => string) {
  let h = np.array([[0.1, -0.2, 0.3]], {requiresGrad: true}).named("h0");
  const W = np.array([[0.5, -0.1, 0.2], [0.3, 0.8, -0.4], [-0.6, 0.1, 0.9]], {requiresGrad: true}).named("W");
  for (let i = 0; i < steps; i++) h = h.matmul(W).named(`${prefix(i)}a`).tanh().named(`${prefix(i)}h`);
  h.sum().backward();
  return collectGraph(h);
}

describe("big graphs", () => {
  it("draws a weight shared by many gates once per use, next to each gate", () => {
    const model = unrolled(6, (i) => `t${i}_`);
    const svg = parseXml(renderGraphSVG(model));
    const copies = findAll(svg, hasClass("bs-node")).filter((n) => n.attrs["data-id"] === "W");
    expect(copies).toHaveLength(6);
    expect(copies.every(hasClass("bs-ghost"))).toBe(true);
    // Every edge still starts at a box showing W.
    expect(findAll(svg, hasClass("bs-edge")).filter((e) => e.attrs["data-from"] === "W")).toHaveLength(6);
  });

  it("collapses named layers by itself when the graph is too big to read", () => {
    const model = unrolled(12, (i) => `step${i}/`);
    expect(model.nodes.length).toBe(26);
    const svg = parseXml(renderGraphSVG(model, {maxNodes: 20}));
    const boxes = findAll(svg, hasClass("bs-kind-group"));
    expect(boxes.map((b) => b.attrs["data-id"])).toEqual(Array.from({length: 12}, (_, i) => `step${i}`));
  });

  it("refuses a graph it cannot make readable, saying what to do", () => {
    const model = unrolled(12, (i) => `s${i}_`);
    expect(() => renderGraphSVG(model, {maxNodes: 20})).toThrow(/graph: 26 nodes is too many to draw \(limit 20\)\. Name layers with a prefix/);
  });
});
