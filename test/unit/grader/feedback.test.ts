// What the learner reads after a check, for the mistakes a first walkthrough of lessons 1–2 made: the
// verdict names the trial that actually errored, error hints by kind (syntax, undefined name, type), the
// console output, shape hints that only suggest what would work, one explanation per step, and a
// passing verdict that does not hide a wrong intermediate step.
import {describe, expect, it} from "vitest";
import {exercises} from "../../../content/exercises/index.ts";
import {gradeSource} from "../../../src/grader/index.ts";
import {explainError, closestName} from "../../../src/grader/index.ts";
import {createConsoleCapture} from "../../../src/grader/console-capture.ts";
import {shapeSource} from "../../../src/grader/diagnose.ts";
import {formatReport, type GradeReport} from "../../../src/grader/index.ts";
import {rt} from "./helpers.ts";
import * as S from "./solutions/others.ts";

const check = (id: string, source: string): GradeReport => gradeSource(exercises[id], source, rt, {});

const mulGate = (body: string) => `function mul_gate_backward(dout, a, b) {\n${body}\n}\n`;

describe("the verdict of a check that errored", () => {
  it("names the trial that errored, not an earlier trial that was only wrong", () => {
    // Wrong on the first trial (it reads the gradient of out), throws on the N=1 trial only.
    const source = `function relu_backward(dout, cache) {
  const x = cache;
  if (x.shape[0] === 1) throw new Error("boom on one row");
  return dout;
}`;
    const r = check("relu_backward", source);
    expect(r.status, formatReport(r)).toBe("error");
    expect(r.summary).not.toMatch(/undefined/);
    expect(r.summary).toMatch(/boom on one row/);
    const errored = r.trials.find((t) => t.status === "error")!;
    expect(r.shownTrial).toBe(errored.name);
    expect(r.summary).toContain(errored.name);
    expect(r.trials[0].status).toBe("wrong");
  });

  it("a SyntaxError points at the line without a trial, and explains @ (Python's matmul)", () => {
    const r = check("mul_gate_backward", mulGate("  const da = b @ dout;\n  const db = a @ dout;\n  return [da, db];"));
    expect(r.status).toBe("error");
    expect(r.summary).toMatch(/^Syntax error on line 2/);
    expect(r.summary).not.toMatch(/trial/);
    const hint = r.diagnoses.find((d) => d.kind === "error")!.hint;
    expect(hint.nudge).toMatch(/Line 2 .*no @ operator/);
    expect(hint.fix).toContain("np.matmul(a, b)");
    // The first step the code did not compute comes with its own nudge.
    expect(r.diagnoses.some((d) => d.id === "not-reached" && d.step === r.steps[0].name)).toBe(true);
  });

  it("a ReferenceError names the variable and the likely intended one", () => {
    const fromCache = check("affine_backward", S.affine_backward.replace("const {x, w, b} = cache;", "const {w, b} = cache;"));
    expect(fromCache.status).toBe("error");
    const h1 = fromCache.diagnoses.find((d) => d.kind === "error")!.hint;
    expect(h1.nudge).toMatch(/`x` is not defined .*field of cache/);
    expect(h1.fix).toBe("Unpack it first: const {x, w, b} = cache;");

    const typo = check("relu_backward", "function relu_backward(dout, cache) {\n  const x = cache;\n  return doutt * (x > 0);\n}");
    expect(typo.diagnoses.find((d) => d.kind === "error")!.hint.nudge).toBe("`doutt` is not defined (line 3). Did you mean `dout`?");

    const python = check("relu_backward", "function relu_backward(dout, cache) {\n  const x = cache;\n  const n = len(x);\n  return dout * (x > 0);\n}");
    expect(python.diagnoses.find((d) => d.kind === "error")!.hint.fix).toMatch(/x\.shape\[0\]/);

    const size = check("affine_backward", S.affine_backward.replace("const xflat = x.reshape(N, -1);", "const xflat = x.reshape(N, D);"));
    expect(size.diagnoses.find((d) => d.kind === "error")!.hint.fix).toMatch(/shape\[0\]/);
  });

  it("a TypeError keeps the advice about shapes and names what was undefined", () => {
    const r = check("affine_backward", S.affine_backward.replace("const {x, w, b} = cache;", "const {x, w, b} = cache; const q = cache.xx.shape;"));
    const hint = r.diagnoses.find((d) => d.kind === "error")!.hint;
    expect(hint.nudge).toMatch(/\.shape of a value that is undefined/);
    expect(hint.fix).toMatch(/cache has x, w, b/);
    expect(explainError({message: "TypeError: a.foo is not a function", line: 3}).fix).toMatch(/np\.matmul/);
  });

  it("numpy's dx[x <= 0] = 0 stops with the mask error and its fix instead of zeroing rows 0 and 1", () => {
    const r = check("relu_backward", "function relu_backward(dout, cache) {\n  const x = cache;\n  const dx = dout.copy();\n  dx[x <= 0] = 0;\n  return dx;\n}");
    expect(r.status).toBe("error");
    expect(r.shownTrial).toBe(r.trials[0].name);
    const hint = r.diagnoses.find((d) => d.kind === "error")!.hint;
    expect(hint.nudge).toMatch(/0s and 1s; numpy's dx\[mask\] = 0 does not work here \(line 4\)/);
    expect(r.summary).toMatch(/line 4: IndexError: set: a 0\/1 mask from a comparison can't be used as an index here/);
    expect(hint.fix).toMatch(/dout \* \(x > 0\)/);
  });

  it("the step nudge is the one of the step assigned on the failing line; a name declared twice is named", () => {
    const r = check("affine_backward", "function affine_backward(dout, cache) {\n  const {x, w, b} = cache;\n  const dx = Np.matmul(dout, w.T).reshape(x.shape);\n  return [dx, null, null];\n}");
    expect(r.diagnoses.find((d) => d.kind === "error")!.hint.nudge).toBe("`Np` is not defined (line 3). Did you mean `np`?");
    expect(r.diagnoses.find((d) => d.id === "not-reached")!.step).toBe("dx");
    const twice = check("relu_backward", "function relu_backward(dout, cache) {\n  const x = cache;\n  const dx = dout;\n  const dx = dout * (x > 0);\n  return dx;\n}");
    expect(twice.summary).toMatch(/^Syntax error on line 4/);
    expect(twice.diagnoses[0].hint.nudge).toMatch(/`dx` is declared twice/);
  });

  it("recognises other Python habits on the failing line", () => {
    const syntax = (line: string) => explainError({message: "SyntaxError: Unexpected token", line: 1}, {source: line});
    expect(syntax("  const d = x[:, 0]").fix).toMatch(/x\[":", 0\]/);
    expect(syntax("def f(x):").nudge).toMatch(/def/);
    expect(syntax("  if x > 0:").fix).toMatch(/braces/);
    expect(syntax("  const y = x; # comment").fix).toMatch(/\/\//);
    expect(syntax("  const y = (x;").nudge).toMatch(/Line 1 is not valid JavaScript \(Unexpected token\)/);
    expect(explainError({message: "ReferenceError: True is not defined"}).fix).toMatch(/true/);
    expect(closestName("gama", ["gamma", "beta"])).toBe("gamma");
    expect(closestName("zzz", ["gamma", "beta"])).toBeUndefined();
  });
});

describe("console output of the learner's code", () => {
  it("is captured per trial, shown for the report's trial, and capped", () => {
    const source = S.relu_backward.replace("const dx =", "console.log('shape', x.shape, x.shape[0] > 0);\n  const dx =");
    const r = check("relu_backward", source);
    expect(r.status).toBe("passed");
    expect(r.logs).toMatch(/^shape \[\d+, \d+\] true\n$/);
    const flood = check("relu_backward", S.relu_backward.replace("const dx =", "for (let i = 0; i < 10000; i++) console.log('line', i);\n  const dx ="));
    expect(flood.logs!.length).toBeLessThan(5000);
    expect(flood.logs).toMatch(/more output was cut/);
    // Without capture, nothing is collected.
    expect(gradeSource(exercises.relu_backward, S.relu_backward, rt).logs).toBeUndefined();
  });

  it("prints tensors like numpy and large ones by shape", () => {
    const capture = createConsoleCapture();
    capture.console.log(rt.np.array([1, 2]), rt.np.zeros([30, 30]), {a: 1});
    expect(capture.text()).toBe("array([1., 2.]) tensor of shape (30, 30) {\"a\":1}\n");
  });
});

describe("shape hints suggest only what would work", () => {
  it("suggests .reshape only when reshaping gives the reference values", () => {
    const notReshaped = check("affine_backward", S.affine_backward.replace(".reshape(x.shape)", ""));
    expect(notReshaped.diagnoses.find((d) => d.step === "dx")?.id).toBe("reshape");
    // x.T of a 3-d x has 30 entries like dw (6,5), but in the wrong arrangement: reshaping would not help.
    const wrong = check("affine_backward", S.affine_backward.replace("const dw = xflat.T.matmul(dout);", "const dw = np.matmul(x.T, dout);"));
    const d = wrong.diagnoses.filter((x) => x.step === "dw");
    expect(d.map((x) => x.id)).toContain("wrong-shape");
    expect(d.map((x) => x.hint.fix).join(" ")).not.toMatch(/\.reshape\(6, 5\)/);
    expect(d.find((x) => x.id === "wrong-shape")!.hint.nudge).toMatch(/Reshaping would not fix it/);
  });

  it("one axis too few because dout was not spread: says to copy it over the missing axis", () => {
    const r = check("variance_backward", variance("const dsquare = dout / N;"));
    const d = r.diagnoses.find((x) => x.step === "dsquare")!;
    expect(d.id).toBe("not-spread");
    // Written through the learner's names (x has dsquare's shape), not this trial's sizes (4, 3).
    expect(d.hint.fix).toMatch(/Copy it over the missing axis \(broadcast\), e\.g\. np\.ones\(x\.shape\) \* dsquare\./);
    expect(d.hint.fix).not.toMatch(/only sum over axes/);
    expect(`${d.hint.nudge} ${d.hint.fix}`.replace(/\(\d+,\d+\)|\(\d+,\)|length \d+/g, "")).not.toMatch(/\d\s*,\s*\d/);
  });

  it("shape examples hold on every trial: the same hint text works when copied into another trial", () => {
    const r = check("variance_backward", variance("const dsquare = dout / N;"));
    const fixes = r.trials.flatMap((t) => t.diagnoses.filter((d) => d.id === "not-spread").map((d) => d.hint.fix));
    expect(fixes.length).toBeGreaterThan(1);
    expect(new Set(fixes).size).toBe(1);
  });

  it("shape sources: a same-shaped learner tensor, else axis lengths read from learner tensors", () => {
    const tensors = [{expr: "dout", shape: [4, 5]}, {expr: "cache.x", shape: [4, 3, 2]}];
    expect(shapeSource([4, 5], tensors)).toBe("dout.shape");
    expect(shapeSource([4, 3, 2], tensors)).toBe("cache.x.shape");
    expect(shapeSource([4, 1], tensors)).toBe("[dout.shape[0], 1]");
    expect(shapeSource([5, 3], tensors)).toBe("[dout.shape[1], cache.x.shape[1]]");
  });

  it("one diagnosis per step across trials: no extra 'reshape to (1,…)' from the N=1 trial", () => {
    // dx = dout.T: transposed on every trial; on the N=1 trial (1,3)ᵀ looks like a reshape.
    const r = check("relu_backward", "function relu_backward(dout, cache) {\n  const x = cache;\n  return (dout * (x > 0)).T;\n}");
    const forDx = r.diagnoses.filter((d) => d.step === "dx" && d.kind === "shape");
    expect(forDx.length, formatReport(r)).toBe(1);
    expect(r.diagnoses.map((d) => d.hint.fix).join(" ")).not.toMatch(/Reshape it to/);
  });
});

describe("the verdict of a passing check", () => {
  it("outputs right but an intermediate step has a wrong shape (broadcasting hid it): a caveat, with the hint", () => {
    const r = check("variance_backward", variance("const dsquare = dout / N;"));
    expect(r.status).toBe("passed");
    expect(r.caveat).toBe("Outputs correct, but step dsquare has the wrong shape, (3,) instead of (4,3) (broadcasting hid it).");
    expect(r.diagnoses.some((d) => d.step === "dsquare")).toBe(true);
    expect(check("variance_backward", variance("const dsquare = np.ones([N, 1]) * dout / N;")).caveat).toBeUndefined();
  });

  it("a forward exercise does not speak of gradients", () => {
    const r = check("affine_forward", "function affine_forward(x, w, b) {\n  const N = x.shape[0];\n  return np.matmul(x.reshape(N, -1), w) + b;\n}");
    expect(r.status).toBe("passed");
    expect(r.summary).not.toMatch(/gradient/);
    expect(r.summary).toMatch(/same output as the reference/);
    expect(check("relu_backward", S.relu_backward).summary).toMatch(/reference gradients/);
  });
});

/** The walkthrough's variance_backward with one line changed. */
function variance(dsquareLine: string): string {
  return `function variance_backward(dout, x) {
  const N = x.shape[0];
  const mean = x.mean(0);
  const diff = x - mean;
  const square = diff * diff;
  ${dsquareLine}
  const ddiff = 2 * diff * dsquare;
  const dmean = -ddiff.sum(0);
  const dx1 = ddiff;
  const dx2 = np.ones([N, 1]) * dmean / N;
  const dx = dx1 + dx2;
  return dx;
}`;
}

describe("hints found by the lessons 3–5 walkthrough", () => {
  const bn = (body: string) => `function batchnorm_backward(dout, cache) {\n${body}\n}\n`;

  it("explains `var` (a cache field, a reserved word in JavaScript) when it does not parse", () => {
    const r = check("batchnorm_backward", bn("  const {xhat, gamma} = cache;\n  const s = np.sqrt(var + 1e-5);\n  return [dout, dout, dout];"));
    expect(r.status).toBe("error");
    const hint = r.diagnoses[0].hint;
    expect(hint.nudge).toMatch(/`var` is a reserved word/);
    expect(hint.fix).toMatch(/const \{var: v\} = cache/);
  });

  it("suggests reading an undefined size from a real argument, not from a name the exercise lacks", () => {
    const r = check("batchnorm_backward", bn("  const dbeta = dout.sum(0);\n  const ones = np.ones([N, D]);\n  return [dout, dout, dbeta];"));
    const hint = r.diagnoses.find((d) => d.kind === "error")!.hint;
    expect(hint.nudge).toMatch(/`N` is not defined/);
    expect(hint.fix).toContain("dout.shape");
    expect(hint.fix).not.toMatch(/\bw\.shape/);
  });
});
