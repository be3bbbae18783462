// A test-only exercise whose function returns `[out, cache]` cs231n-style, where only `out` is graded:
// the one learner call (src/grader/learner.ts, run by the page and the isolate alike) never reads `cache`.
import type {ExerciseDef} from "../../../src/grader/index.ts";

export const scale_forward: ExerciseDef = {
  id: "scale_forward",
  title: "Scale forward (returns a cache)",
  fn: "scale_forward",
  params: ["x", "w"],
  returns: ["out", "cache"],
  differentiable: ["x", "w"],
  makeInputs({N, D}, {np}) {
    return {x: np.random.randn(N, D), w: np.random.randn(D)};
  },
  forward({x, w}) {
    return x.mul(w).named("out");
  },
  args({inputs}) {
    return [inputs.x, inputs.w];
  },
  steps: [{name: "out", target: {value: "out"}, output: 0, hint: {nudge: "out = x * w (w broadcasts over rows).", fix: "out = x * w"}}],
  trials: [
    {name: "(3,4)", seed: 1, config: {N: 3, D: 4}},
    {name: "(2,5)", seed: 2, config: {N: 2, D: 5}}
  ],
  starter: "function scale_forward(x, w) {\n  const out = null;\n  const cache = null;\n  return [out, cache];\n}\n",
  hints: [],
  mutants: []
};

/** Learner sources (function declarations, as in the page) and the verdict both graders must reach. */
export const returnCases: {name: string; body: string; passes: boolean; message?: RegExp}[] = [
  {name: "array_with_cache", passes: true, body: "const out = x * w;\n  return [out, {x, w, scale: 2}];"},
  {name: "array_with_string_cache", passes: true, body: "return [x * w, \"not a tensor\"];"},
  {name: "record_with_cache", passes: true, body: "const out = x * w;\n  const cache = [x, w];\n  return {out, cache};"},
  {name: "huge_ungraded_cache", passes: true, body: "return [x * w, np.zeros(1100, 1000)];"},
  {name: "wrong_out_with_cache", passes: false, body: "return [x * w * 2, {x, w}];"},
  {name: "out_only", passes: false, body: "return [x * w];", message: /should return \[out, cache\]; it returned an array of 1/},
  // The result cap still applies to graded values.
  {name: "huge_out", passes: false, body: "return [np.zeros(1100, 1000), null];", message: /out has 1100000 elements, more than the result limit allows/}
];

export const sourceOf = (body: string) => `function scale_forward(x, w) {\n  ${body}\n}\n`;
