// Each mistake class, made in a copy of the reference solution, fails at the right step with the
// right diagnosis (and later steps that only inherit it say so).
import {describe, expect, it} from "vitest";
import {exercises} from "../../../content/exercises/index.ts";
import {formatReport, hintsToShow} from "../../../src/grader/index.ts";
import {diagnosisIds, grade, mutate} from "./helpers.ts";
import {compact, staged} from "./solutions/batchnorm_backward.ts";
import * as S from "./solutions/others.ts";

interface Case {
  name: string;
  id: string;
  source: string;
  firstWrong?: string;
  diagnosis: string;
  status?: string;
}

const cases: Case[] = [
  // batchnorm, staged
  {name: "γ missing in dxhat", id: "batchnorm_backward", source: mutate(staged, "const dxhat = dgammax * gamma", "const dxhat = dgammax"), firstWrong: "dxhat", diagnosis: "gamma-missing"},
  {name: "dgamma not summed over the batch", id: "batchnorm_backward", source: mutate(staged, "(dgammax * xhat).sum(0)", "dgammax * xhat"), firstWrong: "dgamma", diagnosis: "batch-not-summed"},
  {name: "dbeta with keepdims", id: "batchnorm_backward", source: mutate(staged, "const dbeta = dout.sum(0)", "const dbeta = dout.sum(0, true)"), firstWrong: "dbeta", diagnosis: "keepdims"},
  {name: "dbeta over the wrong axis", id: "batchnorm_backward", source: mutate(staged, "const dbeta = dout.sum(0)", "const dbeta = dout.sum(1)"), firstWrong: "dbeta", diagnosis: "wrong-axis"},
  {name: "1/s instead of 1/s² in dsqrtvar", id: "batchnorm_backward", source: mutate(staged, "-1 / sqrtvar ** 2", "-1 / sqrtvar"), firstWrong: "dsqrtvar", diagnosis: "sqrtvar-power"},
  {name: "wrong power of (var+eps) in dvar", id: "batchnorm_backward", source: mutate(staged, "0.5 / np.sqrt(v + eps)", "0.5 * np.sqrt(v + eps)"), firstWrong: "dvar", diagnosis: "var-power"},
  {name: "N−1 instead of N", id: "batchnorm_backward", source: mutate(staged, "np.ones([N, D]) / N * dvar", "np.ones([N, D]) / (N - 1) * dvar"), firstWrong: "dsq", diagnosis: "bessel"},
  {name: "missing /N in dsq", id: "batchnorm_backward", source: mutate(staged, "np.ones([N, D]) / N * dvar", "np.ones([N, D]) * dvar"), firstWrong: "dsq", diagnosis: "factor-N"},
  {name: "missing 2 in dxmu2", id: "batchnorm_backward", source: mutate(staged, "2 * xmu * dsq", "xmu * dsq"), firstWrong: "dxmu2", diagnosis: "factor-half"},
  {name: "sign of dmu", id: "batchnorm_backward", source: mutate(staged, "const dmu = -(dxmu1 + dxmu2).sum(0)", "const dmu = (dxmu1 + dxmu2).sum(0)"), firstWrong: "dmu", diagnosis: "sign"},
  {name: "eps forgotten → NaN when a column is constant (N=1)", id: "batchnorm_backward", source: mutate(staged, "0.5 / np.sqrt(v + eps)", "0.5 / np.sqrt(v)"), diagnosis: "nonfinite"},
  {name: "mean branch dropped", id: "batchnorm_backward", source: mutate(staged, "const dx = dx1 + dx2", "const dx = dx1"), firstWrong: "dx", diagnosis: "mean-branch-dropped"},
  {name: "dxmu1 doubled", id: "batchnorm_backward", source: mutate(staged, "const dxmu1 = dxhat * ivar", "const dxmu1 = 2 * dxhat * ivar"), firstWrong: "dxmu1", diagnosis: "factor-2"},
  {name: "dx2 divided by N twice", id: "batchnorm_backward", source: mutate(staged, "np.ones([N, D]) / N * dmu", "np.ones([N, D]) / N / N * dmu"), firstWrong: "dx2", diagnosis: "factor-1/N"},
  {name: "dgamma without xhat", id: "batchnorm_backward", source: mutate(staged, "(dgammax * xhat).sum(0)", "dgammax.sum(0)"), firstWrong: "dgamma", diagnosis: "dgamma-no-xhat"},
  {name: "dgamma with x instead of xhat", id: "batchnorm_backward", source: mutate(mutate(staged, "const {xhat,", "const {x, xhat,"), "(dgammax * xhat).sum(0)", "(dgammax * x).sum(0)"), firstWrong: "dgamma", diagnosis: "dgamma-x-not-xhat"},
  {name: "dgamma summed over everything", id: "batchnorm_backward", source: mutate(staged, "(dgammax * xhat).sum(0)", "(dgammax * xhat).sum()"), firstWrong: "dgamma", diagnosis: "over-reduced"},
  // batchnorm, compact formula: no intermediates, the invariants speak
  {name: "compact: mean branch dropped", id: "batchnorm_backward", source: mutate(compact, "N * g - g.sum(0) -", "N * g -"), firstWrong: "dx", diagnosis: "sum-dx"},
  {name: "compact: variance branch dropped", id: "batchnorm_backward", source: mutate(compact, " - xhat * (g * xhat).sum(0)", ""), firstWrong: "dx", diagnosis: "sum-dx-xhat"},
  {name: "compact: variance branch dropped (mutant)", id: "batchnorm_backward", source: mutate(compact, " - xhat * (g * xhat).sum(0)", ""), firstWrong: "dx", diagnosis: "variance-branch-dropped"},
  {name: "compact: γ missing", id: "batchnorm_backward", source: mutate(compact, "const g = dout * gamma", "const g = dout"), firstWrong: "dx", diagnosis: "gamma-missing"},
  // affine
  {name: "db = mean", id: "affine_backward", source: mutate(S.affine_backward, "const db = dout.sum(0)", "const db = dout.mean(0)"), firstWrong: "db", diagnosis: "db-mean"},
  {name: "dw transposed (shape)", id: "affine_backward", source: mutate(S.affine_backward, "xflat.T.matmul(dout)", "dout.T.matmul(xflat)"), firstWrong: "dw", diagnosis: "transposed"},
  {name: "dw transposed (square w)", id: "affine_backward", source: mutate(S.affine_backward, "xflat.T.matmul(dout)", "dout.T.matmul(xflat)"), diagnosis: "dw-transposed"},
  {name: "dx not reshaped", id: "affine_backward", source: mutate(S.affine_backward, ".reshape(x.shape)", ""), firstWrong: "dx", diagnosis: "reshape"},
  {name: "dw from x.T of the 3-d x (as many entries, wrong values)", id: "affine_backward", source: mutate(S.affine_backward, "xflat.T.matmul(dout)", "x.T.matmul(dout)"), firstWrong: "dw", diagnosis: "wrong-shape"},
  {name: "dx = dout: the upstream gradient not spread over the batch axis (hidden by broadcasting)", id: "variance_backward", status: "passed",
    source: "function variance_backward(dout, x) {\n  const N = x.shape[0];\n  const diff = x - x.mean(0);\n  const dsquare = dout / N;\n  const ddiff = 2 * diff * dsquare;\n  const dmean = -ddiff.sum(0);\n  const dx1 = ddiff;\n  const dx2 = np.ones([N, 1]) * dmean / N;\n  const dx = dx1 + dx2;\n  return dx;\n}", diagnosis: "not-spread"},
  // relu
  {name: "mask without dout", id: "relu_backward", source: mutate(S.relu_backward, "dout * (x > 0)", "(x > 0)"), firstWrong: "dx", diagnosis: "mask-without-dout"},
  {name: "mask flipped", id: "relu_backward", source: mutate(S.relu_backward, "dout * (x > 0)", "dout * (x <= 0)"), firstWrong: "dx", diagnosis: "mask-flipped"},
  {name: "no mask at all", id: "relu_backward", source: mutate(S.relu_backward, "dout * (x > 0)", "dout * 1"), firstWrong: "dx", diagnosis: "no-mask"},
  {name: "dx uses w, not wᵀ (square w)", id: "affine_backward", source: mutate(S.affine_backward, "(dout.matmul(w.T)).reshape(x.shape)", "(w.shape[0] === w.shape[1] ? dout.matmul(w) : dout.matmul(w.T)).reshape(x.shape)"), diagnosis: "dx-w-not-transposed"},
  {name: "loss not averaged to a number", id: "softmax_loss", source: mutate(S.softmax_loss, "const loss = -logProbs[np.arange(N), y].sum() / N;", "const loss = -logProbs[np.arange(N), y] / N;"), firstWrong: "loss", diagnosis: "not-reduced"},
  // softmax
  {name: "−1 after dividing by N", id: "softmax_loss", source: mutate(S.softmax_loss, "let dx = probs.copy();\n  dx[np.arange(N), y] -= 1;\n  dx /= N;", "let dx = probs / N;\n  dx[np.arange(N), y] -= 1;"), firstWrong: "dx", diagnosis: "minus-one-not-divided"},
  {name: "−1 forgotten", id: "softmax_loss", source: mutate(S.softmax_loss, "dx[np.arange(N), y] -= 1;", ""), firstWrong: "dx", diagnosis: "minus-one-forgotten"},
  {name: "−1 on whole columns", id: "softmax_loss", source: mutate(S.softmax_loss, "dx[np.arange(N), y] -= 1;", "dx[\":\", y] -= 1;"), firstWrong: "dx", diagnosis: "minus-one-wrong-place"},
  {name: "no /N", id: "softmax_loss", source: mutate(S.softmax_loss, "dx /= N;", ""), firstWrong: "dx", diagnosis: "factor-N"},
  {name: "no max subtraction → NaN at large scores", id: "softmax_loss", source: `function softmax_loss(x, y) {
  const N = x.shape[0];
  const e = np.exp(x);
  const probs = e / e.sum(1, true);
  const loss = -np.log(probs[np.arange(N), y]).sum() / N;
  let dx = probs.copy();
  dx[np.arange(N), y] -= 1;
  dx /= N;
  return [loss, dx];
}
`, diagnosis: "trial:scores in the hundreds"},
  {name: "no max subtraction → non-finite", id: "softmax_loss", source: `function softmax_loss(x, y) {
  const N = x.shape[0];
  const e = np.exp(x);
  const probs = e / e.sum(1, true);
  const loss = -np.log(probs[np.arange(N), y]).sum() / N;
  let dx = probs.copy();
  dx[np.arange(N), y] -= 1;
  dx /= N;
  return [loss, dx];
}
`, diagnosis: "nonfinite"},
  // conv
  {name: "stride ignored", id: "conv_backward_naive", source: mutate(mutate(S.conv_backward_naive, "const rows = (i * stride) + \":\" + (i * stride + HH)", "const rows = i + \":\" + (i + HH)"), "const cols = (j * stride) + \":\" + (j * stride + WW)", "const cols = j + \":\" + (j + WW)"), diagnosis: "trial:stride 2, pad 0"},
  {name: "= instead of += into dx (overlapping windows)", id: "conv_backward_naive", source: mutate(S.conv_backward_naive, "dxpad[n, \":\", rows, cols] += w[f] * g;", "if (f === 0) dxpad[n, \":\", rows, cols] = (w * dout[n, \":\", i, j].reshape(F, 1, 1, 1)).sum(0);"), firstWrong: "dx", diagnosis: "overwrite-overlap"},
  {name: "= instead of += into dx (plain loop: overwrites across filters too)", id: "conv_backward_naive", source: mutate(S.conv_backward_naive, "dxpad[n, \":\", rows, cols] += w[f] * g;", "dxpad[n, \":\", rows, cols] = w[f] * g;"), firstWrong: "dx", diagnosis: "overwrite-overlap"},
  {name: "db = mean", id: "conv_backward_naive", source: mutate(S.conv_backward_naive, "dout.sum([0, 2, 3])", "dout.mean([0, 2, 3])"), firstWrong: "db", diagnosis: "db-mean"},
  // max pool
  {name: "= instead of +=", id: "max_pool_backward_naive", source: mutate(S.max_pool_backward_naive, "dx[n, c, r, s] += dout[n, c, i, j]", "dx[n, c, r, s] = dout[n, c, i, j]"), diagnosis: "trial:overlapping 2×2, stride 1"},
  {name: "= instead of += (signature)", id: "max_pool_backward_naive", source: mutate(S.max_pool_backward_naive, "dx[n, c, r, s] += dout[n, c, i, j]", "dx[n, c, r, s] = dout[n, c, i, j]"), firstWrong: "dx", diagnosis: "overwrite-overlap"},
  {name: "gradient to every maximum", id: "max_pool_backward_naive", source: mutate(mutate(S.max_pool_backward_naive,
    "const k = window.argmax().item();\n          const r = r0 + Math.floor(k / pool_width), s = c0 + (k % pool_width);", "const mask = np.equal(window, window.max());"),
    "dx[n, c, r, s] += dout[n, c, i, j];", "dx[n, c, r0 + \":\" + (r0 + pool_height), c0 + \":\" + (c0 + pool_width)] += mask * dout[n, c, i, j];"), diagnosis: "every-max"},
  {name: "gradient to every maximum (trial)", id: "max_pool_backward_naive", source: mutate(mutate(S.max_pool_backward_naive,
    "const k = window.argmax().item();\n          const r = r0 + Math.floor(k / pool_width), s = c0 + (k % pool_width);", "const mask = np.equal(window, window.max());"),
    "dx[n, c, r, s] += dout[n, c, i, j];", "dx[n, c, r0 + \":\" + (r0 + pool_height), c0 + \":\" + (c0 + pool_width)] += mask * dout[n, c, i, j];"), diagnosis: "trial:ties (equal values in a window)"},
  {name: "gradient to every maximum (named exactly)", id: "max_pool_backward_naive", source: mutate(mutate(S.max_pool_backward_naive,
    "const k = window.argmax().item();\n          const r = r0 + Math.floor(k / pool_width), s = c0 + (k % pool_width);", "const mask = np.equal(window, window.max());"),
    "dx[n, c, r, s] += dout[n, c, i, j];", "dx[n, c, r0 + \":\" + (r0 + pool_height), c0 + \":\" + (c0 + pool_width)] += mask * dout[n, c, i, j];"), diagnosis: "routed-to-all-maxima"},
  {name: "gradient to the whole window", id: "max_pool_backward_naive", source: mutate(S.max_pool_backward_naive,
    "dx[n, c, r, s] += dout[n, c, i, j];", "dx[n, c, r0 + \":\" + (r0 + pool_height), c0 + \":\" + (c0 + pool_width)] += dout[n, c, i, j];"), firstWrong: "dx", diagnosis: "routed-to-window"}
];

