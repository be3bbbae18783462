// Writes a gradebook folder that the run owns: a lock refuses a second run on the same folder, every
// output goes into a temporary folder beside it while the batch runs (each submission's report part and
// Gradescope result as soon as it is graded, so memory holds only a compact row per submission), and
// the folder replaces the previous gradebook in one rename when the run completes. An interrupted run
// leaves the previous gradebook as it was.
import {closeSync, createReadStream, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync} from "node:fs";
import {basename, dirname, join} from "node:path";
import type {SubmissionResult} from "./types.ts";
import {formatGradesCsv} from "./csv.ts";
import {formatReport, type GradeReport} from "../grader/index.ts";
import {toGradescope} from "./gradescope.ts";
import {stringifyReport, type GradeReportJson, type GradeRunInfo} from "./report.ts";
import {summarize, type Summary} from "./summary.ts";
import {escapeHtml} from "../notebook/math/render.ts";

const esc = (s: unknown) => escapeHtml(String(s));

/** A folder name for a submission that is safe on every filesystem and unique in the batch. */
export function safeName(name: string, taken: Set<string>): string {
  const base = name.replace(/\.[cm]?js$/i, "").replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "_").slice(0, 100) || "submission";
  let candidate = base;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${base}-${i}`;
  // Case-insensitive filesystems (macOS, Windows) would merge "A" and "a".
  taken.add(candidate.toLowerCase());
  return candidate;
}

export class GradebookBusyError extends Error {}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The row without what only report.json needs (per-step reports), kept in memory for the CSV and summary. */
export function compact(r: SubmissionResult): SubmissionResult {
  return {...r, exercises: r.exercises.map(({report: _report, logs: _logs, trials, ...e}) => ({...e, logs: "", trials: trials.map((t) => ({...t, message: ""}))}))};
}

export class GradebookWriter {
  readonly temp: string;
  private readonly lock: string;
  private readonly rows: (SubmissionResult | undefined)[] = [];
  private readonly taken = new Set<string>();
  private done = false;

  constructor(readonly outDir: string, private readonly total: number) {
    mkdirSync(dirname(outDir), {recursive: true});
    this.lock = `${outDir}.lock`;
    this.takeLock();
    this.temp = join(dirname(outDir), `.${basename(outDir)}.partial-${process.pid}`);
    rmSync(this.temp, {recursive: true, force: true});
    mkdirSync(join(this.temp, "gradescope"), {recursive: true});
    mkdirSync(join(this.temp, ".parts"), {recursive: true});
  }

  private takeLock(): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.lock, "wx");
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        const pid = Number(readFileSafe(this.lock));
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
          throw new GradebookBusyError(`another backstep grade (pid ${pid}) is writing ${this.outDir}; wait for it to finish, or remove ${this.lock} if it is gone`);
        }
        rmSync(this.lock, {force: true}); // stale: its run died
      }
    }
    throw new GradebookBusyError(`cannot lock ${this.outDir} (${this.lock})`);
  }

  /** Records one graded submission (any order); `index` is its place in the input order. */
  add(index: number, result: SubmissionResult): void {
    const folder = safeName(result.name, this.taken);
    const row: SubmissionResult = {...result, gradescopeFolder: folder};
    const dir = join(this.temp, "gradescope", folder);
    mkdirSync(dir, {recursive: true});
    writeFileSync(join(dir, "results.json"), JSON.stringify(toGradescope(row), null, 2) + "\n");
    writeFileSync(join(this.temp, ".parts", `${index}.json`), JSON.stringify(row, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)));
    mkdirSync(join(this.temp, "reports"), {recursive: true});
    writeFileSync(join(this.temp, "reports", `${folder}.html`), studentReportHtml(row));
    this.rows[index] = compact(row);
  }

  /** The compact rows so far, in input order. */
  compactRows(): SubmissionResult[] {
    return this.rows.filter((r): r is SubmissionResult => r !== undefined);
  }

  /** Writes grades.csv and report.json, then puts the folder in place of the previous gradebook. */
  async finish(info: GradeRunInfo, files: Record<string, string> = {}): Promise<{summary: Summary; reportPath: string}> {
    const rows = this.compactRows();
    const summary = summarize(rows);
    // One row per file; the student-keyed gradebooks (grades.csv, canvas.csv, …) come in `files`.
    writeFileSync(join(this.temp, "submissions.csv"), formatGradesCsv(rows, info.exercises));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(this.temp, name), text);
    await this.writeReport(info, summary);
    rmSync(join(this.temp, ".parts"), {recursive: true, force: true});
    // Replace the previous gradebook wholly (a smaller rerun leaves no stale Gradescope folders).
    const old = `${this.temp}.old`;
    if (existsSync(this.outDir)) renameSync(this.outDir, old);
    renameSync(this.temp, this.outDir);
    rmSync(old, {recursive: true, force: true});
    this.release();
    return {summary, reportPath: join(this.outDir, "report.json")};
  }

  /** report.json streamed part by part, so its size never has to fit in one string. */
  private async writeReport(info: GradeRunInfo, summary: Summary): Promise<void> {
    const head: Omit<GradeReportJson, "submissions"> = {tool: "backstep grade", version: 1, generatedAt: new Date().toISOString(), ...info, summary};
    const fd = openSync(join(this.temp, "report.json"), "w");
    try {
      const text = stringifyReport({...head, submissions: []});
      const at = text.lastIndexOf('"submissions": []');
      writeSync(fd, text.slice(0, at) + '"submissions": [');
      let first = true;
      for (let i = 0; i < this.total; i++) {
        const part = join(this.temp, ".parts", `${i}.json`);
        if (!existsSync(part)) continue;
        writeSync(fd, `${first ? "\n" : ",\n"}    `);
        writeSync(fd, readFileSync(part));
        first = false;
      }
      writeSync(fd, "\n  ]" + text.slice(at + '"submissions": []'.length));
    } finally {
      closeSync(fd);
    }
  }

  /** Drops the partial folder and the lock; the previous gradebook stays as it was. */
  abort(): void {
    if (this.done) return;
    rmSync(this.temp, {recursive: true, force: true});
    this.release();
  }

  private release(): void {
    this.done = true;
    if (readFileSafe(this.lock) === String(process.pid)) rmSync(this.lock, {force: true});
  }
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return "";
  }
}

/** Copies a finished report to a stream (the CLI's --json) without loading it whole. */
export function pipeReport(path: string, out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = createReadStream(path);
    stream.on("error", reject);
    stream.on("end", () => resolve());
    stream.pipe(out, {end: false});
  });
}


/** A student's step report as a small static page (linked from the class report). */
function studentReportHtml(row: SubmissionResult): string {
  const parts = row.exercises.map((e) => {
    const text = e.report ? formatReport(e.report as GradeReport) : e.message;
    return `<section><h2>${esc(e.id)} — ${esc(e.verdict)} (${Math.round(e.score * 100) / 100}/${e.maxScore})</h2><pre>${esc(text)}</pre></section>`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(row.name)} — step report</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:900px;margin:2rem auto;padding:0 1rem}pre{background:#f6f6f6;padding:.6rem;overflow:auto}</style></head>
<body><p><a href="../index.html">← class report</a></p><h1>${esc(row.name)}</h1><p>${esc(row.message)}${row.note ? ` (note: ${esc(row.note)})` : ""}</p>${parts.join("\n")}</body></html>
`;
}
