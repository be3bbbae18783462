// Batch-grading benchmark: N generated submissions (correct ones and every mutant class, each file
// slightly different) across the batchnorm exercise, graded by the real sandbox pool.
//   node bin/run-ts.js bench/grade.ts [--count 1000] [--jobs 2]
// bench/main.ts can call `benchGrade()` and print `formatGradeBench(result)`.
import {spawn} from "node:child_process";
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from "node:fs";
import {tmpdir, cpus, loadavg} from "node:os";
import {join, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {defaultLimits, gradeAll, loadCatalog, type GradeJob} from "../src/sandbox/index.ts";

const fixtures = resolve(fileURLToPath(new URL("../test/fixtures/submissions", import.meta.url)));
// Correct submissions make up about a third of the batch; the rest cycle through the mutants.
const templates = [
  "correct_staged.js", "correct_compact.js", "correct_staged.js",
  "mutant_dgamma_no_batch_sum.js", "mutant_dbeta_wrong_axis.js", "mutant_dxhat_no_gamma.js", "mutant_no_mean_branch.js",
  "mutant_no_variance_branch.js", "mutant_wrong_var_power.js", "mutant_bessel.js", "mutant_dmu_no_divide.js"
];

export interface GradeBenchResult {
  submissions: number;
  jobs: number;
  wallMs: number;
  /** Wall time per submission (batch wall / count). */
  perSubmissionMs: number;
  /** Mean time a child spent on one submission (read, isolate, runtime, module, trials, judging). */
  meanChildMs: number;
  /** Same-realm grading of the same code without any sandbox, per submission (for the sandbox's cost). */
  sameRealmMs: number;
  passed: number;
  failed: number;
  ungraded: number;
  /** The CLI end to end at two batch sizes (n and 10 n). */
  scale: {small: ScaleRun; large: ScaleRun};
}

/** Writes `count` submissions into `dir`: templates with a unique header and renamed locals. */
export function generateSubmissions(dir: string, count: number): string[] {
  const texts = templates.map((t) => readFileSync(join(fixtures, t), "utf8"));
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const k = i % templates.length;
    const text = texts[k].replace("// Backstep submission", `// Backstep submission #${i} (${templates[k]})`).replace(/\bN\b/g, `N${i % 7}`);
    const file = join(dir, `student_${String(i).padStart(4, "0")}.js`);
    writeFileSync(file, text);
    files.push(file);
  }
  return files;
}

/** Same-realm baseline: grade with the shared engine directly (no isolate, no child process). */
async function sameRealmMs(files: string[]): Promise<number> {
  const [{exercises}, grader, {compileLearner}, {np, nn}] = await Promise.all([
    import("../content/exercises/index.ts"), import("../src/grader/index.ts"), import("../src/grader/index.ts"), import("../src/tensor/index.ts")
  ]);
  const def = exercises.batchnorm_backward;
  const rt = {np, nn};
  const t0 = performance.now();
  for (const file of files) {
    const source = readFileSync(file, "utf8").replace(/^export /m, "");
    const compiled = compileLearner(def, source, rt, {limitMs: 5000});
    if (!compiled.ok) continue;
    const learner = compiled.learner;
    grader.gradeExercise(def, (args) => learner.call(args), {rt, mode: "final", seeds: def.trials.map((_, i) => 1000 + i)});
  }
  return (performance.now() - t0) / files.length;
}

export interface ScaleRun {
  submissions: number;
  wallMs: number;
  /** Highest resident memory of the `backstep grade` process itself (sampled every 100 ms), MB. */
  hostPeakMb: number;
  reportBytes: number;
  rows: number;
}

/** Highest VmRSS of a process tree's root while it runs (Linux /proc), in MB. */
function sampleRss(pid: number, peak: {mb: number}): NodeJS.Timeout {
  return setInterval(() => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) peak.mb = Math.max(peak.mb, Number(m[1]) / 1024);
    } catch {
      // exited
    }
  }, 100);
}