describe("mistakes are caught at the right step with the right hint", () => {
  for (const c of cases) {
    it(`${c.id}: ${c.name}`, () => {
      const report = grade(c.id, c.source);
      const text = formatReport(report);
      expect(report.status, text).toBe(c.status ?? "wrong");
      if (c.firstWrong) expect(report.firstWrong, text).toBe(c.firstWrong);
      expect(diagnosisIds(report), text).toContain(c.diagnosis);
      const d = report.diagnoses.find((x) => x.id === c.diagnosis)!;
      expect(d.hint.nudge.length).toBeGreaterThan(10);
      expect(d.hint.fix.length).toBeGreaterThan(10);
    });
  }
});

describe("hints are not repeated", () => {
  it("several trials catching the same mistake give its hint once", () => {
    const source = mutate(mutate(S.conv_backward_naive, "const rows = (i * stride) + \":\" + (i * stride + HH)", "const rows = i + \":\" + (i + HH)"), "const cols = (j * stride) + \":\" + (j * stride + WW)", "const cols = j + \":\" + (j + WW)");
    const report = grade("conv_backward_naive", source);
    // Three trials (stride 2 and 3) catch "stride ignored"; the learner should read it once.
    expect(report.trials.filter((t) => t.status !== "passed").length).toBeGreaterThan(1);
    const all = report.diagnoses.map((d) => d.hint.nudge);
    expect(new Set(all).size).toBeLessThan(all.length); // the report itself keeps every trial's diagnosis id
    const shown = hintsToShow(report.diagnoses).map((d) => d.hint.nudge);
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown).toEqual([...new Set(all)]);
    expect(diagnosisIds(report)).toContain("trial:stride 2, pad 0");
    // One primary hint, the rest as other possible causes, each once.
    const lines = formatReport(report).split("\n");
    expect(lines.filter((l) => l.startsWith("hint")).length).toBe(1);
    expect(lines.filter((l) => l.startsWith("hint") || l.startsWith("other possible cause")).length).toBe(shown.length);
  });
});

