import {describe, expect, it} from "vitest";
import {fitScale, MIN_LABEL_PX, MIN_SCALE, pickDirection, shouldTryTopToBottom} from "../../../src/graph/fit.ts";
import {FONT_SIZE} from "../../../src/graph/labels.ts";
import {collectGraph} from "../../../src/graph/collect.ts";
import {prepareGraph, renderGraphSVG} from "../../../src/graph/svg.ts";
import {batchnormModel} from "./batchnorm.ts";

describe("fitting a graph to its column", () => {
  it("shrinks to the column but never below a readable text size, and never enlarges", () => {
    expect(fitScale(500, 700)).toBe(1);
    expect(fitScale(800, 700)).toBeCloseTo(700 / 800);
    // Lesson 4's chain (~1030 px) in a 700 px column used to be drawn at 0.68: now it stops at MIN_SCALE.
    expect(fitScale(1030, 700)).toBe(MIN_SCALE);
    expect(fitScale(5000, 700) * FONT_SIZE.name).toBeGreaterThanOrEqual(MIN_LABEL_PX - 1e-9);
    expect(fitScale(1030, 700, "full")).toBe(1);
    // Not measured yet (not on the page): natural size.
    expect(fitScale(1030, 0)).toBe(1);
  });

  it("switches to top-to-bottom only when left-to-right is over twice the column and TB is clearly narrower", () => {
    expect(shouldTryTopToBottom(1400, 700)).toBe(false);
    expect(shouldTryTopToBottom(1401, 700)).toBe(true);
    expect(pickDirection(1900, 500, 700)).toBe("TB");
    expect(pickDirection(1900, 1800, 700)).toBe("LR");
    expect(pickDirection(1300, 400, 700)).toBe("LR");
  });

  it("lays a wide graph out top to bottom with direction auto, and keeps a narrow one left to right", () => {
    const model = collectGraph(batchnormModel().out);
    const lr = prepareGraph(model).layout;
    const narrow = prepareGraph(model, {direction: "auto", column: Math.floor(lr.width / 2) - 1}).layout;
    expect(narrow.direction).toBe("TB");
    expect(narrow.width).toBeLessThan(lr.width);
    const at = (id: string) => narrow.nodes.find((n) => n.id === id)!;
    expect(at("x").y).toBeLessThan(at("out").y);
    const wide = prepareGraph(model, {direction: "auto", column: lr.width}).layout;
    expect(wide.direction).toBe("LR");
    expect(wide.width).toBe(lr.width);
    // The static SVG carries the chosen layout's size in its viewBox (the page's CSS scrolls it).
    const svg = renderGraphSVG(model, {direction: "auto", column: Math.floor(lr.width / 2) - 1});
    expect(svg).toContain(`viewBox="0 0 ${narrow.width} ${narrow.height}"`);
  });
});
