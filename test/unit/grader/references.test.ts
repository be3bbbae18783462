// Every exercise's reference solution passes every trial (practice and fresh final seeds), and the
// references themselves agree with numeric gradients and with PyTorch's fixture.
import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {exercises} from "../../../content/exercises/index.ts";
import {prepareTrials, runForward, formatReport} from "../../../src/grader/index.ts";
import {grade, rt} from "./helpers.ts";
import * as others from "./solutions/others.ts";
import {compact, staged} from "./solutions/batchnorm_backward.ts";
import {numericGradient, relError, np} from "../../../src/tensor/index.ts";

const solutions: Record<string, string> = {...others, batchnorm_backward: staged};

describe("reference solutions", () => {
  it("exist for exercises that are registered", () => {
    for (const id of Object.keys(solutions)) expect(exercises[id], id).toBeDefined();
  });
  for (const [id, source] of Object.entries(solutions)) {
    it(`${id} passes every practice trial, every step ✓`, () => {
      const report = grade(id, source);
      expect(report.status, formatReport(report)).toBe("passed");
      expect(report.score.passed).toBe(exercises[id].trials.length);
      for (const t of report.trials) for (const s of t.steps) expect(s.status, `${t.name} ${s.name}`).toBe("pass");
    });
    it(`${id} passes a final grade with fresh seeds`, () => {
      const report = grade(id, source, {mode: "final", seeds: exercises[id].trials.map((_, i) => 1000 + 7 * i)});
      expect(report.status, formatReport(report)).toBe("passed");
      expect(report.trials.map((t) => t.seed)).toEqual(exercises[id].trials.map((_, i) => 1000 + 7 * i));
    });
  }
  it("the compact batchnorm formula with its own names passes on outputs; intermediates are 'not computed'", () => {
    const report = grade("batchnorm_backward", compact);
    expect(report.status, formatReport(report)).toBe("passed");
    const byName = Object.fromEntries(report.steps.map((s) => [s.name, s.status]));
    expect(byName).toMatchObject({dx: "pass", dgamma: "pass", dbeta: "pass", dxhat: "missing", dxmu1: "missing"});
  });
});

describe("references against numeric gradients", () => {
  for (const def of Object.values(exercises)) {
    it(`${def.id}: autograd reference = centered differences on the first trial`, () => {
      const trial = def.trials[0];
      const {inputs, out} = runForward(def, trial.config, trial.seed, rt);
      out.backward(inputs.dout);
      for (const name of def.differentiable) {
        const x = inputs[name];
        const f = () => {
          const fresh: Record<string, unknown> = {...inputs};
          fresh[name] = x;
          return def.forward(fresh, trial.config, rt);
        };
        const numeric = numericGradient(f, x, inputs.dout);
        expect(relError(numeric, x.grad), `${def.id} d${name}`).toBeLessThan(1e-6);
      }
    });
  }
});

describe("batchnorm references against PyTorch (test/fixtures/pytorch/batchnorm.json)", () => {
  const fixture = JSON.parse(readFileSync(new URL("../../fixtures/pytorch/batchnorm.json", import.meta.url), "utf8"));
  const def = exercises.batchnorm_backward;
  const tensor = (t: {shape: number[]; data: number[]}) => (t.shape.length ? np.array(t.data).reshape(t.shape) : np.array(t.data[0]));
  for (const c of fixture.cases) {
    it(c.name, () => {
      const inputs: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(c.inputs)) inputs[k] = tensor(v as {shape: number[]; data: number[]});
      const trial = {name: c.name, seed: 0, config: {N: c.inputs.x.shape[0], D: c.inputs.x.shape[1], eps: c.params.eps}};
      const prepared = prepareTrials({...def, trials: [trial], makeInputs: () => ({...inputs})}, rt)[0];
      const ref = prepared.context.ref;
      const close = (name: string, got: {data: Float64Array}, want: {data: number[]}) => {
        const err = Math.max(...want.data.map((w, i) => Math.abs(w - got.data[i]) / Math.max(1e-8, Math.abs(w) + Math.abs(got.data[i]))));
        expect(err, name).toBeLessThan(1e-9);
      };
      close("dx", ref.dx, c.grads.x);
      close("dgamma", ref.dgamma, c.grads.gamma);
      close("dbeta", ref.dbeta, c.grads.beta);
      const ig = c.intermediate_grads;
      close("dxhat", ref.dxhat, ig.xhat);
      close("divar", ref.divar, ig.ivar);
      close("dsqrtvar", ref.dsqrtvar, ig.sqrtvar);
      close("dvar", ref.dvar, ig.var);
      close("dsq", ref.dsq, ig.sq);
      close("dmu", ref.dmu, ig.mu);
      close("dgammax", ref.dgammax, ig.gammax);
      // Both branches into xmu add up to its total gradient; x→xmu is the identity edge.
      close("dx1 (edge x→xmu)", ref.dx1, ig.xmu);
      const sum = ref.dxmu1.data.map((v, i) => v + ref.dxmu2.data[i]);
      close("dxmu1 + dxmu2", {data: sum}, ig.xmu);
      expect(Object.keys(prepared.context.named)).toContain("xhat");
    });
  }
});