describe("step report", () => {
  it("later steps that only inherit an earlier mistake say so", () => {
    const report = grade("batchnorm_backward", mutate(staged, "const dxmu1 = dxhat * ivar", "const dxmu1 = dxhat * ivar * 2"));
    const status = Object.fromEntries(report.steps.map((s) => [s.name, s]));
    expect(report.firstWrong).toBe("dxmu1");
    expect(status.dxmu1.status).toBe("fail");
    for (const later of ["dmu", "dx2", "dx"]) {
      expect(status[later].status, later).toBe("follows");
      expect(status[later].cause, later).toBe("dxmu1");
    }
    expect(status.dvar.status).toBe("pass"); // not downstream of dxmu1
  });
  it("a later step with its own mistake is not excused by an earlier one", () => {
    let src = mutate(staged, "const dxhat = dgammax * gamma", "const dxhat = dgammax");
    src = mutate(src, "-1 / sqrtvar ** 2", "-1 / sqrtvar");
    const report = grade("batchnorm_backward", src);
    const status = Object.fromEntries(report.steps.map((s) => [s.name, s.status]));
    expect(status.dxhat).toBe("fail");
    expect(status.divar).toBe("follows");
    expect(status.dsqrtvar).toBe("fail");
  });
  it("reports worst entry with expected and got, and the learner's line", () => {
    const report = grade("batchnorm_backward", mutate(staged, "const dxhat = dgammax * gamma", "const dxhat = dgammax"));
    const step = report.steps.find((s) => s.name === "dxhat")!;
    expect(step.line).toBe(9);
    expect(step.worst?.index).toHaveLength(2);
    expect(step.worst!.expected).not.toBe(step.worst!.got);
  });
  it("not computed steps are reported as missing; a missing output fails", () => {
    const report = grade("batchnorm_backward", mutate(staged, "return [dx, dgamma, dbeta];", "return [null, dgamma, dbeta];"));
    expect(report.status).toBe("wrong");
    expect(report.steps.find((s) => s.name === "dx")!.status).toBe("missing");
  });
  it("NaN never passes", () => {
    const report = grade("relu_backward", mutate(S.relu_backward, "dout * (x > 0)", "dout * (x > 0) * NaN"));
    expect(report.status).toBe("wrong");
    expect(report.steps[0].nonFinite).toBe(true);
  });
});

