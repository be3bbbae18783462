// The one learner call (src/grader/learner.ts) — the code the page's Worker and the `backstep grade`
// isolate both run around a learner's function: how returned values are read, what crosses back,
// how errors are described and capped.
import {describe, expect, it} from "vitest";
import {callLearner, callSpec, compileLearner, createLearnerScope, gradeSource, type PlainValue} from "../../../src/grader/index.ts";
import {np, nn} from "../../../src/tensor/index.ts";
import {returnCases, scale_forward, sourceOf} from "./returns-exercise.ts";

const rt = {np, nn};

describe("returned values that no step grades", () => {
  for (const c of returnCases) {
    it(`${c.name}: ${c.passes ? "passes" : "fails"}${c.message ? ` with ${c.message}` : ""}`, () => {
      const report = gradeSource(scale_forward, sourceOf(c.body), rt, {mode: "final", seeds: [11, 12]});
      if (c.passes) expect(report.status, report.summary).toBe("passed");
      else expect(report.status, report.summary).not.toBe("passed");
      if (c.message) expect(`${report.summary} ${report.error?.message ?? ""}`).toMatch(c.message);
    });
  }
});

describe("callLearner", () => {
  const spec = callSpec(scale_forward);
  const x: PlainValue = {$tensor: true, shape: [2, 2], data: new Float64Array([1, 2, 3, 4])};
  const w: PlainValue = {$tensor: true, shape: [2], data: new Float64Array([5, 6])};

  it("hands the function fresh tensors and copies the result out", () => {
    const scope = createLearnerScope(rt);
    let seen: unknown;
    const outcome = callLearner((a: {mul(b: unknown): unknown}, b: unknown) => ((seen = a), [a.mul(b), null]), [x, w], spec, scope, rt);
    expect(outcome.error).toBe(null);
    expect(seen).not.toBe(x);
    const out = (outcome.returned as PlainValue[])[0] as {shape: number[]; data: Float64Array};
    expect(out.shape).toEqual([2, 2]);
    expect(Array.from(out.data)).toEqual([5, 12, 15, 24]);
  });

  it("names an input that was changed in place by its parameter and path", () => {
    const scope = createLearnerScope(rt);
    const outcome = callLearner((a: {data: Float64Array}) => {
      a.data[3] = 0;
      return [a, null];
    }, [x, w], spec, scope, rt);
    expect(outcome.error).toEqual({kind: "mutated", message: "changes its inputs: x was changed in place (element 3)"});
  });

  it("caps an error message and still finds the learner's line", () => {
    const compiled = compileLearner(scale_forward, "function scale_forward(x, w) {\n  throw new Error('y'.repeat(100000));\n}", rt);
    if (!compiled.ok) throw new Error(compiled.error.message);
    const outcome = compiled.learner.call([x, w]);
    expect(outcome.error?.kind).toBe("threw");
    expect(outcome.error?.line).toBe(2);
    expect(outcome.error!.message.length).toBeLessThan(1100);
    expect(outcome.error!.message).toMatch(/… \(cut, 100000 characters\)$/);
  });

  it("describes hostile thrown values without running their getters' traps", () => {
    const scope = createLearnerScope(rt);
    const outcome = callLearner(() => {
      throw {get message() { throw new Error("trap"); }};
    }, [x, w], spec, scope, rt);
    expect(outcome.error).toEqual({kind: "threw", message: "threw a non-Error object"});
  });

  it("runs the function with autograd forbidden and restores it afterwards", () => {
    const scope = createLearnerScope(rt);
    const outcome = callLearner((a: {requiresGrad_(): unknown}) => a.requiresGrad_(), [x, w], spec, scope, rt);
    expect(outcome.error?.kind).toBe("autograd");
    expect(() => np.array([1]).requiresGrad_()).not.toThrow();
  });
});
