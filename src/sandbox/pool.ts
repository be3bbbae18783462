// Host side: a pool of child processes (each `node --no-node-snapshot` + tsx running worker.ts).
// The child is the hard kill boundary: when one stops answering (a promise the isolate never
// settles, an isolated-vm crash), grows past its memory limit (watched from outside: a bypass of the
// isolate's own limit still ends here), or reports an isolate that did not stop cleanly, the host
// kills it and starts a fresh child for the next submission. A child that dies on its own (kill -9,
// the OOM killer) has its submission retried once in a fresh child before the row says "crashed".
import {fork, type ChildProcess} from "node:child_process";
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {pathToFileURL} from "node:url";
import {loadSandboxBundle, projectRoot} from "./bundle.ts";
import type {GradeJob} from "./run-submission.ts";
import type {SubmissionResult} from "./types.ts";

export interface PoolOptions {
  /** Child processes grading in parallel. */
  jobs: number;
  /** Extra time the host allows beyond the per-phase limit before killing a child. */
  graceMs?: number;
  /** Called after each submission, in completion order; `index` is its place in `jobs`. */
  onResult?(result: SubmissionResult, done: number, total: number, index: number): void;
  /** Aborting stops the batch at once: every child is killed and gradeAll rejects with an AbortError. */
  signal?: AbortSignal;
  /**
   * What the returned list keeps of each row once onResult has seen it (default: the whole row). A
   * caller that streams rows away (the CLI's gradebook writer) keeps a compact form, so memory does
   * not grow with full reports over a large batch.
   */
  keep?(result: SubmissionResult): SubmissionResult;
}

const workerPath = join(projectRoot, "src/sandbox/worker.ts");
const tsxLoader = pathToFileURL(join(projectRoot, "node_modules/tsx/dist/loader.mjs")).href;

/** Resident memory a child may reach, on top of its isolate's limit (Node, tsx, the runtime, the catalog). */
const processOverheadMb = 768;
/** A child above this much resident memory after a submission is replaced (memory an isolate left behind). */
const recycleAboveMb = 1024;

interface Child {
  proc: ChildProcess;
  ready: Promise<void>;
  stderr: string;
}

const live = new Set<Child>();

function spawnChild(): Child {
  const proc = fork(workerPath, [], {
    execArgv: ["--no-node-snapshot", "--import", tsxLoader],
    serialization: "advanced",
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    // The child is trusted, but it has no reason to see the instructor's environment.
    env: {PATH: process.env.PATH ?? "", NODE_ENV: "production"}
  });
  const child: Child = {proc, stderr: "", ready: Promise.resolve()};
  live.add(child);
  proc.once("exit", () => live.delete(child));
  proc.stderr?.on("data", (chunk: Buffer) => {
    child.stderr = (child.stderr + chunk.toString()).slice(-2000);
  });
  child.ready = new Promise((resolve, reject) => {
    // Building the runtime bundle is done by the host first, so starting takes seconds at most.
    const timer = setTimeout(() => {
      kill(child);
      reject(new Error("sandbox worker did not start within 60 s"));
    }, 60_000);
    timer.unref();
    proc.once("exit", () => clearTimeout(timer));
    const onMessage = (msg: {type: string; message?: string}) => {
      if (msg.type === "ready") {
        clearTimeout(timer);
        proc.off("message", onMessage);
        resolve();
      } else if (msg.type === "fatal") reject(new Error(`sandbox worker failed to start: ${msg.message}`));
    };
    proc.on("message", onMessage);
    proc.once("exit", (code, signal) => reject(new Error(`sandbox worker exited during start (${signal ?? code}): ${child.stderr.trim()}`)));
  });
  child.ready.catch(() => {});
  return child;
}

function kill(child: Child): void {
  if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill("SIGKILL");
}

/** Kills every child this process started (the CLI calls it on SIGINT/SIGTERM and on exit). */
export function killAllChildren(): void {
  for (const child of live) kill(child);
}

/** Resident memory of a process in MB (Linux /proc), or null where it cannot be read. */
function residentMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

type RunOutcome = {result: SubmissionResult; healthy: boolean; crashed?: boolean};

