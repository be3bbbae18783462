// Host side: a pool of child processes (each `node --no-node-snapshot` + tsx running worker.ts).
// The child is the hard kill boundary: when one stops answering (a promise the isolate never
// settles, an isolated-vm crash, memory blowing past the isolate limit), the host kills it,
// records a row saying why, and starts a fresh child for the next submission.
import {fork, type ChildProcess} from "node:child_process";
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
  /** Called after each submission, in completion order. */
  onResult?(result: SubmissionResult, done: number, total: number): void;
}

const workerPath = join(projectRoot, "src/sandbox/worker.ts");
const tsxLoader = pathToFileURL(join(projectRoot, "node_modules/tsx/dist/loader.mjs")).href;

interface Child {
  proc: ChildProcess;
  ready: Promise<void>;
  stderr: string;
}

function spawnChild(): Child {
  const proc = fork(workerPath, [], {
    execArgv: ["--no-node-snapshot", "--import", tsxLoader],
    serialization: "advanced",
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    // The child is trusted, but it has no reason to see the instructor's environment.
    env: {PATH: process.env.PATH ?? "", NODE_ENV: "production"}
  });
  const child: Child = {proc, stderr: "", ready: Promise.resolve()};
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

/** Runs one job on a child; resolves with the row (an error row when the child had to be killed). */
function runOnChild(child: Child, id: number, job: GradeJob, graceMs: number): Promise<{result: SubmissionResult; healthy: boolean}> {
  return new Promise((resolve) => {
    let phase = "start";
    let timer: NodeJS.Timeout;
    const started = performance.now();
    const errorRow = (message: string): SubmissionResult => ({
      name: job.name, file: job.file, status: "error", message, score: 0, maxScore: 0, exercises: [],
      ms: Math.round(performance.now() - started)
    });
    const finish = (result: SubmissionResult, healthy: boolean) => {
      clearTimeout(timer);
      child.proc.off("message", onMessage);
      child.proc.off("exit", onExit);
      resolve({result, healthy});
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        kill(child);
        finish(errorRow(`the sandbox stopped responding during '${phase}' and was killed after ${((job.limits.timeoutMs + graceMs) / 1000).toFixed(1)} s`), false);
      }, job.limits.timeoutMs + graceMs);
    };
    const onMessage = (msg: {type: string; id?: number; label?: string; result?: SubmissionResult; message?: string}) => {
      if (msg.id !== id) return;
      if (msg.type === "phase") {
        phase = msg.label ?? phase;
        arm();
      } else if (msg.type === "done") finish(msg.result!, true);
      else if (msg.type === "failed") finish(errorRow(`internal error while grading: ${msg.message}`), true);
    };
    const onExit = (code: number | null, signal: string | null) => {
      const why = signal === "SIGKILL" || signal === "SIGABRT" || code === 134 ? "ran out of memory or crashed" : "crashed";
      finish(errorRow(`the sandbox ${why} during '${phase}' (${signal ?? `exit code ${code}`})`), false);
    };
    child.proc.on("message", onMessage);
    child.proc.once("exit", onExit);
    arm();
    child.proc.send({type: "grade", id, job});
  });
}

/** Grades every job with up to `jobs` children; the batch always completes, one row per job, in input order. */
export async function gradeAll(jobs: GradeJob[], options: PoolOptions): Promise<SubmissionResult[]> {
  await loadSandboxBundle(); // build once here, not in every child at the same time
  const results: SubmissionResult[] = new Array(jobs.length);
  const graceMs = options.graceMs ?? 5000;
  let next = 0;
  let done = 0;
  const lane = async () => {
    let child: Child | null = null;
    try {
      while (next < jobs.length) {
        const index = next++;
        if (!child) child = spawnChild();
        let outcome: {result: SubmissionResult; healthy: boolean};
        try {
          await child.ready;
          outcome = await runOnChild(child, index, jobs[index], graceMs);
        } catch (e) {
          const job = jobs[index];
          outcome = {result: {name: job.name, file: job.file, status: "error", message: (e as Error).message, score: 0, maxScore: 0, exercises: [], ms: 0}, healthy: false};
        }
        results[index] = outcome.result;
        if (!outcome.healthy) {
          kill(child);
          child = null;
        }
        options.onResult?.(outcome.result, ++done, jobs.length);
      }
    } finally {
      if (child) {
        child.proc.send({type: "exit"});
        const c = child;
        setTimeout(() => kill(c), 2000).unref();
      }
    }
  };
  await Promise.all(Array.from({length: Math.max(1, Math.min(options.jobs, jobs.length))}, lane));
  return results;
}
