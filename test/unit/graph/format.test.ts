import {describe, expect, it} from "vitest";
import {formatNumber, shortGrad, tableRows} from "../../../src/graph/format.ts";
import {collectGraph} from "../../../src/graph/collect.ts";
import {layoutGraph} from "../../../src/graph/layout.ts";
import {batchnormModel} from "./batchnorm.ts";

describe("number text", () => {
  it("keeps 4 significant digits and switches to exponents only for tiny or huge values", () => {
    expect(formatNumber(0.123456)).toBe("0.1235");
    expect(formatNumber(-2)).toBe("-2");
    expect(formatNumber(1e-5)).toBe("1e-05");
    expect(formatNumber(-3.25e-9)).toBe("-3.25e-09");
    expect(formatNumber(123456789)).toBe("1.23e+08");
    expect(formatNumber(NaN)).toBe("nan");
    expect(formatNumber(-Infinity)).toBe("-inf");
  });

  it("summarises gradients: the number for a scalar, the norm for a tensor", () => {
    expect(shortGrad({shape: [], values: [-4], min: -4, max: -4, mean: -4, norm: 4})).toBe("-4");
    expect(shortGrad({shape: [2], values: [3, 4], min: 3, max: 4, mean: 3.5, norm: 5})).toBe("‖∇‖ 5");
  });

  it("lays tables out by the last axis and refuses big ones", () => {
    const s = {shape: [2, 3], values: [1, 2, 3, 4, 5, 6], min: 1, max: 6, mean: 3.5, norm: 9.5};
    expect(tableRows(s)).toEqual([["1", "2", "3"], ["4", "5", "6"]]);
    expect(tableRows(s, 4)).toBeNull();
  });
});

describe("layout direction", () => {
  it("runs left to right by default and top to bottom on request", () => {
    const model = collectGraph(batchnormModel().out);
    const at = (layout: ReturnType<typeof layoutGraph>, id: string) => layout.nodes.find((n) => n.id === id)!;
    const lr = layoutGraph(model);
    expect(at(lr, "x").x).toBeLessThan(at(lr, "out").x);
    const tb = layoutGraph(model, {direction: "TB"});
    expect(at(tb, "x").y).toBeLessThan(at(tb, "out").y);
    expect(tb.height).toBeGreaterThan(tb.width);
  });
});
