import {describe, expect, it} from "vitest";
import {collectGraph} from "../../../src/graph/collect.ts";
import {readValues} from "../../../src/graph/tensor-like.ts";
import {batchnormModel} from "./batchnorm.ts";
import {np} from "../../../src/tensor/index.ts";

// The runtime may hand back views (a broadcast gradient has stride 0): read through the strides.
const values = (x: Parameters<typeof readValues>[0]) => readValues(x);

describe("collectGraph", () => {
  it("emits one node per tensor in topological order, inputs first", () => {
    const bn = batchnormModel();
    const model = collectGraph(bn.out);
    const ids = model.nodes.map((n) => n.id);
    for (const e of model.edges) expect(ids.indexOf(e.from)).toBeLessThan(ids.indexOf(e.to));
    expect(model.output).toBe("out");
    expect(model.nodes.find((n) => n.id === "x")!.kind).toBe("param");
    expect(model.nodes.find((n) => n.id === "xhat")!).toMatchObject({kind: "op", op: "mul", shape: [4, 3]});
  });

  it("folds unnamed scalar constants into the op and keeps their value and position", () => {
    const model = collectGraph(batchnormModel().out);
    expect(model.nodes.find((n) => n.id === "add1")!.params).toMatchObject({const1: 1e-5});
    expect(model.nodes.find((n) => n.id === "ivar")!.params).toMatchObject({const0: 1});
    expect(model.nodes.some((n) => n.kind === "const")).toBe(false);
    const shown = collectGraph(batchnormModel().out, {showConstants: true});
    expect(shown.nodes.filter((n) => n.kind === "const").length).toBe(3); // eps, 1, and the exponent 2
  });

  it("copies values, node gradients and per-edge gradients from the runtime", () => {
    const bn = batchnormModel();
    const model = collectGraph(bn.out);
    const node = (id: string) => model.nodes.find((n) => n.id === id)!;
    expect(node("xmu").value!.values).toEqual(values(bn.xmu));
    expect(node("xmu").grad!.values).toEqual(values(bn.xmu.grad!));
    // x is used twice (mu and xmu): each edge carries its own share.
    const toMu = model.edges.find((e) => e.from === "x" && e.to === "mu")!;
    const toXmu = model.edges.find((e) => e.from === "x" && e.to === "xmu")!;
    expect(toMu.grad!.values).toEqual(values(bn.mu.node!.inputGrads[0]!));
    expect(toXmu.grad!.values).toEqual(values(bn.xmu.node!.inputGrads[0]!));
    const sum = toMu.grad!.values!.map((v, i) => v + toXmu.grad!.values![i]);
    const dx = values(bn.x.grad!);
    sum.forEach((v, i) => expect(v).toBeCloseTo(dx[i], 12));
  });

  it("keeps statistics only for big tensors", () => {
    const model = collectGraph(batchnormModel().out, {maxValues: 5});
    const xhat = model.nodes.find((n) => n.id === "xhat")!;
    expect(xhat.value!.values).toBeNull();
    const mu = model.nodes.find((n) => n.id === "mu")!;
    expect(mu.value!.values).toHaveLength(3);
    expect(xhat.value!.mean).toBeCloseTo(0, 12); // a batchnorm output has zero column means
  });

  it("draws a tensor used twice by one op as two edges", () => {
    const a = np.array([1, 2], {requiresGrad: true}).named("a");
    const sq = a.mul(a).named("sq");
    const model = collectGraph(sq);
    expect(model.edges.map((e) => [e.from, e.to, e.index])).toEqual([["a", "sq", 0], ["a", "sq", 1]]);
  });

  it("names unnamed tensors by op and never reuses a user's name", () => {
    const a = np.array(2, {requiresGrad: true}).named("add1");
    const b = np.array(3, {requiresGrad: true});
    const z = a.add(b).add(b);
    const ids = collectGraph(z).nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain("add1");
    expect(ids).toContain("param1");
  });

  it("reads strided views in row-major order", () => {
    // A (3,2) transposed view of a (2,3) buffer.
    const view = {data: Float64Array.from([0, 1, 2, 3, 4, 5]), shape: [3, 2], strides: [1, 3], offset: 0};
    expect(readValues(view)).toEqual([0, 3, 1, 4, 2, 5]);
    expect(readValues({...view, shape: [2], strides: [3], offset: 1})).toEqual([1, 4]);
  });

  it("rejects things that are not tensors with a clear message", () => {
    expect(() => collectGraph(42 as never)).toThrow(/graph: expected a Tensor/);
  });
});
