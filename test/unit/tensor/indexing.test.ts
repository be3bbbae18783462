import {describe, expect, it} from "vitest";
import fc from "fast-check";
import {np, Tensor, IndexError} from "../../../src/tensor/index.ts";

/** Python's slice semantics, written out directly (the reference for slice strings). */
function pySlice(n: number, start: number | undefined, stop: number | undefined, step: number): number[] {
  const out: number[] = [];
  const norm = (v: number) => (v < 0 ? v + n : v);
  if (step > 0) {
    let s = start === undefined ? 0 : Math.max(0, Math.min(n, norm(start)));
    const e = stop === undefined ? n : Math.max(0, Math.min(n, norm(stop)));
    for (; s < e; s += step) out.push(s);
  } else {
    let s = start === undefined ? n - 1 : Math.max(-1, Math.min(n - 1, norm(start)));
    const e = stop === undefined ? -1 : Math.max(-1, Math.min(n - 1, norm(stop)));
    for (; s > e; s += step) out.push(s);
  }
  return out;
}

describe("indexing", () => {
  it("slice strings follow Python slice semantics", () => {
    const opt = fc.option(fc.integer({min: -8, max: 8}), {nil: undefined});
    fc.assert(fc.property(fc.integer({min: 0, max: 7}), opt, opt, fc.integer({min: -3, max: 3}).filter((s) => s !== 0), (n, a, b, step) => {
      const text = `${a ?? ""}:${b ?? ""}:${step}`;
      const got = np.arange(n).get(text) as Tensor;
      expect(Array.from(got.values())).toEqual(pySlice(n, a, b, step));
    }), {numRuns: 200});
  });

  it("integer indices give a plain number; negative indices count from the end", () => {
    const x = np.arange(12).reshape(3, 4);
    expect(x.get(1, 2)).toBe(6);
    expect(x.get(-1, -1)).toBe(11);
    expect((x.get(1) as Tensor).tolist()).toEqual([4, 5, 6, 7]);
    expect((x.get(":", 1) as Tensor).tolist()).toEqual([1, 5, 9]);
    expect((x.get("...", -1) as Tensor).tolist()).toEqual([3, 7, 11]);
    expect((x.get(null, 0) as Tensor).shape).toEqual([1, 4]);
    expect((x.get(":", null, "1:3") as Tensor).shape).toEqual([3, 1, 2]);
  });

  it("basic indexing returns a view: writes through it change the base", () => {
    const x = np.zeros(3, 4);
    const row = x.get(1) as Tensor;
    row.set([":"], 5);
    const col = x.get(":", "::2") as Tensor;
    col.set([0], np.array([7, 8]));
    expect(x.tolist()).toEqual([[7, 0, 8, 0], [5, 5, 5, 5], [0, 0, 0, 0]]);
    expect(row.data).toBe(x.data);
  });

  it("reshape of contiguous data is a view, of a transposed array a copy; copy() copies", () => {
    const x = np.arange(6).reshape(2, 3);
    const v = x.reshape(3, 2);
    expect(v.data).toBe(x.data);
    const t = x.T.reshape(6);
    expect(t.data).not.toBe(x.data);
    expect(t.tolist()).toEqual([0, 3, 1, 4, 2, 5]);
    const c = x.copy();
    c.set([0, 0], 100);
    expect(x.get(0, 0)).toBe(0);
    expect(np.array(x).data).not.toBe(x.data);
    expect(x.reshape(-1, 2).shape).toEqual([3, 2]);
  });

  it("fancy indexing picks elements like probs[np.arange(N), y]", () => {
    const p = np.arange(12).reshape(4, 3);
    const picked = p.get(np.arange(4), np.array([2, 0, 1, 2])) as Tensor;
    expect(picked.tolist()).toEqual([2, 3, 7, 11]);
    expect((p.get([3, 0]) as Tensor).tolist()).toEqual([[9, 10, 11], [0, 1, 2]]);
    expect((p.get(":", [0, 0, 2]) as Tensor).tolist()).toEqual([[0, 0, 2], [3, 3, 5], [6, 6, 8], [9, 9, 11]]);
    // A fancy result is a copy.
    expect((p.get([0]) as Tensor).data).not.toBe(p.data);
  });

  it("fancy indices separated by a slice move their dims first (numpy's rule)", () => {
    const x = np.arange(24).reshape(2, 3, 4);
    const r = x.get([0, 1], ":", [1, 2]) as Tensor;
    expect(r.shape).toEqual([2, 3]);
    expect(r.tolist()).toEqual([[1, 5, 9], [14, 18, 22]]);
    const adj = x.get(":", [0, 2], [1, 3]) as Tensor;
    expect(adj.shape).toEqual([2, 2]);
    expect(adj.tolist()).toEqual([[1, 11], [13, 23]]);
    const b = x.get(0, ":", [[0], [3]]) as Tensor; // int + array separated by a slice
    expect(b.shape).toEqual([2, 1, 3]);
  });

  it("set writes in place with broadcasting; np.add.at accumulates repeated indices", () => {
    const x = np.zeros(3, 3);
    x.set([np.arange(3), np.arange(3)], 1);
    expect(x.tolist()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    x.set([":", 0], np.array([[4], [5], [6]]).reshape(3));
    expect((x.get(":", 0) as Tensor).tolist()).toEqual([4, 5, 6]);

    const acc = np.zeros(4);
    np.add.at(acc, [0, 0, 2, 0], 1);
    expect(acc.tolist()).toEqual([3, 0, 1, 0]);
    const m = np.zeros(2, 3);
    np.add.at(m, [np.array([0, 1, 0]), np.array([2, 2, 2])], np.array([1, 2, 3]));
    expect(m.tolist()).toEqual([[0, 0, 4], [0, 0, 2]]);
    // Plain assignment with repeated indices does not accumulate.
    const s = np.zeros(2);
    s.set([[0, 0]], np.array([1, 2]));
    expect(s.tolist()).toEqual([2, 0]);
  });

  it("errors name the op, the index, the axis and the shape", () => {
    const x = np.zeros(4, 5);
    expect(() => x.get(4)).toThrow(new IndexError("get: index 4 is out of bounds for axis 0 with size 4"));
    expect(() => x.get(0, 0, 0)).toThrow("get: too many indices for array of shape (4,5): 3 given, array is 2-dimensional");
    expect(() => x.get("a:b")).toThrow(/get: invalid index 'a:b'/);
    expect(() => x.set([0], np.zeros(3))).toThrow("set: could not broadcast value of shape (3,) into indexed shape (5,)");
    expect(() => x.get([0, 1], [0, 1, 2])).toThrow(/shape mismatch: indexing arrays could not be broadcast together with shapes \(2,\) \(3,\)/);
    expect(() => x.get(1.5)).toThrow(/not an integer/);
  });

  it("element access on a differentiated tensor returns a 0-d tensor that stays on the graph", () => {
    const w = np.array([[1, 2], [3, 4]], {requiresGrad: true});
    const e = w.get(1, 0) as Tensor;
    expect(e).toBeInstanceOf(Tensor);
    expect(e.shape).toEqual([]);
    e.mul(5).backward();
    expect(w.grad!.tolist()).toEqual([[0, 0], [5, 0]]);
    expect(np.no_grad(() => w.get(1, 0))).toBe(3);
  });

  it("set refuses to write into an array that requires grad", () => {
    const w = np.zeros(3).requiresGrad_();
    expect(() => w.set([0], 1)).toThrow(/requires grad/);
    np.no_grad(() => w.set([0], 1));
    expect(np.no_grad(() => w.get(0))).toBe(1);
  });
});

describe("indexing properties", () => {
  const shape2 = fc.tuple(fc.integer({min: 1, max: 5}), fc.integer({min: 1, max: 5}));
  const slicePart = (n: number) => fc.tuple(fc.integer({min: -n, max: n}), fc.integer({min: -n, max: n}), fc.constantFrom(1, 2, -1, -2));

  it("a basic-index view reads x[i*step+start] and writes through to the base", () => {
    fc.assert(fc.property(shape2.chain(([r, c]) => fc.tuple(fc.constant([r, c]), slicePart(r), slicePart(c))), ([[r, c], [a0, b0, s0], [a1, b1, s1]]) => {
      const x = np.arange(r * c).reshape(r, c);
      const rows = pySlice(r, a0, b0, s0), cols = pySlice(c, a1, b1, s1);
      const v = x.get(`${a0}:${b0}:${s0}`, `${a1}:${b1}:${s1}`) as Tensor;
      expect(v.shape).toEqual([rows.length, cols.length]);
      expect(v.data).toBe(x.data);
      const want = rows.map((i) => cols.map((j) => i * c + j));
      expect(v.tolist()).toEqual(want);
      // copy() is independent; writing the view changes exactly those base elements.
      const snapshot = v.copy();
      v.set([], -1);
      const flat = x.values();
      for (let k = 0; k < r * c; k++) {
        const hit = rows.includes(Math.floor(k / c)) && cols.includes(k % c);
        expect(flat[k]).toBe(hit ? -1 : k);
      }
      expect(snapshot.tolist()).toEqual(want);
    }), {numRuns: 150});
  });

  it("fancy indexing x[rows, cols] gathers x[rows[k], cols[k]] (negative indices wrap)", () => {
    fc.assert(fc.property(shape2.chain(([r, c]) => fc.tuple(
      fc.constant([r, c]),
      fc.array(fc.integer({min: -r, max: r - 1}), {minLength: 1, maxLength: 6}),
      fc.integer({min: -c, max: c - 1}),
    )), ([[r, c], rows, col]) => {
      const x = np.arange(r * c).reshape(r, c).mul(10);
      const got = x.get(rows, col) as Tensor; // array + int: both advanced, broadcast
      const wrap = (i: number, n: number) => (i < 0 ? i + n : i);
      expect(got.tolist()).toEqual(rows.map((i) => 10 * (wrap(i, r) * c + wrap(col, c))));
      const block = x.get(rows) as Tensor;
      expect(block.shape).toEqual([rows.length, c]);
      expect(block.data).not.toBe(x.data);
    }), {numRuns: 150});
  });
});

describe("0/1 masks are not integer indices", () => {
  it("refuses the only index when it has x's shape (2-d or more) and holds only 0s and 1s", () => {
    const x = np.array([[-1, 2], [3, -4]]);
    const mask = np.greater(x, 0);
    expect(() => x.get(mask)).toThrow(IndexError);
    expect(() => x.get(mask)).toThrow(/get: a 0\/1 mask from a comparison can't be used as an index here; multiply by the mask \(dout \* \(x > 0\)\) or use np.where\(cond, a, b\)/);
    const dx = np.ones([2, 2]);
    expect(() => dx.set([mask], 0)).toThrow(/set: a 0\/1 mask/);
    expect(() => dx.set(mask as never, 0)).toThrow(/set: a 0\/1 mask/);
    expect(Array.from(dx.data)).toEqual([1, 1, 1, 1]);
    expect(() => np.add.at(dx, [mask], 1)).toThrow(/add.at: a 0\/1 mask/);
  });

  it("refuses a comparison result as an index whatever its shape (1-d masks included)", () => {
    const v = np.array([-1, 2, 3]);
    for (const mask of [np.greater(v, 0), np.less_equal(v, 0), np.equal(v, 2), np.not_equal(v, 2), np.greater_equal(v, 3), np.less(v, 0)]) {
      expect(() => v.get(mask)).toThrow(/0\/1 mask/);
    }
    // The same 0/1 values built by hand are ordinary integer indices.
    expect(Array.from((v.get(np.array([0, 1, 1])) as Tensor).values())).toEqual([-1, 2, 2]);
  });

  it("keeps real integer indexing, 0s and 1s included", () => {
    const probs = np.array([[0.1, 0.9], [0.8, 0.2]]);
    expect(Array.from((probs.get(np.arange(2), np.array([1, 0])) as Tensor).values())).toEqual([0.9, 0.8]);
    // An index array of another shape than x, all 0/1: rows picked, as numpy does.
    expect((probs.get(np.array([0, 1, 1])) as Tensor).shape).toEqual([3, 2]);
    const v = np.array([5, 6]);
    expect(Array.from((v.get(np.array([1, 0])) as Tensor).values())).toEqual([6, 5]);
    // A 2-d index of x's shape with other integers is real fancy indexing.
    const x = np.arange(9).reshape(3, 3);
    expect((x.get(np.array([[0, 2, 1], [1, 1, 0], [2, 0, 0]])) as Tensor).shape).toEqual([3, 3, 3]);
    // A single tensor given without the index list works like [tensor].
    const y = np.zeros([3]);
    y.set(np.array([0, 2]) as never, 7);
    expect(Array.from(y.data)).toEqual([7, 0, 7]);
  });
});
