// One verdict wherever it is given. Every submission fixture, every correct solution and a generated set
// of mutants of each (sign flipped, doubled, halved, outputs swapped, applied to every `d…` step of every
// solution) is graded through both paths — the page's (gradeSource, as the check Worker runs it) and
// `backstep grade` (the isolate, in a child process) — on the same final-grade seeds, and the two reports
// must agree on the verdict, every step's status, the first wrong step and every diagnosis id.
// The one allowed difference between the paths is practice vs final mode (which seeds the trials use);
// this test uses final seeds in both, so nothing may differ. Resource limits and containment are each
// realm's own (the isolate's memory cap and frozen host, the browser Worker's hard kill): fixtures that
// exist to hit them, or to reach the host (this test runs the page path in the test's own Node process),
// are graded by grade.test.ts instead and listed below.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {spawnSync} from "node:child_process";
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {exercises} from "../../content/exercises/index.ts";
import {buildSubmission, gradeSource, type GradeReport} from "../../src/grader/index.ts";
import {trialSeed} from "../../src/sandbox/catalog.ts";
import {np, nn} from "../../src/tensor/index.ts";
import {correctSolutions} from "../support/correct-solutions.ts";

const root = resolve(import.meta.dirname, "../..");
const fixtures = join(root, "test/fixtures/submissions");
const seed = 90210;
const rt = {np, nn};

/**
 * Fixtures whose point is a realm's own resource limit, module-only behaviour (async top level,
 * imports), a file the page cannot hold, or reaching the host (fetch, process, patching intrinsics).
 */
const realmSpecific = new Set([
  "bad_allocates_gigabytes.js", "bad_allocates_heap.js", "bad_never_settles.js", "bad_async.js", "bad_top_level_loop.js",
  "bad_static_import.js", "bad_dynamic_import.js", "bad_binary.js", "bad_empty.js", "bad_no_exports.js", "bad_misnamed.js",
  "bad_fetch.js", "bad_process.js", "bad_require.js", "bad_leaks_globals.js", "bad_constructor_escape.js",
  "bad_patches_array.js", "bad_patches_math.js", "bad_patches_np.js", "bad_getter_trap.js", "correct_checks_isolation.js"
]);

interface Case {
  file: string;
  exercise: string;
  /** What the page's editor would hold: the exercise's code without `export`. */
  pageSource: string;
}

/** Source-level mutant classes applied to each `const d… = expr;` line, and to the returned list. */
function mutantsOf(source: string): {name: string; source: string}[] {
  const out: {name: string; source: string}[] = [];
  const lines = source.split("\n");
  lines.forEach((line, i) => {
    const m = /^(\s*(?:const|let)\s+(d\w*)\s*=\s*)(.+);\s*$/.exec(line);
    if (!m) return;
    for (const [cls, wrap] of [["sign", (e: string) => `-(${e})`], ["double", (e: string) => `2 * (${e})`], ["half", (e: string) => `0.5 * (${e})`]] as const) {
      const copy = lines.slice();
      copy[i] = `${m[1]}${wrap(m[3])};`;
      out.push({name: `${m[2]}-${cls}`, source: copy.join("\n")});
    }
  });
  const ret = /return \[(\w+), (\w+)(.*)\];/.exec(source);
  if (ret) out.push({name: "outputs-swapped", source: source.replace(ret[0], `return [${ret[2]}, ${ret[1]}${ret[3]}];`)});
  return out;
}

let dir: string;
const cases: Case[] = [];
const sandbox = new Map<string, {status: string; message: string; exercises: {id: string; verdict: string; message: string; report?: GradeReport}[]}>();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "backstep-parity-"));
  const subs = join(dir, "submissions");
  mkdirSync(subs);
  for (const name of readdirSync(fixtures)) {
    if (!name.endsWith(".js") || realmSpecific.has(name)) continue;
    const text = readFileSync(join(fixtures, name), "utf8");
    writeFileSync(join(subs, name), text);
    const pageSource = text.replace(/^(\s*)export\s+/gm, "$1");
    for (const [, fn] of text.matchAll(/^\s*export\s+function\s+(\w+)/gm)) if (exercises[fn]) cases.push({file: name, exercise: fn, pageSource});
  }
  let n = 0;
  for (const s of correctSolutions) {
    const def = exercises[s.exercise];
    for (const variant of [{name: "correct", source: s.source}, ...mutantsOf(s.source)]) {
      const file = `gen_${String(n++).padStart(3, "0")}_${s.exercise}_${s.variant}_${variant.name}.js`;
      writeFileSync(join(subs, file), buildSubmission({course: "parity", entries: [{id: def.id, lesson: def.lesson ?? "", source: variant.source}]}, (id) => exercises[id].fn));
      cases.push({file, exercise: def.id, pageSource: variant.source});
    }
  }
  const run = spawnSync(process.execPath, [join(root, "bin/backstep.js"), "grade", subs, "--seed", String(seed), "--json", "--out", join(dir, "grades")],
    {cwd: root, encoding: "utf8", maxBuffer: 256 << 20, timeout: 600_000});
  if (run.status !== 0 && run.status !== 1) throw new Error(`backstep grade failed (${run.status}): ${run.stderr.slice(-2000)}`);
  for (const row of JSON.parse(run.stdout).submissions) sandbox.set(row.name, row);
}, 600_000);

