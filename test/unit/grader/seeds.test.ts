// Trials catch their mistakes by construction, not by luck of the draw: under 50 different final-grade
// seed sets (as `backstep grade --seed S` draws them), every mutant an exercise lists is told apart from
// the reference by some trial, every mistake a trial exists to catch fails, and every correct solution
// the tests hold passes.
import {describe, expect, it} from "vitest";
import {exercises} from "../../../content/exercises/index.ts";
import {compareDense, formatReport, gradeSource, prepareTrials} from "../../../src/grader/index.ts";
import {trialSeed} from "../../../src/sandbox/catalog.ts";
import {np, nn} from "../../../src/tensor/index.ts";
import {correctSolutions} from "../../support/correct-solutions.ts";
import {mutate} from "./helpers.ts";
import * as S from "./solutions/others.ts";

const rt = {np, nn};
const runSeeds = Array.from({length: 50}, (_, i) => 1000 + 7919 * i);
const seedsFor = (id: string, run: number) => exercises[id].trials.map((_, i) => trialSeed(run, id, i));

describe("every listed mutant is caught under 50 seeds", () => {
  for (const def of Object.values(exercises)) {
    if (!def.mutants.length) continue;
    it(`${def.id}: each of its ${def.mutants.length} mutants differs from the reference in some trial, on every seed`, () => {
      const tol = def.tol ?? 1e-7;
      const uncaught: string[] = [];
      for (const run of runSeeds) {
        const prepared = prepareTrials(def, rt, {mode: "final", seeds: seedsFor(def.id, run)});
        for (const m of def.mutants) {
          const caught = prepared.some((t) => {
            const value = t.mutants.find((p) => p.id === m.id && p.step === m.step)?.value;
            const ref = t.context.ref[m.step];
            if (!value) return false;
            if (value.shape.join() !== ref.shape.join()) return true;
            return !(compareDense(ref, value).relError <= tol);
          });
          if (!caught) uncaught.push(`${m.id} at ${m.step} (seed ${run})`);
        }
      }
      expect(uncaught).toEqual([]);
    });
  }
});

// Mistakes that exist as code, each with the trial that is there to catch it.
const caughtByTrial = [
  {name: "softmax without subtracting the row max", id: "softmax_loss",
    source: mutate(S.softmax_loss, "const shifted = x - x.max(1, true);", "const shifted = x;").replace(
      "const logZ = np.log(np.exp(shifted).sum(1, true));\n  const logProbs = shifted - logZ;\n  const probs = np.exp(logProbs);",
      "const probs = np.exp(shifted) / np.exp(shifted).sum(1, true);\n  const logProbs = np.log(probs);")},
  {name: "max-pool with = instead of += (overlapping windows)", id: "max_pool_backward_naive",
    source: mutate(S.max_pool_backward_naive, "dx[n, c, r, s] += dout[n, c, i, j];", "dx[n, c, r, s] = dout[n, c, i, j];")},
  {name: "max-pool routing the gradient to every maximum of a window (ties)", id: "max_pool_backward_naive",
    source: mutate(S.max_pool_backward_naive, "dx[n, c, r, s] += dout[n, c, i, j];",
      "for (let a = 0; a < pool_height; a++) for (let b = 0; b < pool_width; b++) if (x[n, c, r0 + a, c0 + b] === x[n, c, r, s]) dx[n, c, r0 + a, c0 + b] += dout[n, c, i, j];")},
  {name: "conv with = instead of += into dx", id: "conv_backward_naive",
    source: mutate(S.conv_backward_naive, "dxpad[n, \":\", rows, cols] += w[f] * g;", "dxpad[n, \":\", rows, cols] = w[f] * g;")},
  {name: "conv ignoring the stride", id: "conv_backward_naive",
    source: S.conv_backward_naive.replace(/i \* stride/g, "i").replace(/j \* stride/g, "j")}
];

describe("a mistake a trial exists to catch fails under 50 seeds", () => {
  for (const c of caughtByTrial) {
    it(`${c.id}: ${c.name}`, () => {
      const passedOn: number[] = [];
      for (const run of runSeeds) {
        const report = gradeSource(exercises[c.id], c.source, rt, {mode: "final", seeds: seedsFor(c.id, run)});
        if (report.status === "passed") passedOn.push(run);
      }
      expect(passedOn).toEqual([]);
    });
  }
});

describe("every correct solution passes under the same 50 seeds", () => {
  for (const s of correctSolutions) {
    it(`${s.exercise} (${s.variant})`, () => {
      for (const run of runSeeds) {
        const report = gradeSource(exercises[s.exercise], s.source, rt, {mode: "final", seeds: seedsFor(s.exercise, run)});
        expect(report.status, `seed ${run}: ${formatReport(report)}`).toBe("passed");
      }
    });
  }
});
