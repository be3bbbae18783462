// Learner code cannot obtain a reference gradient: autograd is switched off inside the one learner
// call (tensor ops, np.array's option, nn ops), and a numerical gradient is flagged by its tensor work
// — a failed exercise in a final grade, a note in practice — while correct code that loops a lot is not.
import {describe, expect, it} from "vitest";
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {exercises} from "../../../content/exercises/index.ts";
import {formatReport, gradeSource, type GradeReport} from "../../../src/grader/index.ts";
import {np, nn} from "../../../src/tensor/index.ts";
import {correctSolutions} from "../../support/correct-solutions.ts";

const rt = {np, nn};
const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../../fixtures/submissions", name), "utf8").replace(/^export /gm, "");
const finalSeeds = (id: string) => exercises[id].trials.map((_, i) => 4242 + i);
const ids = (r: GradeReport) => r.diagnoses.map((d) => d.id);

const numericRelu = `function relu_backward(dout, cache) {
  const x = cache;
  const f = (x) => np.maximum(x, 0);
  const h = 1e-6;
  const dx = np.zeros(x.shape);
  for (let i = 0; i < x.size; i++) {
    const plus = x.copy(), minus = x.copy();
    plus.data[i] += h;
    minus.data[i] -= h;
    dx.data[i] = ((f(plus) - f(minus)) * dout).sum().item() / (2 * h);
  }
  return dx;
}`;

describe("autograd is switched off inside exercises", () => {
  it("rebuilding the forward with requiresGrad_() and backward() is an error that says so", () => {
    const report = gradeSource(exercises.batchnorm_backward, fixture("cheat_autograd_batchnorm.js"), rt);
    expect(report.status, formatReport(report)).toBe("error");
    expect(report.error?.kind).toBe("autograd");
    expect(report.error?.message).toMatch(/requiresGrad_\(\) is not available inside an exercise/);
    expect(report.diagnoses[0].hint.nudge).toMatch(/Autograd is switched off inside exercises/);
  });
  it("asking an nn op for its gradient (np.array with requiresGrad) is an error that says so", () => {
    const report = gradeSource(exercises.softmax_loss, fixture("cheat_nn_softmax.js"), rt);
    expect(report.status).toBe("error");
    expect(report.error?.kind).toBe("autograd");
  });
  it("an nn op still computes its forward value, without any gradient to read", () => {
    const source = `function softmax_loss(x, y) {
  const loss = nn.cross_entropy(x, y);
  return [loss.item(), loss.grad ?? x.grad ?? np.zeros(x.shape)];
}`;
    const report = gradeSource(exercises.softmax_loss, source, rt);
    expect(report.steps.find((s) => s.name === "loss")?.status).toBe("pass");
    expect(report.steps.find((s) => s.name === "dx")?.status).toBe("fail");
  });
  it("autograd works again after the call (the switch is restored)", () => {
    gradeSource(exercises.batchnorm_backward, fixture("cheat_autograd_batchnorm.js"), rt);
    const x = np.array([1, 2, 3]).requiresGrad_();
    x.mul(x).sum().backward();
    expect(Array.from(x.grad!.values())).toEqual([2, 4, 6]);
  });
});

