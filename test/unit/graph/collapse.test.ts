import {describe, expect, it} from "vitest";
import {collectGraph} from "../../../src/graph/collect.ts";
import {collapseGroups, listGroups} from "../../../src/graph/collapse.ts";
import {group} from "../../../src/graph/group.ts";
import {readValues} from "../../../src/graph/tensor-like.ts";
import {renderGraphSVG, resolveStep} from "../../../src/graph/svg.ts";
import {batchnormModel} from "./batchnorm.ts";
import {np} from "../../../src/tensor/index.ts";
import {findAll, hasClass, parseXml} from "./parse-svg.ts";

describe("groups", () => {
  it("groups by name prefix, pulling the unnamed eps gate into its layer", () => {
    const model = collectGraph(batchnormModel("bn1/").out);
    expect(listGroups(model)).toEqual(["bn1"]);
    expect(model.nodes.filter((n) => n.group === "bn1").length).toBe(model.nodes.length - 1);
    expect(model.nodes.find((n) => n.id === "x")!.group).toBeUndefined();
  });

  it("collapses a layer into one box whose input edge carries the summed gradient", () => {
    const bn = batchnormModel("bn1/");
    const model = collapseGroups(collectGraph(bn.out), true);
    expect(model.nodes.map((n) => n.id)).toEqual(["x", "bn1"]);
    expect(model.output).toBe("bn1");
    const box = model.nodes[1];
    expect(box.collapsedGroup).toHaveLength(12);
    expect(box.shape).toEqual([4, 3]);
    expect(model.edges).toHaveLength(1);
    // x feeds mu and xmu inside the layer; the one drawn edge carries dL/dx.
    const dx = readValues(bn.x.grad!);
    model.edges[0].grad!.values!.forEach((v, i) => expect(v).toBeCloseTo(dx[i], 12));
    // A step name inside the layer resolves to the box.
    expect(resolveStep(model, "dxhat")).toBe(null);
    expect(resolveStep(model, "bn1/xhat")?.node).toBe("bn1");
    expect(resolveStep(model, {edge: ["bn1/xmu", "bn1/xhat"]})).toEqual({node: "bn1", edges: []});
  });

  it("draws expanded groups as clusters and collapsed ones as boxes", () => {
    const model = collectGraph(batchnormModel("bn1/").out);
    const open = parseXml(renderGraphSVG(model));
    expect(findAll(open, hasClass("bs-cluster")).map((c) => c.attrs["data-group"])).toEqual(["bn1"]);
    const closed = parseXml(renderGraphSVG(model, {collapse: ["bn1"]}));
    expect(findAll(closed, hasClass("bs-kind-group")).map((n) => n.attrs["data-id"])).toEqual(["bn1"]);
    expect(findAll(closed, hasClass("bs-cluster"))).toEqual([]);
  });

  it("tags the tensors an explicit group() call made, not its inputs", () => {
    const x = np.array([1, 2], {requiresGrad: true}).named("x");
    const w = np.array([3, 4], {requiresGrad: true}).named("w");
    const h = group("layer1", [x], (x) => x.mul(w).named("xw").add(1).named("h"));
    const y = h.mul(h).named("y");
    const model = collectGraph(y);
    const groupOf = (id: string) => model.nodes.find((n) => n.id === id)!.group;
    expect(groupOf("x")).toBeUndefined();
    expect(groupOf("xw")).toBe("layer1");
    expect(groupOf("h")).toBe("layer1");
    expect(groupOf("w")).toBe("layer1");
    expect(groupOf("y")).toBeUndefined();
    const collapsed = collapseGroups(model, true);
    expect(collapsed.nodes.map((n) => n.id)).toEqual(["x", "layer1", "y"]);
    expect(collapsed.edges.map((e) => `${e.from}->${e.to}:${e.index}`)).toEqual(["x->layer1:0", "layer1->y:0", "layer1->y:1"]);
  });
});
