// The course's own exercises: each reference solution passes every trial (practice seeds and fresh
// final seeds), the starter is "not attempted", and each typical mistake fails with its own hint.
import {describe, expect, it} from "vitest";
import {formatReport} from "../../../src/grader/index.ts";
import {exercises} from "../../../content/exercises/index.ts";
import {grade, mutate} from "../grader/helpers.ts";
import * as solutions from "./solutions.ts";
import * as guided from "./guided.ts";

const ids = Object.keys(solutions) as (keyof typeof solutions)[];

describe("course exercises: reference solutions", () => {
  it("are registered in content/exercises/index.ts", () => {
    for (const id of ids) expect(exercises[id]?.fn, id).toBe(id);
  });
  for (const id of ids) {
    it(`${id}: passes every practice trial with every step ✓`, () => {
      const report = grade(id, solutions[id]);
      expect(report.status, formatReport(report)).toBe("passed");
      expect(report.score.passed).toBe(exercises[id].trials.length);
      for (const t of report.trials) for (const s of t.steps) expect(s.status, `${t.name}: ${s.name}`).toBe("pass");
    });
    it(`${id}: passes a final grade with fresh seeds`, () => {
      const seeds = exercises[id].trials.map((_, i) => 5000 + 13 * i);
      const report = grade(id, solutions[id], {mode: "final", seeds});
      expect(report.status, formatReport(report)).toBe("passed");
    });
    it(`${id}: the starter code counts as not attempted`, () => {
      expect(grade(id, exercises[id].starter).status).toBe("not-attempted");
    });
  }
});

/** [exercise, description, from, to, the mutant or invariant id the grader must name]. */
const mistakes: [keyof typeof solutions, string, string, string, string | null][] = [
  ["mul_gate_backward", "not swapped", "const da = b * dout;", "const da = a * dout;", "not-swapped"],
  ["mul_gate_backward", "no upstream gradient", "const db = a * dout;", "const db = a;", "no-dout"],
  ["max_gate_backward", "mask flipped", "const da = dout * np.greater(a, b);", "const da = dout * np.greater(b, a);", "routed-to-loser"],
  ["max_gate_backward", "copied like an add gate", "const db = dout * np.greater(b, a);", "const db = dout;", "copied-to-both"],
  ["sum_gate_backward", "mean instead of sum", "np.ones([N, 1]) * dout;", "np.ones([N, 1]) * dout / N;", "divided-by-N"],
  ["sum_gate_backward", "dout returned as is", "const dx = np.ones([N, 1]) * dout;", "const dx = dout;", null],
  ["affine_forward", "no bias", "np.matmul(x.reshape(N, -1), w) + b;", "np.matmul(x.reshape(N, -1), w);", "no-bias"],
  ["variance_backward", "factor 2 forgotten", "const ddiff = 2 * diff * dsquare;", "const ddiff = diff * dsquare;", "no-factor-2"],
  ["variance_backward", "1/N forgotten", "const dsquare = np.ones([N, 1]) * dout / N;", "const dsquare = np.ones([N, 1]) * dout;", "no-1/N"],
  ["batchnorm_backward_alt", "dgamma without the batch sum", "const dgamma = (dout * xhat).sum(0);", "const dgamma = dout * xhat;", null],
  ["batchnorm_backward_alt", "gamma dropped", "const dx = gamma * ivar / N", "const dx = ivar / N", "gamma-missing"],
  ["batchnorm_backward_alt", "mean term dropped", "(N * dout - dbeta - xhat * dgamma)", "(N * dout - xhat * dgamma)", "no-mean-term"],
  ["svm_loss", "correct class counted", "for (let i = 0; i < N; i++) margins[i, y[i]] = 0;", "", "correct-class-counted"],
  ["svm_loss", "no 1/N", "const dx = active / N;", "const dx = active;", "no-1/N"],
  ["spatial_batchnorm_backward", "N instead of N·H·W", "const M = N * H * W;", "const M = N;", "N-not-NHW"],
  ["spatial_batchnorm_backward", "reshape without transpose", "const rows = (t) => t.transpose(0, 2, 3, 1).reshape(-1, C);", "const rows = (t) => t.reshape(-1, C);", "reshape-without-transpose"],
  ["layernorm_backward", "gamma pulled out of the row sums",
    "const dx = ivar / D * (D * dxhat - dxhat.sum(1, true) - xhat * (dxhat * xhat).sum(1, true));",
    "const dx = gamma * ivar / D * (D * dout - dout.sum(1, true) - xhat * (dout * xhat).sum(1, true));", "gamma-outside-sums"],
  ["layernorm_backward", "batchnorm axis", "const dx = ivar / D * (D * dxhat - dxhat.sum(1, true) - xhat * (dxhat * xhat).sum(1, true));",
    "const dx = ivar / D * (D * dxhat - dxhat.sum(0) - xhat * (dxhat * xhat).sum(0));", null],
  ["affine_relu_backward", "ReLU skipped", "const da = dout * np.greater(a, 0);", "const da = dout;", "mask-on-output"]
];

describe("course exercises: typical mistakes are caught and explained", () => {
  for (const [id, what, from, to, diagnosis] of mistakes) {
    it(`${id}: ${what}`, () => {
      const report = grade(id, mutate(solutions[id], from, to));
      expect(report.status, formatReport(report)).not.toBe("passed");
      if (diagnosis) expect(report.diagnoses.map((d) => d.id), formatReport(report)).toContain(diagnosis);
      else expect(report.diagnoses.length, formatReport(report)).toBeGreaterThan(0);
    });
  }
});

describe("the grader's exercises can be completed with what the lessons teach", () => {
  for (const [id, source] of Object.entries(guided)) {
    it(`${id}: a lesson-style solution passes every trial`, () => {
      const report = grade(id, source);
      expect(report.status, formatReport(report)).toBe("passed");
    });
  }
});

describe("revealed solutions (last level of help) are correct", () => {
  for (const def of Object.values(exercises).filter((d) => d.reveal)) {
    it(`${def.id}: its reveal passes every trial`, () => {
      const report = grade(def.id, def.reveal!);
      expect(report.status, formatReport(report)).toBe("passed");
    });
  }
});