describe("a numerical gradient is flagged by its tensor work", () => {
  it("fails a final grade with its reason and no points, even where its outputs match", () => {
    const report = gradeSource(exercises.relu_backward, numericRelu, rt, {mode: "final", seeds: finalSeeds("relu_backward")});
    expect(report.status, formatReport(report)).toBe("wrong");
    expect(report.score.passed).toBe(0);
    expect(report.summary).toMatch(/computes a numerical gradient instead of the backward pass/);
    expect(ids(report)[0]).toBe("numeric-gradient");
    // Its outputs are right: only the integrity check fails it.
    expect(report.trials.every((t) => t.steps.every((s) => s.status === "pass"))).toBe(true);
  });
  it("is a note in practice: the outputs pass, with the reason as the caveat", () => {
    const report = gradeSource(exercises.relu_backward, numericRelu, rt);
    expect(report.status).toBe("passed");
    expect(report.caveat).toMatch(/numerical gradient/);
    expect(ids(report)).toContain("numeric-gradient");
  });
  it("flags a centered-difference batchnorm gradient in every trial large enough to tell", () => {
    const report = gradeSource(exercises.batchnorm_backward, fixture("cheat_numeric_batchnorm.js"), rt, {mode: "final", seeds: finalSeeds("batchnorm_backward")});
    expect(report.status).toBe("wrong");
    expect(report.summary).toMatch(/numerical gradient/);
    for (const t of report.trials) expect(t.work!.learner, t.name).toBeGreaterThan(8 * t.work!.reference + 40);
  });
  it("leaves every correct solution alone, naive loops over windows and rows included", () => {
    const loopy = `function batchnorm_backward(dout, cache) {
  const {xhat, gamma, ivar} = cache;
  const [N, D] = dout.shape;
  const dbeta = dout.sum(0);
  const dgamma = (dout * xhat).sum(0);
  const dx = np.zeros([N, D]);
  const g = dout * gamma;
  const gsum = g.sum(0), gxsum = (g * xhat).sum(0);
  for (let i = 0; i < N; i++) dx[i] = (N * g[i] - gsum - xhat[i] * gxsum) * ivar / N;
  return [dx, dgamma, dbeta];
}`;
    const all = [...correctSolutions, {exercise: "batchnorm_backward", variant: "row loop", source: loopy}];
    for (const s of all) {
      const report = gradeSource(exercises[s.exercise], s.source, rt, {mode: "final", seeds: finalSeeds(s.exercise)});
      expect(report.status, `${s.exercise} (${s.variant}): ${formatReport(report)}`).toBe("passed");
      expect(ids(report), `${s.exercise} (${s.variant})`).not.toContain("numeric-gradient");
      // Well inside the budget, not just under it.
      for (const t of report.trials) if (t.work) expect(t.work.learner, `${s.exercise} ${t.name}`).toBeLessThanOrEqual(3 * t.work.reference + 10);
    }
  });
  it("takes the budget as an option (a budget of nothing flags even a correct solution)", () => {
    const solution = correctSolutions.find((s) => s.exercise === "relu_backward")!.source;
    const strict = gradeSource(exercises.relu_backward, solution, rt, {mode: "final", seeds: finalSeeds("relu_backward"), workBudget: {factor: 0, floor: 0}});
    expect(strict.status).toBe("wrong");
    const loose = gradeSource(exercises.relu_backward, numericRelu, rt, {mode: "final", seeds: finalSeeds("relu_backward"), workBudget: {factor: 1e6, floor: 1e6}});
    expect(loose.status).toBe("passed");
  });
});

describe("strict mode, with messages that teach", () => {
  it("a Python keyword argument gets the positional form and the method form", () => {
    const source = correctSolutions.find((s) => s.variant === "staged")!.source.replace("const dbeta = dout.sum(0)", "const dbeta = np.sum(dout, axis=0)");
    const report = gradeSource(exercises.batchnorm_backward, source, rt);
    expect(report.status).toBe("error");
    expect(report.error?.message).toMatch(/ReferenceError: axis is not defined/);
    const hint = report.diagnoses.find((d) => d.kind === "error")!.hint;
    expect(hint.nudge).toBe("JavaScript has no keyword arguments: `axis=0` assigns to an undeclared variable.");
    expect(hint.fix).toBe("Write `np.sum(dout, 0)` (or `dout.sum(0)`).");
  });
  it("a dropped const names the variable and its line", () => {
    const source = correctSolutions.find((s) => s.variant === "staged")!.source.replace("const dmu = ", "dmu = ");
    const report = gradeSource(exercises.batchnorm_backward, source, rt);
    expect(report.status).toBe("error");
    const line = source.split("\n").findIndex((l) => /^\s*dmu = /.test(l)) + 1;
    expect(report.error?.line).toBe(line);
    const hint = report.diagnoses.find((d) => d.kind === "error")!.hint;
    expect(hint.nudge).toMatch(/`dmu` is assigned but never declared/);
    expect(hint.fix).toMatch(/const dmu = …/);
  });
});
