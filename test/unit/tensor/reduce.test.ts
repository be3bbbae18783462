import {describe, expect, it} from "vitest";
import fc from "fast-check";
import {np, ShapeError} from "../../../src/tensor/index.ts";
import {prod, ravel, shapeArb, unravel, values} from "./helpers.ts";

type Agg = (xs: number[]) => number;
const mean: Agg = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const aggs: Record<string, Agg> = {
  sum: (xs) => xs.reduce((a, b) => a + b, 0),
  mean,
  max: (xs) => Math.max(...xs),
  min: (xs) => Math.min(...xs),
  var: (xs) => { const m = mean(xs); return mean(xs.map((v) => (v - m) ** 2)); },
  std: (xs) => { const m = mean(xs); return Math.sqrt(mean(xs.map((v) => (v - m) ** 2))); },
};

/** Groups elements by their index with `axes` removed: the naive definition of a reduction. */
function reduceNaive(data: number[], shape: number[], axes: number[], f: Agg): {shape: number[]; out: number[]} {
  const outShape = shape.filter((_, i) => !axes.includes(i));
  const groups: number[][] = Array.from({length: prod(outShape)}, () => []);
  for (let k = 0; k < data.length; k++) {
    const idx = unravel(k, shape).filter((_, i) => !axes.includes(i));
    groups[ravel(idx, outShape)].push(data[k]);
  }
  return {shape: outShape, out: groups.map(f)};
}

const axesArb = (nd: number) => fc.subarray([...Array(nd).keys()], {minLength: 1});

describe("reductions", () => {
  for (const [name, f] of Object.entries(aggs)) {
    it(`${name} over any set of axes matches the naive grouping`, () => {
      fc.assert(fc.property(shapeArb.chain((s) => fc.tuple(fc.constant(s), axesArb(s.length), fc.boolean(), fc.integer({min: 1, max: 999}))), ([shape, axes, keepdims, seed]) => {
        const data = values(prod(shape), seed);
        const x = np.array(data).reshape(shape);
        const r = (x as unknown as Record<string, (o: object) => ReturnType<typeof x.sum>>)[name]({axis: axes, keepdims});
        const want = reduceNaive(data, shape, axes, f);
        expect(r.shape).toEqual(keepdims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : want.shape);
        const got = Array.from(r.values());
        want.out.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
      }), {numRuns: 40});
    });
  }

  it("full reduction returns a 0-d tensor; negative axes count from the end", () => {
    const x = np.arange(6).reshape(2, 3);
    const s = x.sum();
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(15);
    expect(x.sum(-1).tolist()).toEqual([3, 12]);
    expect(x.mean(0, true).tolist()).toEqual([[1.5, 2.5, 3.5]]);
    expect(np.sum(x, {axis: [0, 1]}).item()).toBe(15);
  });

  it("reduces transposed views correctly", () => {
    const x = np.arange(6).reshape(2, 3).T; // [[0,3],[1,4],[2,5]]
    expect(x.sum(0).tolist()).toEqual([3, 12]);
    expect(x.max(1).tolist()).toEqual([3, 4, 5]);
  });

  it("argmax returns the first maximum's index (flattened without axis)", () => {
    const x = np.array([[1, 7, 7], [9, 2, 9]]);
    expect(x.argmax(1).tolist()).toEqual([1, 0]);
    expect(x.argmax(0).tolist()).toEqual([1, 0, 1]);
    expect(x.argmax().item()).toBe(3);
    expect(np.argmin(x, 1).tolist()).toEqual([0, 1]);
  });

  it("names the op and shape on a bad axis", () => {
    expect(() => np.zeros(4, 5).sum(2)).toThrow(new ShapeError("sum: axis 2 out of range for shape (4,5)"));
    expect(() => np.zeros(4, 5).mean(-3)).toThrow("mean: axis -3 out of range for shape (4,5)");
    expect(() => np.zeros(0).max()).toThrow(/max: zero-size reduction/);
  });
});