/** Runs one job on a child; resolves with the row (an error row when the child had to be killed). */
function runOnChild(child: Child, id: number, job: GradeJob, graceMs: number): Promise<RunOutcome> {
  return new Promise((resolve) => {
    let phase = "start";
    let timer: NodeJS.Timeout;
    let killedBy: string | null = null;
    const started = performance.now();
    const limitMb = job.limits.processMemoryMb ?? job.limits.memoryMb + processOverheadMb;
    const errorRow = (message: string): SubmissionResult => ({
      name: job.name, file: job.file, status: "error", message, score: 0, maxScore: 0, exercises: [],
      ms: Math.round(performance.now() - started)
    });
    const finish = (outcome: RunOutcome) => {
      clearTimeout(timer);
      clearInterval(watch);
      child.proc.off("message", onMessage);
      child.proc.off("exit", onExit);
      resolve(outcome);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        killedBy = "watchdog";
        kill(child);
        finish({result: errorRow(`the sandbox stopped responding during '${phase}' and was killed after ${((job.limits.timeoutMs + graceMs) / 1000).toFixed(1)} s`), healthy: false});
      }, job.limits.timeoutMs + graceMs);
    };
    // The OS-level memory limit: whatever escapes the isolate's allocator still ends in a row.
    const overLimit = (mb: number | null): boolean => {
      if (mb === null || mb <= limitMb) return false;
      killedBy = "memory";
      kill(child);
      finish({result: errorRow(`memory limit: the sandbox process grew to ${Math.round(mb)} MB during '${phase}' (limit ${limitMb} MB for the process) and was killed`), healthy: false});
      return true;
    };
    const watch = setInterval(() => overLimit(residentMb(child.proc.pid)), 100);
    const onMessage = (msg: {type: string; id?: number; label?: string; result?: SubmissionResult; message?: string; recycle?: boolean; rss?: number}) => {
      if (msg.id !== id) return;
      if (msg.type === "phase") {
        phase = msg.label ?? phase;
        arm();
      } else if (msg.type === "done") {
        const rssMb = (msg.rss ?? 0) / (1 << 20);
        // Reported by the child at the end: a peak between two samples still counts.
        if (overLimit(Math.max(rssMb, residentMb(child.proc.pid) ?? 0))) return;
        finish({result: msg.result!, healthy: !msg.recycle && rssMb < recycleAboveMb});
      } else if (msg.type === "failed") finish({result: errorRow(`internal error while grading: ${msg.message}`), healthy: true});
    };
    const onExit = (code: number | null, signal: string | null) => {
      if (killedBy) return;
      const why = signal === "SIGKILL" || signal === "SIGABRT" || code === 134 ? "was killed or ran out of memory" : "crashed";
      finish({result: errorRow(`the sandbox ${why} during '${phase}' (${signal ?? `exit code ${code}`})`), healthy: false, crashed: true});
    };
    child.proc.on("message", onMessage);
    child.proc.once("exit", onExit);
    arm();
    if (overLimit(residentMb(child.proc.pid))) return;
    child.proc.send({type: "grade", id, job});
  });
}

function problemRow(job: GradeJob): SubmissionResult {
  return {name: job.name, file: job.file, status: "error", message: job.problem!, score: 0, maxScore: 0, exercises: [], ms: 0, ...(job.note ? {note: job.note} : {})};
}

/** Grades every job with up to `jobs` children; the batch always completes, one row per job, in input order. */
export async function gradeAll(jobs: GradeJob[], options: PoolOptions): Promise<SubmissionResult[]> {
  await loadSandboxBundle(); // build once here, not in every child at the same time
  const results: SubmissionResult[] = new Array(jobs.length);
  const graceMs = options.graceMs ?? 5000;
  const signal = options.signal;
  let next = 0;
  let done = 0;
  let runId = 0;
  const aborted = new Promise<never>((_, reject) => {
    const stop = () => {
      killAllChildren();
      reject(signal?.reason instanceof Error ? signal.reason : Object.assign(new Error("grading was interrupted"), {name: "AbortError"}));
    };
    if (signal?.aborted) stop();
    else signal?.addEventListener("abort", stop, {once: true});
  });
  aborted.catch(() => {});
  const record = (index: number, result: SubmissionResult) => {
    options.onResult?.(result, ++done, jobs.length, index);
    results[index] = options.keep ? options.keep(result) : result;
  };
  const lane = async () => {
    let child: Child | null = null;
    const attempt = async (job: GradeJob): Promise<RunOutcome> => {
      child ??= spawnChild();
      try {
        await child.ready;
        return await runOnChild(child, runId++, job, graceMs);
      } catch (e) {
        return {result: {name: job.name, file: job.file, status: "error", message: (e as Error).message, score: 0, maxScore: 0, exercises: [], ms: 0}, healthy: false};
      }
    };
    try {
      while (next < jobs.length && !signal?.aborted) {
        const index = next++;
        const job = jobs[index];
        if (job.problem) {
          record(index, problemRow(job));
          continue;
        }
        let outcome = await attempt(job);
        if (!outcome.healthy && child) {
          kill(child);
          child = null;
        }
        if (outcome.crashed && !signal?.aborted) {
          // Not necessarily this submission's fault (another process, the OOM killer): once more, in a fresh child.
          const again = await attempt(job);
          if (!again.healthy && child) {
            kill(child);
            child = null;
          }
          outcome = again.crashed ? {...again, result: {...again.result, message: `${again.result.message}; it was retried once in a fresh sandbox and crashed again`}}
            : {...again, result: {...again.result, note: [again.result.note, "graded on a second try: the first sandbox crashed"].filter(Boolean).join("; ")}};
        }
        if (signal?.aborted) return;
        record(index, job.note ? {...outcome.result, note: [job.note, outcome.result.note].filter(Boolean).join("; ")} : outcome.result);
      }
    } finally {
      if (child) {
        const c: Child = child;
        c.proc.send({type: "exit"});
        setTimeout(() => kill(c), 2000).unref();
      }
    }
  };
  await Promise.race([Promise.all(Array.from({length: Math.max(1, Math.min(options.jobs, jobs.length))}, lane)), aborted]);
  return results;
}
