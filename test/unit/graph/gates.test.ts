import katex from "katex";
import {describe, expect, it} from "vitest";
import {collectGraph} from "../../../src/graph/collect.ts";
import {backwardGates, describeGate} from "../../../src/graph/gates.ts";
import {batchnormModel} from "./batchnorm.ts";
import {opRules, texName} from "../../../src/graph/derivatives.ts";

describe("gates and local derivatives", () => {
  const model = collectGraph(batchnormModel().out);

  it("visits gates in reverse topological order, output first", () => {
    const order = backwardGates(model).map((g) => g.node.id);
    expect(order[0]).toBe("out");
    expect([...order].sort()).toEqual(model.nodes.filter((n) => n.kind === "op").map((n) => n.id).sort());
    for (const e of model.edges) {
      if (order.includes(e.from)) expect(order.indexOf(e.to)).toBeLessThan(order.indexOf(e.from));
    }
  });

  it("has local derivatives whose product with the upstream gradient is the runtime's edge gradient", () => {
    // For elementwise gates: sum over broadcast of (upstream ⊙ local) must equal inputGrads[i].
    let checked = 0;
    for (const gate of backwardGates(model)) {
      for (const input of gate.inputs) {
        if (!input.local) continue;
        const up = gate.upstream!.values!;
        const product = up.map((g, k) => g * input.local![k]);
        const target = input.edge!.grad!.values!;
        const reduced = new Array(target.length).fill(0);
        // The fixture only broadcasts (D,) over rows, so element k lands on k mod D.
        product.forEach((v, k) => (reduced[k % target.length] += v));
        reduced.forEach((v, k) => expect(v, `${gate.node.id} ← ${input.source!.id} [${k}]`).toBeCloseTo(target[k], 9));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it("writes every formula as valid TeX naming the real tensors", () => {
    for (const gate of backwardGates(model)) {
      expect(() => katex.renderToString(gate.forwardTex, {throwOnError: true})).not.toThrow();
      for (const input of gate.inputs) expect(() => katex.renderToString(input.localTex, {throwOnError: true})).not.toThrow();
    }
    const ivar = describeGate(model, model.nodes.find((n) => n.id === "ivar")!);
    expect(ivar.forwardTex).toBe("\\mathrm{ivar} = \\frac{1}{\\mathrm{sqrtvar}}");
    expect(ivar.inputs[0].localTex).toBe("\\frac{\\partial \\mathrm{ivar}}{\\partial \\mathrm{sqrtvar}} = -\\frac{1}{\\mathrm{sqrtvar}^2}");
  });

  it("has valid TeX for every op in the table, with awkward names", () => {
    const args = [texName("x_1"), texName("w#2"), "0.5"];
    const params = {axis: [0, 2], keepdims: true};
    for (const [op, rule] of Object.entries(opRules)) {
      const arity = op === "conv2d" ? 3 : 2;
      expect(() => katex.renderToString(rule.forward(args.slice(0, arity), params), {throwOnError: true}), op).not.toThrow();
      for (let i = 0; i < arity; i++) {
        expect(() => katex.renderToString(rule.local(i, args, texName("z"), params), {throwOnError: true}), `${op} ${i}`).not.toThrow();
      }
    }
  });
});