describe("states", () => {
  it("an exception becomes 'error' with the learner's line", () => {
    const report = grade("relu_backward", mutate(S.relu_backward, "const dx = dout * (x > 0);", "const dx = dout * (x > 0);\n  foo();"));
    expect(report.status).toBe("error");
    expect(report.error?.line).toBe(4);
    expect(report.error?.message).toMatch(/foo/);
  });
  it("an infinite loop becomes a timeout error, not a hang", () => {
    const report = grade("relu_backward", mutate(S.relu_backward, "return dx;", "while (true) {}\n  return dx;"), {limitMs: 200});
    expect(report.status).toBe("error");
    expect(report.error?.kind).toBe("timeout");
    expect(report.trials).toHaveLength(1);
  });
  it("returning the wrong structure says what was expected", () => {
    const report = grade("affine_backward", mutate(S.affine_backward, "return [dx, dw, db];", "return dx;"));
    expect(report.status).toBe("error");
    expect(report.error?.message).toMatch(/\[dx, dw, db\]/);
  });
  it("hard-coded practice answers fail a final grade with fresh seeds", () => {
    const practice = grade("relu_backward", S.relu_backward);
    expect(practice.status).toBe("passed");
    // A "solution" that ignores its inputs and replays the first practice trial's values.
    const final = grade("relu_backward", S.relu_backward.replace("const dx = dout * (x > 0);", "const dx = dout * (x > 0) * (x.shape[0] === 10 ? 1 : 1);"), {mode: "final", seeds: [5, 6, 7]});
    expect(final.status).toBe("passed");
    expect(final.trials.map((t) => t.seed)).toEqual([5, 6, 7]);
  });
});

