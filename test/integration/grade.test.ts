// `backstep grade` end to end: one CLI run over every fixture submission (correct ones, every mutant
// class, every bad input) plus generated files, then assertions on each row's verdict and message,
// the gradebook files and the exit code.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {spawnSync} from "node:child_process";
import {closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";

const root = resolve(import.meta.dirname, "../..");
const fixtures = join(root, "test/fixtures/submissions");
const cli = join(root, "bin/backstep.js");

interface Row {
  name: string;
  status: "graded" | "error";
  message: string;
  course?: string;
  lesson?: string;
  score: number;
  maxScore: number;
  exercises: {id: string; verdict: string; score: number; message: string; failedStep?: string; hint?: string; logs: string;
    trials: {name: string; passed: boolean; message: string}[]; report?: {steps: unknown[]}}[];
}

function runCli(args: string[]) {
  const r = spawnSync(process.execPath, [cli, "grade", ...args], {cwd: root, encoding: "utf8", maxBuffer: 64 << 20, timeout: 240_000});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

let dir: string;
let out: string;
let run: ReturnType<typeof runCli>;
let rows: Map<string, Row>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "backstep-grade-"));
  out = join(dir, "gradebook");
  // A 50 MB submission: valid code padded with comments (generated, never committed).
  const fd = openSync(join(dir, "big_50mb.js"), "w");
  writeSync(fd, readFileSync(join(fixtures, "correct_staged.js")));
  const line = "// " + "x".repeat(1021) + "\n";
  const chunk = line.repeat(1024);
  for (let i = 0; i < 50; i++) writeSync(fd, chunk);
  closeSync(fd);
  run = runCli([fixtures, join(dir, "big_50mb.js"), "--seed", "7", "--timeout", "1.5", "--memory", "64", "--jobs", "2", "--out", out, "--json"]);
  const report = JSON.parse(run.stdout) as {submissions: Row[]};
  rows = new Map(report.submissions.map((r) => [r.name, r]));
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, {recursive: true, force: true});
});

const row = (name: string): Row => {
  const r = rows.get(name);
  if (!r) throw new Error(`no row for ${name}; rows: ${[...rows.keys()].join(", ")}`);
  return r;
};
const exercise = (name: string) => row(name).exercises[0];

