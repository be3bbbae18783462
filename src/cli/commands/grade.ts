// `backstep grade`: batch auto-grading of untrusted submission files in a sandbox, writing a
// gradebook (grades.csv, report.json, Gradescope results.json per submission).
import {parseArgs} from "node:util";
import {mkdirSync} from "node:fs";
import {resolve} from "node:path";
import {randomInt} from "node:crypto";
import {availableParallelism} from "node:os";
import type {Command} from "../commands.ts";
import {defaultLimits, findSubmissions, gradeAll, loadCatalog, type Limits, type SubmissionResult} from "../../sandbox/index.ts";
import {writeGradebook} from "../../gradebook/write.ts";
import {defaultWorkBudget, type WorkBudget} from "../../grader/index.ts";
import {stringifyReport} from "../../gradebook/report.ts";
import {formatSummary, makeColors} from "../../gradebook/summary.ts";

export const help = `Usage: backstep grade <files or folders…> [options]

Grades submission files (JS modules exporting exercise functions, e.g.
\`export function batchnorm_backward(dout, cache) {…}\`) against reference gradients on trials
the learners never saw. Each submission runs in an isolated-vm sandbox inside a child process:
no files, environment, network or modules; a time and a memory limit per exercise.
Folders are searched recursively for *.js and *.mjs files.

Options:
  --exercise <id>   grade only this exercise (repeatable); default: every exercise a file exports
  --seed <N>        seed for the hidden trials (default: random; printed, so a run can be repeated)
  --out <dir>       gradebook folder (default: ./grades): grades.csv, report.json,
                    gradescope/<submission>/results.json
  --json            print the JSON report on stdout (progress and summary go to stderr)
  --jobs <N>        submissions graded in parallel (default: ${defaultJobs()})
  --timeout <S>     seconds per exercise (default: ${defaultLimits.timeoutMs / 1000})
  --memory <MB>     memory limit per sandbox (default: ${defaultLimits.memoryMb})
  --max-file <KB>   largest submission file accepted (default: ${defaultLimits.maxFileBytes >> 10})
  --work-budget <F[,N]>
                    flag a numerical gradient when a trial makes more than F × the reference's
                    input-sized tensors plus N (default: ${defaultWorkBudget.factor},${defaultWorkBudget.floor})
  -h, --help        show this help

Exit codes:
  0  every submission was graded (whatever the scores)
  1  some submission could not be graded (its row in the gradebook says why)
  2  bad usage (unknown option or exercise, no submissions found)
`;

function defaultJobs(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

function usageError(message: string): number {
  process.stderr.write(`backstep grade: ${message}\n\nRun 'backstep grade --help' for usage.\n`);
  return 2;
}

function positiveNumber(value: string | undefined, name: string, integer: boolean): number | string | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) return `--${name} must be a positive ${integer ? "integer" : "number"}, got '${value}'`;
  return n;
}

