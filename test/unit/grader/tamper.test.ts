// Learner code cannot change the references: inputs are fresh copies per trial, and references are
// computed before any learner code runs (so patching the runtime only breaks the learner's own result).
import {afterEach, describe, expect, it} from "vitest";
import {exercises} from "../../../content/exercises/index.ts";
import {gradeSource} from "../../../src/grader/index.ts";
import {formatReport} from "../../../src/grader/index.ts";
import {np} from "../../../src/tensor/index.ts";
import {rt} from "./helpers.ts";
import {relu_backward} from "./solutions/others.ts";
import {compact} from "./solutions/batchnorm_backward.ts";

const proto = Object.getPrototypeOf(np.zeros(1));
const originalMean = proto.mean;
afterEach(() => void (proto.mean = originalMean));

describe("learner code cannot change the references", () => {
  it("writing into its inputs fails the check, naming each input it changed", () => {
    const source = relu_backward.replace("return dx;", "x.data.fill(0); dout.data.fill(1e9);\n  return dx;");
    const report = gradeSource(exercises.relu_backward, source, rt);
    expect(report.status, formatReport(report)).toBe("error");
    expect(report.error?.kind).toBe("mutated");
    expect(report.error?.message).toMatch(/dout was changed in place.*; cache was changed in place/);
    // The references of every trial are untouched: the same code without the writes passes.
    expect(gradeSource(exercises.relu_backward, relu_backward, rt).status).toBe("passed");
  });
  it("patching the runtime at load time does not change the references", () => {
    // Top-level code runs when the source is compiled, after every trial's references were prepared;
    // the batchnorm forward uses Tensor#mean, the compact solution does not.
    const source = `Object.getPrototypeOf(np.zeros(1)).mean = function () { return this.mul(0); };\n${compact}`;
    const report = gradeSource(exercises.batchnorm_backward, source, rt);
    expect(report.status, formatReport(report)).toBe("passed");
    expect(report.score.passed).toBe(exercises.batchnorm_backward.trials.length);
  });
});

describe("autograd is off inside learner code", () => {
  it("rebuilding the forward and calling backward() does not pass", () => {
    const source = `function relu_backward(dout, cache) {
  const x = cache.copy().requiresGrad_();
  const out = nn.relu(x);
  out.backward(dout);
  return x.grad;
}
`;
    const report = gradeSource(exercises.relu_backward, source, rt);
    expect(report.status).toBe("error");
    expect(report.diagnoses[0].hint.nudge).toMatch(/Autograd is switched off/);
  });
});

describe("compile errors", () => {
  it("a syntax error is an 'error' with its line; a missing function says what to define", () => {
    const broken = gradeSource(exercises.relu_backward, "function relu_backward(dout, cache) {\n  const dx = dout * ;\n  return dx;\n}\n", rt);
    expect(broken.status).toBe("error");
    expect(broken.error?.line).toBe(2);
    expect(broken.error?.message).toMatch(/SyntaxError/);
    const renamed = gradeSource(exercises.relu_backward, "function relu(dout, cache) {\n  return dout;\n}\n", rt);
    expect(renamed.status).toBe("error");
    expect(renamed.error?.message).toMatch(/relu_backward\(dout, cache\)/);
  });
});
