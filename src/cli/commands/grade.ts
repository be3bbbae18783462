// `backstep grade`: batch auto-grading of untrusted submission files in a sandbox, writing a
// gradebook (grades.csv, report.json, Gradescope results.json per submission).
import {parseArgs} from "node:util";
import {closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {randomInt} from "node:crypto";
import {availableParallelism} from "node:os";
import type {Command} from "../commands.ts";
import {defaultLimits, findSubmissions, gradeAll, killAllChildren, loadCatalog, type Limits, type SubmissionResult} from "../../sandbox/index.ts";
import {compact, GradebookBusyError, GradebookWriter, pipeReport} from "../../gradebook/writer.ts";
import {parseAssignment, type Assignment} from "../../gradebook/assignment.ts";
import {parseOverrides, parseSubmittedAt, type Override} from "../../gradebook/class.ts";
import {classFiles} from "../../gradebook/class-files.ts";
import {identify, idPattern} from "../../gradebook/identity.ts";
import {expandArchives} from "../../sandbox/archives.ts";
import {defaultWorkBudget, escapeControl, type WorkBudget} from "../../grader/index.ts";
import {formatSummary, makeColors} from "../../gradebook/summary.ts";

export const help = `Usage: backstep grade <files or folders…> [options]

Grades submission files (JS modules exporting exercise functions, e.g.
\`export function batchnorm_backward(dout, cache) {…}\`) against reference gradients on trials
the learners never saw. Each submission runs in an isolated-vm sandbox inside a child process:
no files, environment, network or modules; a time and a memory limit per exercise.
Folders are searched recursively for *.js and *.mjs files; names starting with "." (hidden files
and folders) and node_modules are skipped. Every other path gets a row: a symbolic link to a file in
the folder is graded once (as that file), a link out of the folder, a FIFO or a device is not read
and its row says so. The gradebook folder is written when the run completes (an interrupted run
leaves the previous one untouched); a second run on the same --out is refused while one is running.

A .zip (an LMS bulk download) is read directly: its .js/.mjs entries are graded; paths that climb
out, links, nested zips and entries that inflate past the file limit get a row each.

Options:
  --assignment <file.yaml>
                    the assignment: exercises and points, credit per trial/step, due date and
                    late policy, seed, LMS names (backstep assignment init writes one). Without
                    it: every exercise of the lessons the submissions name, 10 points each
  --id-from <canvas|moodle|regex>
                    read the student id (and name, LATE marker) from each file name: the Canvas or
                    Moodle bulk-download names, or a regex with named groups (?<id>…)(?<name>…)
  --overrides <file.csv>
                    manual points (columns student, exercise, points, reason), applied last
  --submitted-at <file.csv>
                    submission times from the LMS (columns student, submitted_at) for the late policy
  --exercise <id>   grade only this exercise (repeatable); default: every exercise a file exports
  --seed <N>        seed for the hidden trials (default: random; printed, so a run can be repeated)
  --out <dir>       gradebook folder (default: ./grades): grades.csv (one row per student),
                    canvas.csv, moodle.csv, index.html (class report), report.json,
                    submissions.csv (one row per file), gradescope/<submission>/results.json
  --json            print the JSON report on stdout (progress and summary go to stderr)
  --jobs <N>        submissions graded in parallel (default: ${defaultJobs()})
  --timeout <S>     seconds per exercise (default: ${defaultLimits.timeoutMs / 1000})
  --memory <MB>     memory limit per sandbox (default: ${defaultLimits.memoryMb})
  --process-memory <MB>
                    resident memory one sandbox process may reach before it is killed, the
                    backstop behind --memory (default: --memory + 768)
  --max-file <KB>   largest submission file accepted (default: ${defaultLimits.maxFileBytes >> 10})
  --work-budget <F[,N]>
                    flag a numerical gradient when a trial makes more than F × the reference's
                    input-sized tensors plus N (default: ${defaultWorkBudget.factor},${defaultWorkBudget.floor})
  -h, --help        show this help

Exit codes:
  0    every submission was graded (whatever the scores)
  1    some submission could not be graded (its row in the gradebook says why)
  2    bad usage (unknown option or exercise, no submissions found), or --out is in use by another run
  130  interrupted (Ctrl-C; 143 for SIGTERM): nothing was written
`;

/** The first 4 KB of a file as text (its header comments), or "" when it cannot be read. */
function headOf(file: string): string {
  try {
    const fd = openSync(file, "r");
    try {
      const buf = Buffer.alloc(4096);
      const n = readSync(fd, buf, 0, buf.length, 0);
      return buf.subarray(0, n).toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return "";
  }
}

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
        "process-memory": {type: "string"},
        assignment: {type: "string"},
        "id-from": {type: "string"},
        overrides: {type: "string"},
        "submitted-at": {type: "string"},
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
  const processMemory = positiveNumber(values["process-memory"], "process-memory", true);
  for (const v of [jobs, timeout, memory, maxFile, processMemory]) if (typeof v === "string") return usageError(v);
  // The frozen runtime itself needs a few MB of heap; below this nothing could be graded.
  if (typeof memory === "number" && memory < 32) return usageError(`--memory must be at least 32 (MB), got ${memory}`);
  let workBudget: WorkBudget | undefined;
  if (values["work-budget"] !== undefined) {
    const [factor, floor = String(defaultWorkBudget.floor)] = values["work-budget"].split(",");
    const f = Number(factor), n = Number(floor);
    if (!Number.isFinite(f) || f <= 0 || !Number.isFinite(n) || n < 0) return usageError(`--work-budget must be F or F,N with F > 0 and N ≥ 0, got '${values["work-budget"]}'`);
    workBudget = {factor: f, floor: n};
  }
  // The assignment and the instructor's files first: their mistakes are usage errors, before any grading.
  let assignment: Assignment | null = null;
  let pattern: RegExp | null = null;
  let overrides: Override[] | undefined;
  let submittedAt: Map<string, Date> | undefined;
  const catalogIds = (await loadCatalog()).map((e) => e.id);
  try {
    if (values.assignment) assignment = parseAssignment(readFileSync(values.assignment, "utf8"), values.assignment, catalogIds);
    if (values["id-from"]) pattern = idPattern(values["id-from"]);
    if (values.overrides) overrides = parseOverrides(readFileSync(values.overrides, "utf8"), values.overrides);
    if (values["submitted-at"]) submittedAt = parseSubmittedAt(readFileSync(values["submitted-at"], "utf8"), values["submitted-at"]);
  } catch (e) {
    return usageError((e as Error).message);
  }
  let seed: number;
  if (values.seed === undefined && assignment && assignment.seed !== "random") values.seed = String(assignment.seed);
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
    ...(workBudget ? {workBudget} : {}),
    ...(processMemory !== undefined ? {processMemoryMb: processMemory as number} : {})
  };

  const listed = findSubmissions(positionals);
  const {missing, hidden} = listed;
  if (missing.length) return usageError(`not found: ${missing.join(", ")}`);
  if (!listed.found.length) return usageError(`no submissions (*.js, *.mjs, *.zip) in ${positionals.join(", ")}`);
  const unpacked = mkdtempSync(join(tmpdir(), "backstep-archives-"));
  process.once("exit", () => rmSync(unpacked, {recursive: true, force: true}));
  const found = await expandArchives(listed.found, unpacked, {maxEntryBytes: limits.maxFileBytes, maxTotalBytes: 512 << 20, maxEntries: 20_000});
  if (!found.length) return usageError(`no submissions (*.js, *.mjs) in ${positionals.join(", ")}`);
  const identities = new Map(found.map((f) => [f.name, identify(f.name, f.problem ? null : headOf(f.file), pattern)]));

  const catalog = await loadCatalog();
  const requested = assignment ? assignment.exercises.map((e) => e.id) : values.exercise ?? [];
  const unknown = requested.filter((id) => !catalog.some((e) => e.id === id || e.fn === id));
  if (unknown.length) return usageError(`unknown exercise ${unknown.map((u) => `'${u}'`).join(", ")}; known: ${catalog.map((e) => e.id).join(", ")}`);

  // The run owns its gradebook: locked, written beside the old one, swapped in when complete.
  const outDir = resolve(values.out ?? "grades");
  let writer: GradebookWriter;
  try {
    writer = new GradebookWriter(outDir, found.length);
  } catch (e) {
    if (e instanceof GradebookBusyError) return usageError(e.message);
    return usageError(`cannot create the gradebook folder ${outDir}: ${(e as Error).message}`);
  }

  const json = values.json === true;
  const log = json ? process.stderr : process.stdout;
  const tty = Boolean(log.isTTY);
  const colors = makeColors(tty && !process.env.NO_COLOR);
  log.write(`Grading ${found.length} submission${found.length === 1 ? "" : "s"} (seed ${seed}, ${jobs ?? defaultJobs()} jobs, ` +
    `${limits.timeoutMs / 1000} s and ${limits.memoryMb} MB per exercise)\n`);
  if (hidden.length) log.write(`Skipped ${hidden.length} hidden path${hidden.length === 1 ? "" : "s"} (names starting with "."): ${hidden.slice(0, 3).map(escapeControl).join(", ")}${hidden.length > 3 ? ", …" : ""}\n`);

  // Ctrl-C or a SIGTERM: stop every child, keep the previous gradebook, say so.
  const abort = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => abort.abort(Object.assign(new Error(`interrupted by ${sig}`), {name: "AbortError", signal: sig}));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  process.once("exit", killAllChildren);

  const started = performance.now();
  if (tty) log.write(`${"░".repeat(30)} 0/${found.length} ${colors.dim("starting the sandbox…")}`);
  let results: SubmissionResult[];
  try {
    results = await gradeAll(
      found.map((s) => ({name: s.name, file: resolve(s.file), exercises: requested, seed, limits, ...(s.problem ? {problem: s.problem} : {}), ...(s.note ? {note: s.note} : {})})),
      {
        jobs: (jobs as number | undefined) ?? defaultJobs(), signal: abort.signal, keep: compact,
        onResult: (r, done, total, index) => {
          writer.add(index, r);
          progress(log, tty, colors, r, done, total);
        }
      }
    );
  } catch (e) {
    writer.abort();
    if (tty) log.write("\r\x1b[K");
    const signal = (e as {signal?: string}).signal;
    log.write(`backstep grade: ${(e as Error).message}; nothing was written: the previous gradebook in ${outDir} is as it was\n`);
    return signal === "SIGTERM" ? 143 : 130;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  if (tty) log.write("\r\x1b[K");

  const exerciseIds = catalog.map((e) => e.id).filter((id) => results.some((r) => r.exercises.some((e) => e.id === id)));
  const info = {seed, exercises: exerciseIds, limits, jobs: (jobs as number | undefined) ?? defaultJobs(), ms: Math.round(performance.now() - started)};
  const classed = classFiles({rows: writer.compactRows(), assignment, catalog, identities, overrides, submittedAt, maxFileBytes: limits.maxFileBytes});
  const {summary, reportPath} = await writer.finish(info, classed.files);
  log.write(formatSummary(summary, colors));
  for (const w of classed.result.warnings) log.write(`warning: ${w}\n`);
  const {students, neverSubmitted} = classed.result;
  log.write(`Class: ${students.length} student${students.length === 1 ? "" : "s"}, assignment "${escapeControl(classed.assignment.title)}" (${classed.assignment.exercises.length} exercises, ` +
    `${classed.assignment.exercises.reduce((t, e) => t + e.points, 0)} points)${students.some((s) => s.late) ? `, ${students.filter((s) => s.late).length} late` : ""}` +
    `${students.some((s) => s.superseded.length) ? `, ${students.filter((s) => s.superseded.length).length} with older submissions not counted` : ""}` +
    `${classed.pairs.length ? `, ${classed.pairs.length} near-identical pair${classed.pairs.length === 1 ? "" : "s"} to look at` : ""}.\n`);
  if (neverSubmitted.length) log.write(`Nobody submitted: ${neverSubmitted.join(", ")}.\n`);
  log.write(`Gradebook: ${outDir}/grades.csv, canvas.csv, moodle.csv, index.html, report.json, gradescope/<submission>/results.json (seed ${seed}, ${(info.ms / 1000).toFixed(1)} s)\n`);
  if (json) await pipeReport(reportPath, process.stdout);
  return results.some((r) => r.status === "error") ? 1 : 0;
}

function progress(out: NodeJS.WriteStream, tty: boolean, c: ReturnType<typeof makeColors>, r: SubmissionResult, done: number, total: number): void {
  const verdict = r.status === "error" ? c.red("not graded") : r.score === r.maxScore ? c.green("passed") : c.yellow("failed");
  // Names and messages come from submissions: control characters are shown, never obeyed, and a line stays a line.
  const name = escapeControl(r.name).replace(/\n/g, "\\n");
  const score = r.status === "error" ? escapeControl(r.message.slice(0, 300)).replace(/\n/g, " ") : `${fmt(r.score)}/${fmt(r.maxScore)}`;
  if (!tty) {
    out.write(`[${done}/${total}] ${name}: ${r.status === "error" ? "not graded" : r.score === r.maxScore ? "passed" : "failed"} ${score}\n`);
    return;
  }
  const width = 30;
  const filled = Math.round((done / total) * width);
  const bar = "█".repeat(filled) + "░".repeat(width - filled);
  // Failures and ungraded rows stay on screen; the bar line is redrawn below them.
  if (r.status === "error" || r.score !== r.maxScore) out.write(`\r\x1b[K${verdict} ${name} ${c.dim(score.slice(0, 120))}\n`);
  out.write(`\r\x1b[K${bar} ${done}/${total} ${c.dim(name.slice(0, 40))}`);
}

const fmt = (x: number) => String(Math.round(x * 100) / 100);

export const grade: Command = {
  summary: "grade submission files in a sandbox and write a gradebook",
  run: runGrade
};