afterAll(() => {
  if (dir) rmSync(dir, {recursive: true, force: true});
});

/** What must agree: verdict, per-step statuses of the shown trial, first wrong step, diagnosis ids. */
function verdictOf(r: GradeReport) {
  return {status: r.status, shownTrial: r.shownTrial, steps: r.steps.map((s) => `${s.name}:${s.status}`), firstWrong: r.firstWrong ?? null,
    diagnoses: r.diagnoses.map((d) => `${d.step}|${d.kind}|${d.id}`), error: r.error?.kind ?? null};
}

describe("the page's grader and backstep grade give one verdict", () => {
  it("grades a corpus of fixtures, correct solutions and their generated mutants", () => {
    expect(cases.length).toBeGreaterThan(250);
    expect(new Set(cases.map((c) => c.exercise)).size).toBe(Object.keys(exercises).length);
  });

  it("agrees on every case, step by step", () => {
    const disagreements: string[] = [];
    let compared = 0;
    for (const c of cases) {
      const def = exercises[c.exercise];
      const page = gradeSource(def, c.pageSource, rt, {mode: "final", seeds: def.trials.map((_, i) => trialSeed(seed, def.id, i))});
      const row = sandbox.get(c.file);
      if (!row) {
        disagreements.push(`${c.file}: no row from backstep grade`);
        continue;
      }
      const ex = row.exercises.find((e) => e.id === c.exercise);
      if (!ex?.report) {
        // Not graded by the engine in the sandbox: the file failed to load, or the function is the starter.
        const sandboxStatus = row.status === "error" ? "error" : /not attempted/.test(ex?.message ?? "") ? "not-attempted" : "missing";
        if (page.status !== sandboxStatus) disagreements.push(`${c.file} ${c.exercise}: page ${page.status}, sandbox ${sandboxStatus} (${row.message})`);
        continue;
      }
      compared++;
      const a = verdictOf(page), b = verdictOf(ex.report);
      if (JSON.stringify(a) !== JSON.stringify(b)) disagreements.push(`${c.file} ${c.exercise}:\n  page    ${JSON.stringify(a)}\n  sandbox ${JSON.stringify(b)}`);
    }
    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(250);
  });

  it("the generated mutants are graded wrong, the correct solutions right, in both paths", () => {
    for (const c of cases.filter((c) => c.file.startsWith("gen_"))) {
      const ex = sandbox.get(c.file)!.exercises.find((e) => e.id === c.exercise)!;
      if (c.file.endsWith("_correct.js")) expect(ex.verdict, c.file).toBe("passed");
    }
    const mutants = cases.filter((c) => c.file.startsWith("gen_") && !c.file.endsWith("_correct.js"));
    const caught = mutants.filter((c) => sandbox.get(c.file)!.exercises.find((e) => e.id === c.exercise)!.verdict !== "passed");
    // A sign flip or a factor on an intermediate that no output depends on linearly can be harmless
    // (e.g. a step that is only used squared); nearly all must still be caught.
    expect(caught.length / mutants.length).toBeGreaterThan(0.9);
  });

  it("teaches the same lesson for a Python keyword argument in both paths", () => {
    const page = gradeSource(exercises.batchnorm_backward, correctSolutions.find((s) => s.variant === "staged")!.source.replace("const dbeta = dout.sum(0)", "const dbeta = np.sum(dout, axis=0)"), rt);
    const file = join(dir, "keyword.js");
    writeFileSync(file, buildSubmission({course: "parity", entries: [{id: "batchnorm_backward", lesson: "03-batchnorm", source: correctSolutions.find((s) => s.variant === "staged")!.source.replace("const dbeta = dout.sum(0)", "const dbeta = np.sum(dout, axis=0)")}]}, (id) => exercises[id].fn));
    const run = spawnSync(process.execPath, [join(root, "bin/backstep.js"), "grade", file, "--json", "--out", join(dir, "grades-keyword")], {cwd: root, encoding: "utf8", maxBuffer: 64 << 20});
    const report = JSON.parse(run.stdout).submissions[0].exercises[0].report as GradeReport;
    const hint = (r: GradeReport) => r.diagnoses.find((d) => d.kind === "error")!.hint;
    expect(hint(page).nudge).toBe("JavaScript has no keyword arguments: `axis=0` assigns to an undeclared variable.");
    expect(hint(report)).toEqual(hint(page));
  });
});
