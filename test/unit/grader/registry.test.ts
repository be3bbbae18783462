// Every registered exercise (ours and the course's) is well formed: trials prepare, every step has a
// reference of the right shape, the starter is "not attempted", mutants are defined on some trial.
import {describe, expect, it} from "vitest";
import {exercises} from "../../../content/exercises/index.ts";
import {isUntouched, prepareTrials} from "../../../src/grader/index.ts";
import {grade, rt} from "./helpers.ts";

describe("exercise registry", () => {
  for (const def of Object.values(exercises)) {
    it(`${def.id}: definition is consistent`, () => {
      expect(def.id).toMatch(/^[a-z_][a-z0-9_]*$/);
      expect(def.starter).toContain(`function ${def.fn}(`);
      const outputs = def.steps.filter((s) => s.output !== undefined).map((s) => s.output!);
      expect(outputs.length, "at least one graded output").toBeGreaterThan(0);
      expect(new Set(outputs).size, "outputs are distinct").toBe(outputs.length);
      for (const o of outputs) expect(o).toBeLessThan(def.returns.length);
      const names = new Set(def.steps.map((s) => s.name));
      for (const s of def.steps) for (const up of [...(s.sumOf ?? []), ...Object.values(s.given ?? {}).flat()]) expect(names, `${s.name} ← ${up}`).toContain(up);
      for (const m of def.mutants) expect(names, `mutant ${m.id}`).toContain(m.step);
      for (const inv of def.invariants ?? []) expect(names, `invariant ${inv.id}`).toContain(inv.step);
      const prepared = prepareTrials(def, rt);
      expect(prepared).toHaveLength(def.trials.length);
      for (const m of def.mutants) expect(prepared.some((t) => t.mutants.some((p) => p.id === m.id && p.step === m.step)), `mutant ${m.id} on some trial`).toBe(true);
      expect(isUntouched(def, def.starter)).toBe(true);
      expect(grade(def.id, def.starter).status).toBe("not-attempted");
    });
  }
});