export async function runGrade(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        exercise: {type: "string", multiple: true},
        seed: {type: "string"},
        out: {type: "string"},
        json: {type: "boolean"},
        jobs: {type: "string"},
        timeout: {type: "string"},
        memory: {type: "string"},
        "max-file": {type: "string"},
        "work-budget": {type: "string"},
        help: {type: "boolean", short: "h"}
      }
    });
  } catch (e) {
    return usageError((e as Error).message);
  }
  const {values, positionals} = parsed;
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  if (!positionals.length) return usageError("no submission files or folders given");

  const jobs = positiveNumber(values.jobs, "jobs", true);
  const timeout = positiveNumber(values.timeout, "timeout", false);
  const memory = positiveNumber(values.memory, "memory", true);
  const maxFile = positiveNumber(values["max-file"], "max-file", true);
  for (const v of [jobs, timeout, memory, maxFile]) if (typeof v === "string") return usageError(v);
  // The frozen runtime itself needs a few MB of heap; below this nothing could be graded.
  if (typeof memory === "number" && memory < 32) return usageError(`--memory must be at least 32 (MB), got ${memory}`);
  let workBudget: WorkBudget | undefined;
  if (values["work-budget"] !== undefined) {
    const [factor, floor = String(defaultWorkBudget.floor)] = values["work-budget"].split(",");
    const f = Number(factor), n = Number(floor);
    if (!Number.isFinite(f) || f <= 0 || !Number.isFinite(n) || n < 0) return usageError(`--work-budget must be F or F,N with F > 0 and N ≥ 0, got '${values["work-budget"]}'`);
    workBudget = {factor: f, floor: n};
  }
  let seed: number;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (!Number.isSafeInteger(seed) || seed < 0) return usageError(`--seed must be a non-negative integer, got '${values.seed}'`);
  } else {
    seed = randomInt(2 ** 31);
  }
  const limits: Limits = {
    ...defaultLimits,
    ...(timeout !== undefined ? {timeoutMs: Math.round((timeout as number) * 1000)} : {}),
    ...(memory !== undefined ? {memoryMb: memory as number} : {}),
    ...(maxFile !== undefined ? {maxFileBytes: (maxFile as number) * 1024} : {}),
    ...(workBudget ? {workBudget} : {})
  };

  const {found, missing} = findSubmissions(positionals);
  if (missing.length) return usageError(`not found: ${missing.join(", ")}`);
  if (!found.length) return usageError(`no submissions (*.js, *.mjs) in ${positionals.join(", ")}`);

  const catalog = await loadCatalog();
  const requested = values.exercise ?? [];
  const unknown = requested.filter((id) => !catalog.some((e) => e.id === id || e.fn === id));
  if (unknown.length) return usageError(`unknown exercise ${unknown.map((u) => `'${u}'`).join(", ")}; known: ${catalog.map((e) => e.id).join(", ")}`);

  // Fail before grading, not after, when the gradebook cannot be written.
  const outDir = resolve(values.out ?? "grades");
  try {
    mkdirSync(outDir, {recursive: true});
  } catch (e) {
    return usageError(`cannot create the gradebook folder ${outDir}: ${(e as Error).message}`);
  }

  const json = values.json === true;
  const log = json ? process.stderr : process.stdout;
  const tty = Boolean(log.isTTY);
  const colors = makeColors(tty && !process.env.NO_COLOR);
  log.write(`Grading ${found.length} submission${found.length === 1 ? "" : "s"} (seed ${seed}, ${jobs ?? defaultJobs()} jobs, ` +
    `${limits.timeoutMs / 1000} s and ${limits.memoryMb} MB per exercise)\n`);

  const started = performance.now();
  if (tty) log.write(`${"░".repeat(30)} 0/${found.length} ${colors.dim("starting the sandbox…")}`);
  const results = await gradeAll(
    found.map((s) => ({name: s.name, file: resolve(s.file), exercises: requested, seed, limits})),
    {jobs: (jobs as number | undefined) ?? defaultJobs(), onResult: (r, done, total) => progress(log, tty, colors, r, done, total)}
  );
  if (tty) log.write("\r\x1b[K");

  const exerciseIds = catalog.map((e) => e.id).filter((id) => results.some((r) => r.exercises.some((e) => e.id === id)));
  const info = {seed, exercises: exerciseIds, limits, jobs: (jobs as number | undefined) ?? defaultJobs(), ms: Math.round(performance.now() - started)};
  const report = writeGradebook(outDir, results, info);
  log.write(formatSummary(report.summary, colors));
  log.write(`Gradebook: ${outDir}/grades.csv, report.json, gradescope/<submission>/results.json (seed ${seed}, ${(info.ms / 1000).toFixed(1)} s)\n`);
  if (json) process.stdout.write(stringifyReport(report));
  return results.some((r) => r.status === "error") ? 1 : 0;
}

function progress(out: NodeJS.WriteStream, tty: boolean, c: ReturnType<typeof makeColors>, r: SubmissionResult, done: number, total: number): void {
  const verdict = r.status === "error" ? c.red("not graded") : r.score === r.maxScore ? c.green("passed") : c.yellow("failed");
  const score = r.status === "error" ? r.message : `${fmt(r.score)}/${fmt(r.maxScore)}`;
  if (!tty) {
    out.write(`[${done}/${total}] ${r.name}: ${r.status === "error" ? "not graded" : r.score === r.maxScore ? "passed" : "failed"} ${score}\n`);
    return;
  }
  const width = 30;
  const filled = Math.round((done / total) * width);
  const bar = "█".repeat(filled) + "░".repeat(width - filled);
  // Failures and ungraded rows stay on screen; the bar line is redrawn below them.
  if (r.status === "error" || r.score !== r.maxScore) out.write(`\r\x1b[K${verdict} ${r.name} ${c.dim(score.slice(0, 120))}\n`);
  out.write(`\r\x1b[K${bar} ${done}/${total} ${c.dim(r.name.slice(0, 40))}`);
}

const fmt = (x: number) => String(Math.round(x * 100) / 100);

export const grade: Command = {
  summary: "grade submission files in a sandbox and write a gradebook",
  run: runGrade
};