describe("backstep grade on a folder of good, mutated and hostile submissions", () => {
  it("completes the batch with one row per submission and exit code 1", () => {
    const files = readdirSync(fixtures).filter((f) => f.endsWith(".js"));
    expect(rows.size).toBe(files.length + 1);
    for (const f of files) expect(rows.has(f), f).toBe(true);
    for (const r of rows.values()) expect(r.message.length, r.name).toBeGreaterThan(0);
    expect(run.code).toBe(1);
  });

  it("passes correct submissions, in both return styles, and reads the header", () => {
    // correct_extra_returns.js returns {dx, cache}: values no step grades are not read (as in the page).
    for (const name of ["correct_staged.js", "correct_compact.js", "correct_checks_isolation.js", "browser_export.js", "correct_extra_returns.js"]) {
      const r = row(name);
      expect(r.status, name).toBe("graded");
      expect(r.score, `${name}: ${r.exercises[0]?.message}`).toBe(r.maxScore);
      expect(r.exercises[0].verdict).toBe("passed");
    }
    expect(row("correct_staged.js").course).toBe("backprop-101");
    expect(row("correct_staged.js").lesson).toBe("04-batchnorm");
    // The browser's export format: several exercises in one module, a header with lessons.
    const exported = row("browser_export.js");
    expect(exported).toMatchObject({status: "graded", course: "backprop-101", lesson: "03-layers, 04-batchnorm"});
    expect(exported.exercises.map((e) => [e.id, e.verdict])).toEqual([["batchnorm_backward", "passed"], ["relu_backward", "passed"]]);
    expect(exported.score).toBe(exported.maxScore);
  });

  it("fails every mutant class and names its first wrong step", () => {
    const expected: Record<string, string> = {
      "mutant_dgamma_no_batch_sum.js": "dgamma",
      "mutant_dbeta_wrong_axis.js": "dbeta",
      "mutant_dxhat_no_gamma.js": "dxhat",
      "mutant_wrong_var_power.js": "dvar",
      "mutant_bessel.js": "dsq",
      "mutant_no_variance_branch.js": "dx1",
      "mutant_dmu_no_divide.js": "dx2",
      "mutant_no_mean_branch.js": "dx"
    };
    for (const [name, step] of Object.entries(expected)) {
      const e = exercise(name);
      expect(row(name).status, name).toBe("graded");
      expect(e.verdict, name).toBe("failed");
      expect(row(name).score, name).toBeLessThan(row(name).maxScore);
      expect(e.failedStep, name).toBe(step);
      // The grading engine's diagnosis for this mistake reaches the gradebook.
      expect(e.hint, name).toMatch(/\w{3,}/);
    }
    expect(exercise("mutant_dgamma_no_batch_sum.js").message).toMatch(/dgamma has shape \(4,5\), expected \(5,\)/);
    expect(exercise("mutant_dbeta_wrong_axis.js").message).toMatch(/dbeta has shape \(4,\), expected \(5,\)/);
  });

  it("fails submissions that obtain the gradients instead of computing them, saying why", () => {
    // Autograd through the tensor ops, or through an nn op: switched off in the isolate as in the page.
    expect(exercise("cheat_autograd_batchnorm.js").verdict).toBe("error");
    expect(exercise("cheat_autograd_batchnorm.js").message).toMatch(/requiresGrad_\(\) is not available inside an exercise: autograd is switched off/);
    expect(exercise("cheat_nn_softmax.js").verdict).toBe("error");
    expect(exercise("cheat_nn_softmax.js").message).toMatch(/np\.array\(…, \{requiresGrad: true\}\) is not available inside an exercise/);
    // A finite-difference gradient: flagged by its tensor work, a failed exercise in a final grade.
    expect(exercise("cheat_numeric_batchnorm.js").verdict).toBe("failed");
    expect(exercise("cheat_numeric_batchnorm.js").score).toBe(0);
    expect(exercise("cheat_numeric_batchnorm.js").message).toMatch(/computes a numerical gradient instead of the backward pass/);
  });

  it("rejects unreadable files before running anything", () => {
    expect(row("bad_empty.js")).toMatchObject({status: "error", message: "empty file"});
    expect(row("bad_binary.js")).toMatchObject({status: "error"});
    expect(row("bad_binary.js").message).toMatch(/^binary file/);
    expect(row("big_50mb.js")).toMatchObject({status: "error"});
    expect(row("big_50mb.js").message).toMatch(/file is too large: 50\.\d MB \(limit 1\.0 MB\)/);
    expect(row("bad_syntax_error.js")).toMatchObject({status: "error"});
    expect(row("bad_syntax_error.js").message).toMatch(/^syntax error at line 5, column \d+: Unexpected token/);
  });

  it("says which function is missing or misnamed", () => {
    expect(row("bad_misnamed.js").status).toBe("error");
    expect(row("bad_misnamed.js").message).toMatch(/exports batchnorm_backwards — rename batchnorm_backwards to batchnorm_backward/);
    expect(row("bad_no_exports.js").status).toBe("error");
    expect(row("bad_no_exports.js").message).toMatch(/no exercise function found: it exports nothing; expected one of .*batchnorm_backward/);
  });

  it("reports throws, wrong types, wrong arity, NaN and Infinity", () => {
    const cases: [string, RegExp][] = [
      ["bad_throws.js", /line 5: not implemented yet/],
      ["bad_throws_hostile.js", /threw a non-Error object/],
      ["bad_wrong_type.js", /dx is a string; expected a tensor/],
      ["bad_wrong_arity.js", /should return \[dx, dgamma, dbeta\]; it returned an array of 2/],
      ["bad_returns_undefined.js", /returned nothing; end it with `return \[dx, dgamma, dbeta\]`/],
      ["bad_async.js", /returned a Promise; exercise functions must be synchronous/],
      ["bad_deep_recursion.js", /line [45]: RangeError: Maximum call stack size exceeded/],
      ["bad_fake_tensor.js", /returned a value that could not be read: TypeError: tensor has an invalid shape/],
      ["bad_huge_error.js", /line 6: x{100}/]
    ];
    for (const [name, message] of cases) {
      expect(row(name).status, name).toBe("graded");
      expect(exercise(name).verdict, name).not.toBe("passed");
      expect(exercise(name).message, name).toMatch(message);
      expect(row(name).score, name).toBe(0);
    }
    expect(exercise("bad_huge_error.js").message.length).toBeLessThan(2000);
    for (const [name, step] of [["bad_returns_nan.js", "dx"], ["bad_returns_infinity.js", "dgamma"]]) {
      expect(exercise(name).verdict, name).toBe("failed");
      expect(exercise(name).failedStep, name).toBe(step);
      expect(exercise(name).message, name).toMatch(/contains NaN\/Inf/);
      expect(row(name).score, name).toBe(0);
    }
  });

  it("fails submissions that change their inputs or the cache", () => {
    expect(exercise("bad_mutates_cache.js").message).toMatch(/changes its inputs: cache\.xhat was changed in place/);
    expect(exercise("bad_mutates_dout.js").message).toMatch(/changes its inputs: dout was changed in place/);
    expect(row("bad_mutates_cache.js").score).toBe(0);
  });

  it("freezes Math, Array.prototype and np against monkey-patching", () => {
    expect(row("bad_patches_math.js").status).toBe("error");
    expect(row("bad_patches_math.js").message).toMatch(/threw while loading: TypeError: Cannot assign to read only property 'sqrt'.*\(line 4\)/);
    expect(row("bad_patches_np.js").message).toMatch(/Cannot assign to read only property 'sum'.*\(line 4\)/);
    expect(exercise("bad_patches_array.js").message).toMatch(/line 5: TypeError: Cannot assign to read only property 'map'/);
  });

  it("stops endless loops, hostile getters, never-settling modules and memory hogs", () => {
    for (const name of ["bad_infinite_loop.js", "bad_getter_trap.js", "bad_throws_hostile.js"]) {
      expect(row(name).status, name).toBe("graded");
    }
    // The loop guard stops it first (the page's message); the isolate's time limit is the backstop.
    expect(exercise("bad_infinite_loop.js").message).toMatch(/stopped after 1\.\d+ s — infinite loop\?|did not finish within the time limit \(1\.5 s/);
    expect(exercise("bad_getter_trap.js").message).toMatch(/stopped after 1\.\d+ s|did not finish within the time limit \(1\.5 s/);
    expect(row("bad_top_level_loop.js").status).toBe("error");
    expect(row("bad_top_level_loop.js").message).toMatch(/^(loading the module timed out after 1\.5 s \(top-level code never finished\)|the module threw while loading: LoopLimitError: stopped after 1\.\d+ s — infinite loop\?)/);
    expect(row("bad_never_settles.js")).toMatchObject({status: "error"});
    expect(row("bad_never_settles.js").message).toMatch(/never finished loading/);
    expect(exercise("bad_allocates_gigabytes.js").message).toMatch(/ran out of memory \(limit 64 MB\)/);
    expect(exercise("bad_allocates_heap.js").message).toMatch(/ran out of memory \(limit 64 MB\)/);
  });

  it("caps what a submission prints and still grades it", () => {
    const e = exercise("bad_prints_megabytes.js");
    expect(e.verdict).toBe("passed");
    expect(e.logs).toMatch(/more output was cut \(the first 16384 characters/);
    expect(e.logs.length).toBeLessThan(17_000);
  });

  it("gives no access to modules, the process, the network or the host realm", () => {
    expect(exercise("bad_require.js").message).toMatch(/ReferenceError: require is not defined/);
    expect(exercise("bad_process.js").message).toMatch(/ReferenceError: process is not defined/);
    expect(exercise("bad_fetch.js").message).toMatch(/ReferenceError: fetch is not defined/);
    expect(exercise("bad_constructor_escape.js").message).toMatch(/TypeError: Cannot read properties of undefined/);
    expect(row("bad_static_import.js")).toMatchObject({status: "error", message: "imports are not allowed in submissions (import 'node:fs')"});
    expect(row("bad_dynamic_import.js").status).toBe("error");
    expect(row("bad_dynamic_import.js").message).toMatch(/threw while loading: .*Not supported/);
  });

  it("writes grades.csv, report.json and a Gradescope results.json per submission", () => {
    const csv = readFileSync(join(out, "submissions.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("submission,status,course,lesson,batchnorm_backward,relu_backward,softmax_loss,total,max,message");
    expect(csv).toHaveLength(rows.size + 1);
    // The CSV row alone says why a submission lost its points.
    expect(csv.find((l) => l.startsWith("bad_process.js,"))).toMatch(/0\/1 exercises passed — batchnorm_backward: .*ReferenceError: process is not defined/);
    expect(csv.find((l) => l.startsWith("bad_infinite_loop.js,"))).toMatch(/batchnorm_backward: .*(stopped after|did not finish within)/);
    expect(csv.find((l) => l.startsWith("mutant_dmu_no_divide.js,"))).toMatch(/first wrong step: dx2/);
    expect(csv.find((l) => l.startsWith("correct_staged.js,"))).toBe("correct_staged.js,graded,backprop-101,04-batchnorm,10,,,10,10,1/1 exercises passed");
    expect(csv.find((l) => l.startsWith("multi_exercises.js,"))).toMatch(/^multi_exercises\.js,graded,backprop-101,03-layers,0,10,,10,20,"?1\/2 exercises passed — batchnorm_backward: /);
    expect(csv.find((l) => l.startsWith("bad_empty.js,"))).toBe("bad_empty.js,error,,,,,,0,0,empty file");

    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.seed).toBe(7);
    expect(report.submissions).toHaveLength(rows.size);
    expect(report.summary.ungraded).toBe([...rows.values()].filter((r) => r.status === "error").length);
    // Per-step results from the grading engine are in the report.
    expect(report.submissions.find((r: Row) => r.name === "mutant_bessel.js").exercises[0].report.steps.length).toBeGreaterThan(5);

    const gs = JSON.parse(readFileSync(join(out, "gradescope/mutant_dxhat_no_gamma/results.json"), "utf8"));
    const mutant = row("mutant_dxhat_no_gamma.js");
    expect(gs.score).toBeCloseTo(mutant.score, 3);
    const [head, ...trials] = gs.tests;
    expect(head).toMatchObject({visibility: "visible", max_score: 10, status: "failed", output_format: "text"});
    expect(head.output).toMatch(/First wrong step: dxhat/);
    expect(trials).toHaveLength(mutant.exercises[0].trials.length);
    for (const t of trials) expect(t).toMatchObject({visibility: "after_published", score: 0, max_score: 0});
    const bad = JSON.parse(readFileSync(join(out, "gradescope/bad_empty/results.json"), "utf8"));
    expect(bad).toMatchObject({score: 0, tests: []});
    expect(bad.output).toMatch(/could not be graded: empty file/);
  });

  it("prints a summary naming the most failed exercise and step", () => {
    expect(run.stderr).toMatch(/Graded \d+ submissions: \d+ passed everything, \d+ failed some exercise, \d+ could not be graded/);
    expect(run.stderr).toMatch(/Fails most often: batchnorm_backward/);
    expect(run.stderr).toMatch(/Most common first wrong step in batchnorm_backward: \w+/);
    expect(run.stderr).toMatch(/\[\d+\/\d+\] correct_staged\.js: passed 10\/10/);
  });
});

describe("backstep grade exit codes", () => {
  it("exits 0 when every submission was graded, whatever the scores; grades named exercises", () => {
    const outDir = mkdtempSync(join(tmpdir(), "backstep-grade0-"));
    try {
      const r = runCli([join(fixtures, "correct_compact.js"), join(fixtures, "multi_exercises.js"), join(fixtures, "bad_misnamed.js"),
        "--exercise", "batchnorm_backward", "--exercise", "relu_backward", "--seed", "1", "--timeout", "2", "--out", outDir]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Graded 3 submissions: 0 passed everything, 3 failed some exercise, 0 could not be graded/);
      const csv = readFileSync(join(outDir, "submissions.csv"), "utf8").trim().split("\n");
      expect(csv[0]).toBe("submission,status,course,lesson,batchnorm_backward,relu_backward,total,max,message");
      expect(csv.join("\n")).toMatch(/^multi_exercises\.js,graded,backprop-101,03-layers,0,10,10,20,"?1\/2 exercises passed — batchnorm_backward: /m);
      expect(csv.join("\n")).toMatch(/^correct_compact\.js,graded,backprop-101,04-batchnorm,10,0,10,20,"?1\/2 exercises passed — relu_backward: /m);
      const report = JSON.parse(readFileSync(join(outDir, "report.json"), "utf8"));
      const misnamed = report.submissions.find((s: Row) => s.name === "bad_misnamed.js");
      expect(misnamed.exercises[0].message).toBe("missing function batchnorm_backward; the file exports batchnorm_backwards — rename it to batchnorm_backward");
      expect(misnamed.exercises[1].message).toMatch(/^missing function relu_backward/);
    } finally {
      rmSync(outDir, {recursive: true, force: true});
    }
  }, 60_000);

  it("exits 2 on bad usage", () => {
    const none = runCli([]);
    expect(none.code, none.stderr).toBe(2);
    const unknown = runCli([fixtures, "--exercise", "no_such_exercise"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown exercise 'no_such_exercise'; known: .*batchnorm_backward/);
    expect(runCli([fixtures, "--jobs", "zero"]).stderr).toMatch(/--jobs must be a positive integer/);
    expect(runCli([join(fixtures, "does_not_exist.js")]).code).toBe(2);
    const badOut = runCli([join(fixtures, "correct_staged.js"), "--out", join(fixtures, "correct_staged.js", "gradebook")]);
    expect(badOut.code).toBe(2);
    expect(badOut.stderr).toMatch(/cannot create the gradebook folder/);
    expect(runCli([fixtures, "--memory", "8"]).stderr).toMatch(/--memory must be at least 32/);
    const help = runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes:[\s\S]*0 +every submission was graded[\s\S]*1 +some submission could not be graded[\s\S]*2 +bad usage/);
  }, 60_000);
});
