// Diagnosis that generalises. (1) A generated corpus: for every exercise and every step, each generic
// mistake class is applied to the reference value of that step (all other steps right), on several
// seeds, and the rule that names that class must rank first. (2) Hand-written realistic mistakes
// (test/fixtures/mistakes, each with its expected first wrong step and hint id in a header comment),
// graded end to end. Rates are printed in the test output.
import {afterAll, describe, expect, it} from "vitest";
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {exercises} from "../../../content/exercises/index.ts";
import {formatReport, gradeSource, gradeTrial, prepareTrials, type Dense, type LearnerOutcome, type PreparedTrial} from "../../../src/grader/index.ts";
import {np, nn} from "../../../src/tensor/index.ts";

const rt = {np, nn};
const seeds = [3, 17, 101];

interface Applied {
  id: RegExp;
  transform(ref: Dense, trial: PreparedTrial): Dense | null;
}

const scale = (c: number) => (ref: Dense) => ({...ref, data: ref.data.map((v) => v * c)});
const classes: Record<string, Applied> = {
  sign: {id: /^sign$/, transform: scale(-1)},
  "factor-2": {id: /^factor-2$/, transform: scale(2)},
  "factor-half": {id: /^factor-half$/, transform: scale(0.5)},
  "factor-N": {id: /^factor-N$/, transform: (ref, t) => (t.config.N > 2 ? scale(t.config.N)(ref) : null)},
  "factor-1/N": {id: /^factor-1\/N$/, transform: (ref, t) => (t.config.N > 2 ? scale(1 / t.config.N)(ref) : null)},
  transposed: {id: /^(axes-permuted|transposed|dw-transposed)$/, transform: (ref) => {
    if (ref.shape.length !== 2 || ref.shape[0] === ref.shape[1]) return null;
    const [r, c] = ref.shape;
    const data = new Float64Array(ref.data.length);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) data[j * r + i] = ref.data[i * c + j];
    return {$tensor: true, shape: [c, r], data};
  }}
};

/** An outcome where every step holds its reference except `name`, which holds `value`. */
function outcomeWith(def: (typeof exercises)[string], trial: PreparedTrial, name: string, value: Dense): LearnerOutcome {
  const observed = def.steps.filter((s) => s.output === undefined).map((s, line) => ({name: s.name, line: line + 1, value: s.name === name ? value : trial.context.ref[s.name]}));
  const outputs = def.returns.map((r) => {
    const step = def.steps.find((s) => s.output === def.returns.indexOf(r));
    return step ? (step.name === name ? value : trial.context.ref[step.name]) : null;
  });
  return {observed, returned: def.returns.length === 1 ? outputs[0] : outputs, error: null};
}

const tally = {generated: {cases: 0, firstWrong: 0, primary: 0}, fixtures: {cases: 0, verdict: 0, firstWrong: 0, primary: 0}};
const misses: string[] = [];

describe("generic rules rank first on a generated corpus (every exercise, step, class and seed)", () => {
  for (const def of Object.values(exercises)) {
    it(def.id, () => {
      for (const seed of seeds) {
        const trials = prepareTrials(def, rt, {mode: "final", seeds: def.trials.map((_, i) => seed * 31 + i)});
        for (const trial of trials) {
          for (const step of def.steps) {
            const ref = trial.context.ref[step.name];
            // A step whose true gradient is zero (variance's mean branch) cannot show a factor.
            if (!ref || ref.data.length < 2 || ref.data.every((v) => Math.abs(v) < 1e-9)) continue;
            for (const [cls, applied] of Object.entries(classes)) {
              const value = applied.transform(ref, trial);
              if (!value) continue;
              // A value that is also another step's reference is ambiguous by construction.
              if (def.steps.some((s) => s.name !== step.name && s.output !== undefined && trial.context.ref[s.name]?.data.every((v, i) => v === value.data[i]))) continue;
              const report = gradeTrial(def, trial, outcomeWith(def, trial, step.name, value), rt);
              tally.generated.cases++;
              if (report.firstWrong === step.name) tally.generated.firstWrong++;
              const primary = report.diagnoses.find((d) => d.step === step.name);
              // The exercise's own mutant for the same value names it more specifically still.
              if (primary && (applied.id.test(primary.id) || primary.rank === 100)) tally.generated.primary++;
              else misses.push(`${def.id} ${trial.name} ${step.name} ${cls}: got ${primary?.id ?? "nothing"}`);
            }
          }
        }
      }
    });
  }
  it("names the mistake first in every generated case", () => {
    expect(misses.slice(0, 20)).toEqual([]);
    expect(tally.generated.primary).toBe(tally.generated.cases);
  });
});

const mistakesDir = join(import.meta.dirname, "../../fixtures/mistakes");

describe("hand-written realistic mistakes", () => {
  for (const file of readdirSync(mistakesDir).filter((f) => f.endsWith(".js")).sort()) {
    const text = readFileSync(join(mistakesDir, file), "utf8");
    const header = (key: string) => new RegExp(`^// ${key}: (.+)$`, "m").exec(text)?.[1]?.trim();
    it(`${file}: ${header("mistake")}`, () => {
      const id = header("exercise")!, firstWrong = header("first-wrong"), hint = header("hint")!, status = header("status") ?? "wrong";
      const source = text.replace(/^\/\/.*\n/gm, "");
      for (const seed of seeds) {
        const def = exercises[id];
        const report = gradeSource(def, source, rt, {mode: "final", seeds: def.trials.map((_, i) => seed * 7 + i)});
        tally.fixtures.cases++;
        if (report.status === status) tally.fixtures.verdict++;
        if (!firstWrong || report.firstWrong === firstWrong) tally.fixtures.firstWrong++;
        const primary = report.diagnoses.find((d) => d.kind !== "error" || status === "error");
        if (primary && new RegExp(hint).test(primary.id)) tally.fixtures.primary++;
        expect(report.status, `${file} seed ${seed}: ${formatReport(report)}`).toBe(status);
        if (firstWrong) expect(report.firstWrong, `${file} seed ${seed}`).toBe(firstWrong);
        expect(primary?.id, `${file} seed ${seed}: ${report.diagnoses.map((d) => `${d.step}|${d.id}`).join(", ")}`).toMatch(new RegExp(hint));
      }
    });
  }
});

afterAll(() => {
  const pct = (a: number, b: number) => `${b ? Math.round((100 * a) / b) : 100} %`;
  const g = tally.generated, f = tally.fixtures;
  console.log(`diagnosis rates — generated: ${g.cases} cases, first wrong step ${pct(g.firstWrong, g.cases)}, primary hint names the mistake ${pct(g.primary, g.cases)}; ` +
    `hand-written: ${f.cases} graded cases, verdict ${pct(f.verdict, f.cases)}, first wrong step ${pct(f.firstWrong, f.cases)}, primary hint ${pct(f.primary, f.cases)}`);
});