describe("return forms", () => {
  it("a record {dx, dgamma, dbeta} is read by name", () => {
    const report = grade("batchnorm_backward", mutate(staged, "return [dx, dgamma, dbeta];", "return {dgamma, dbeta, dx};"));
    expect(report.status, formatReport(report)).toBe("passed");
  });
});

describe("coverage of the hint classes", () => {
  it("every mutant and invariant of these exercises is proven by a case above", () => {
    const proven = new Set(cases.map((c) => `${c.id}:${c.diagnosis}`));
    for (const id of ["batchnorm_backward", "affine_backward", "relu_backward", "softmax_loss", "conv_backward_naive", "max_pool_backward_naive"]) {
      const def = exercises[id];
      for (const m of [...def.mutants, ...(def.invariants ?? [])]) expect(proven, `${id}:${m.id}`).toContain(`${id}:${m.id}`);
      for (const t of def.trials) if (t.catches) expect([...proven].some((p) => p.startsWith(`${id}:trial:`)), `${id} trial hint`).toBe(true);
    }
    for (const generic of ["sign", "factor-2", "factor-half", "factor-N", "factor-1/N", "batch-not-summed", "keepdims", "wrong-axis", "transposed", "reshape", "wrong-shape", "not-spread", "not-reduced", "over-reduced", "nonfinite"]) {
      expect([...proven].some((p) => p.endsWith(`:${generic}`)), generic).toBe(true);
    }
  });
});

describe("reference as the last level of help", () => {
  it("is in the report only when the definition allows it and the check did not pass", async () => {
    const {gradeSource} = await import("../../../src/grader/index.ts");
    const {rt} = await import("./helpers.ts");
    const wrong = mutate(S.relu_backward, "dout * (x > 0)", "(x > 0)");
    expect(gradeSource(exercises.relu_backward, wrong, rt).reveal).toBeUndefined();
    const allowed = {...exercises.relu_backward, reveal: "dx = dout * (x > 0)"};
    expect(gradeSource(allowed, wrong, rt).reveal).toBe("dx = dout * (x > 0)");
    expect(gradeSource(allowed, S.relu_backward, rt).reveal).toBeUndefined();
  });
});
