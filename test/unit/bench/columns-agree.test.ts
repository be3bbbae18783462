// Smoke test for `npm run bench`: on small, odd sizes every column computes the same numbers as the
// hand-written loops, and the hand-written loops agree with independent references (tfjs, naive loops).
// No timing here (speed lives in `npm run bench`).
import {describe, expect, it} from "vitest";
import {smallWorkloads} from "../../../bench/workloads.ts";
import {checkAgainstHand} from "../../../bench/compare.ts";
import {matmul, matmulNaive} from "../../../bench/hand/matmul.ts";
import {conv2d, conv2dDirect, convOutputSize} from "../../../bench/hand/conv.ts";
import {makeRandom, randn, maxAbsDiff} from "../../../bench/data.ts";
import {timeInterleaved, median, pairedRatio} from "../../../bench/harness.ts";

describe("bench columns on small sizes", () => {
  for (const workload of smallWorkloads()) {
    // tfjs is an independent oracle for the hand loops (float32, so a loose tolerance).
    it(`${workload.id}: the hand loop matches tfjs`, async () => {
      const {steps, errors} = await workload.prepare();
      expect(errors.tfjs).toBeUndefined();
      expect(errors.hand).toBeUndefined();
      const {tfjs} = checkAgainstHand({...steps, backstep: null});
      expect(tfjs!.ok, tfjs!.detail.join("; ")).toBe(true);
    });

    it(`${workload.id}: Backstep matches the hand loop to 1e-9`, async () => {
      const {steps, errors} = await workload.prepare();
      expect(errors.backstep).toBeUndefined();
      const {backstep} = checkAgainstHand({...steps, tfjs: null});
      expect(backstep!.ok, backstep!.detail.join("; ")).toBe(true);
    });
  }
});

describe("hand-written matmul", () => {
  it("4×4 blocked kernel equals the naive i-k-j loop on ragged shapes", () => {
    const random = makeRandom(3);
    for (const [m, k, n] of [[1, 1, 1], [5, 3, 7], [9, 6, 2], [8, 8, 8], [13, 1, 6]]) {
      const a = randn(random, m * k);
      const b = randn(random, k * n);
      expect(maxAbsDiff(matmul(a, b, m, k, n), matmulNaive(a, b, m, k, n))).toBeLessThan(1e-12);
    }
  });
});

describe("harness", () => {
  it("median handles odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("times every implementation with the requested number of samples", () => {
    let calls = 0;
    const t = timeInterleaved([{name: "a", fn: () => calls++}, {name: "b", fn: () => calls++}], {samples: 3, sampleMs: 1, warmupMs: 1});
    expect([...t.keys()]).toEqual(["a", "b"]);
    expect(t.get("a")!.samples).toHaveLength(3);
    expect(calls).toBeGreaterThan(6);
    expect(pairedRatio({median: 0, min: 0, max: 0, callsPerSample: 1, cpuShare: 1, samples: [2, 4, 6]}, {median: 0, min: 0, max: 0, callsPerSample: 1, cpuShare: 1, samples: [1, 1, 2]})).toBe(3);
  });
});

describe("hand-written conv", () => {
  it("im2col + GEMM version equals the direct loops (stride 1 and 2, uneven padding)", () => {
    const random = makeRandom(4);
    for (const s of [
      {n: 2, c: 3, h: 7, w: 6, f: 5, kh: 3, kw: 2, stride: 2, pad: 1},
      {n: 1, c: 2, h: 5, w: 5, f: 3, kh: 3, kw: 3, stride: 1, pad: 1},
      {n: 2, c: 1, h: 6, w: 4, f: 6, kh: 2, kw: 3, stride: 1, pad: 0},
    ]) {
      const {ho, wo} = convOutputSize(s);
      const x = randn(random, s.n * s.c * s.h * s.w);
      const w = randn(random, s.f * s.c * s.kh * s.kw);
      const b = randn(random, s.f);
      const dout = randn(random, s.n * s.f * ho * wo);
      const fast = conv2d(x, w, b, dout, s);
      const direct = conv2dDirect(x, w, b, dout, s);
      for (const key of ["out", "dx", "dw", "db"] as const) expect(maxAbsDiff(fast[key], direct[key]), key).toBeLessThan(1e-12);
    }
  });
});