/** `backstep grade` end to end (the CLI, its gradebook writer and pool) on `count` generated submissions. */
export async function benchGradeCli(count: number, jobs = 2): Promise<ScaleRun> {
  const dir = mkdtempSync(join(tmpdir(), "backstep-bench-scale-"));
  try {
    const subs = join(dir, "subs");
    mkdirSync(subs);
    generateSubmissions(subs, count);
    const out = join(dir, "grades");
    const cli = resolve(fileURLToPath(new URL("../bin/backstep.js", import.meta.url)));
    const t0 = performance.now();
    const proc = spawn(process.execPath, [cli, "grade", subs, "--out", out, "--jobs", String(jobs), "--seed", "42"], {stdio: "ignore"});
    const peak = {mb: 0};
    const timer = sampleRss(proc.pid!, peak);
    await new Promise((r) => proc.on("exit", r));
    clearInterval(timer);
    const wallMs = performance.now() - t0;
    const reportBytes = statSync(join(out, "report.json")).size;
    const rows = readFileSync(join(out, "grades.csv"), "utf8").trim().split("\n").length - 1;
    return {submissions: count, wallMs, hostPeakMb: peak.mb, reportBytes, rows};
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

export async function benchGrade(options: {count?: number; jobs?: number; scale?: number} = {}): Promise<GradeBenchResult> {
  const count = options.count ?? 1000;
  const jobs = options.jobs ?? 2;
  const dir = mkdtempSync(join(tmpdir(), "backstep-bench-grade-"));
  try {
    const files = generateSubmissions(dir, count);
    await loadCatalog();
    const gradeJobs: GradeJob[] = files.map((file, i) => ({name: `student_${i}`, file, exercises: ["batchnorm_backward"], seed: 42, limits: defaultLimits}));
    const t0 = performance.now();
    const results = await gradeAll(gradeJobs, {jobs});
    const wallMs = performance.now() - t0;
    const baseline = await sameRealmMs(files.slice(0, Math.min(100, files.length)));
    const graded = results.filter((r) => r.status === "graded");
    // Scale: the CLI on a small and a 10× larger batch, so memory and report size read as ratios.
    const scale = options.scale ?? 10_000;
    const small = await benchGradeCli(Math.max(10, Math.round(scale / 10)), jobs);
    const large = await benchGradeCli(scale, jobs);
    return {
      scale: {small, large},
      submissions: count,
      jobs,
      wallMs,
      perSubmissionMs: wallMs / count,
      meanChildMs: results.reduce((s, r) => s + r.ms, 0) / count,
      sameRealmMs: baseline,
      passed: graded.filter((r) => r.score === r.maxScore).length,
      failed: graded.filter((r) => r.score < r.maxScore).length,
      ungraded: results.length - graded.length
    };
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

export function formatGradeBench(r: GradeBenchResult): string {
  return [
    `### Batch grading (\`backstep grade\`, batchnorm_backward, --jobs ${r.jobs})`,
    "",
    "| submissions | wall | per submission (wall) | per submission (one child) | same realm, no sandbox | passed | failed | not graded |",
    "|---|---|---|---|---|---|---|---|",
    `| ${r.submissions} | ${(r.wallMs / 1000).toFixed(1)} s | ${r.perSubmissionMs.toFixed(1)} ms | ${r.meanChildMs.toFixed(1)} ms | ${r.sameRealmMs.toFixed(1)} ms | ${r.passed} | ${r.failed} | ${r.ungraded} |`,
    "",
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, load ${loadavg()[0].toFixed(2)}. Goal: 1,000 submissions ≤ 60 s with --jobs 2.`,
    "",
    "#### Scale: `backstep grade` end to end (host process memory, report size)",
    "",
    "| submissions | wall | rows | host peak RSS | report.json | per submission |",
    "|---|---|---|---|---|---|",
    ...[r.scale.small, r.scale.large].map((s) => `| ${s.submissions} | ${(s.wallMs / 1000).toFixed(1)} s | ${s.rows} | ${s.hostPeakMb.toFixed(0)} MB | ${(s.reportBytes / 2 ** 20).toFixed(1)} MB | ${(s.reportBytes / s.submissions / 1024).toFixed(1)} KB |`),
    "",
    `Ratios (${r.scale.large.submissions} ÷ ${r.scale.small.submissions} submissions): host peak memory ${(r.scale.large.hostPeakMb / r.scale.small.hostPeakMb).toFixed(2)}×, ` +
      `report bytes per submission ${((r.scale.large.reportBytes / r.scale.large.submissions) / (r.scale.small.reportBytes / r.scale.small.submissions)).toFixed(2)}×. ` +
      `Goals: host peak under 1 GB at ${r.scale.large.submissions}; report size linear (per-submission ratio ≈ 1).`
  ].join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const result = await benchGrade({count: arg("--count"), jobs: arg("--jobs"), scale: arg("--scale")});
  console.log(formatGradeBench(result));
}
