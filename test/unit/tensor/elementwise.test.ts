import {describe, expect, it} from "vitest";
import fc from "fast-check";
import {np, Tensor, ShapeError} from "../../../src/tensor/index.ts";
import {broadcastPairArb, broadcastShape, prod, readBroadcast, unravel, values} from "./helpers.ts";

const binaries: [string, (a: number, b: number) => number][] = [
  ["add", (a, b) => a + b],
  ["sub", (a, b) => a - b],
  ["mul", (a, b) => a * b],
  ["div", (a, b) => a / b],
  ["maximum", (a, b) => Math.max(a, b)],
  ["minimum", (a, b) => Math.min(a, b)],
  ["greater", (a, b) => (a > b ? 1 : 0)],
  ["less_equal", (a, b) => (a <= b ? 1 : 0)],
];

describe("elementwise with broadcasting", () => {
  for (const [name, f] of binaries) {
    it(`${name} matches a per-element loop on random broadcast shapes`, () => {
      fc.assert(fc.property(broadcastPairArb, fc.integer({min: 1, max: 1000}), ([sa, sb], seed) => {
        const da = values(prod(sa), seed), db = values(prod(sb), seed + 7);
        const a = np.array(da).reshape(sa), b = np.array(db).reshape(sb);
        const out = (np as unknown as Record<string, (x: Tensor, y: Tensor) => Tensor>)[name](a, b);
        const shape = broadcastShape(sa, sb);
        expect(out.shape).toEqual(shape);
        const got = Array.from(out.values());
        for (let k = 0; k < prod(shape); k++) {
          const idx = unravel(k, shape);
          expect(got[k]).toBe(f(readBroadcast(da, sa, idx), readBroadcast(db, sb, idx)));
        }
      }), {numRuns: 60});
    });
  }

  it("works on non-contiguous views (transposed and strided)", () => {
    const a = np.arange(12).reshape(3, 4);
    const t = a.T; // (4,3) view
    const s = a.get(":", "::2") as Tensor; // (3,2) view with stride 2
    expect(t.add(1).tolist()).toEqual([[1, 5, 9], [2, 6, 10], [3, 7, 11], [4, 8, 12]]);
    expect(s.mul(np.array([10, 100])).tolist()).toEqual([[0, 200], [40, 600], [80, 1000]]);
    expect(np.exp(t).get(1, 2)).toBeCloseTo(Math.exp(9), 12);
  });

  it("accepts scalars on either side, as numpy does", () => {
    const x = np.array([1, 2, 4]);
    expect(np.div(1, x).tolist()).toEqual([1, 0.5, 0.25]);
    expect(np.sub(10, x).tolist()).toEqual([9, 8, 6]);
    expect(x.pow(2).tolist()).toEqual([1, 4, 16]);
    expect(np.add(2, 3).item()).toBe(5);
  });

  it("unary ops match Math", () => {
    const d = [-1.5, -0.2, 0.3, 2];
    const x = np.array(d);
    expect(Array.from(np.exp(x).values())).toEqual(d.map(Math.exp));
    expect(Array.from(np.tanh(x).values())).toEqual(d.map(Math.tanh));
    expect(Array.from(np.abs(x).values())).toEqual(d.map(Math.abs));
    expect(Array.from(np.neg(x).values())).toEqual(d.map((v) => -v));
    expect(Array.from(x.relu().values())).toEqual(d.map((v) => Math.max(v, 0)));
    const sig = Array.from(x.sigmoid().values());
    d.forEach((v, i) => expect(sig[i]).toBeCloseTo(1 / (1 + Math.exp(-v)), 15));
  });

  it("sigmoid does not overflow for large negative inputs", () => {
    const s = np.array([-1000, 1000]).sigmoid();
    expect(Array.from(s.values())).toEqual([0, 1]);
  });

  it("where selects with broadcasting", () => {
    const c = np.array([[1], [0]]);
    expect(np.where(c, np.array([1, 2, 3]), -1).tolist()).toEqual([[1, 2, 3], [-1, -1, -1]]);
  });

  it("names the op and both shapes when shapes do not broadcast", () => {
    expect(() => np.add(np.zeros(4, 5), np.zeros(4))).toThrow(new ShapeError("add: cannot broadcast (4,5) with (4,)"));
    expect(() => np.mul(np.zeros(2, 3), np.zeros(3, 2))).toThrow("mul: cannot broadcast (2,3) with (3,2)");
    expect(() => np.zeros(3).sub(np.zeros(2))).toThrow(ShapeError);
  });

  it("mod follows Python's sign convention", () => {
    expect(np.mod(np.array([-3, 3, 5]), 2).tolist()).toEqual([1, 1, 1]);
    expect(np.mod(np.array([3]), -2).tolist()).toEqual([-1]);
  });
});
