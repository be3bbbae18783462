// Runs one check in a fresh Worker with a hard time limit: on timeout the Worker is terminated and
// the learner gets a message, never a frozen page. The limit counts from when the Worker has loaded
// (loading the grader can be slow on a busy machine); one spare Worker is kept loading ahead of time.
import type {CheckRequest, CheckResponse} from "./worker.ts";

/** How long a Worker may take to load before the check is given up. */
const loadLimitMs = 60_000;

interface Spawned {
  worker: Worker;
  ready: Promise<boolean>;
}

let spare: Spawned | null = null;

function spawn(): Spawned {
  const worker = new Worker(new URL("./worker.ts", import.meta.url), {type: "module"});
  const ready = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), loadLimitMs);
    worker.addEventListener("message", function first(e: MessageEvent) {
      if ((e.data as {ready?: boolean})?.ready) {
        clearTimeout(timer);
        worker.removeEventListener("message", first);
        resolve(true);
      }
    });
    worker.addEventListener("error", () => resolve(false), {once: true});
  });
  return {worker, ready};
}

function take(): Spawned {
  const w = spare ?? spawn();
  spare = null;
  return w;
}

/** Starts loading a Worker for the next check (call when an exercise mounts). */
export function prepareWorker(): void {
  spare ??= spawn();
}

export async function runCheck(request: CheckRequest, hardLimitMs: number): Promise<CheckResponse> {
  const {worker, ready} = take();
  if (!(await ready)) {
    worker.terminate();
    return {ok: false, message: "The checker could not start (its Worker failed to load). Reload the page and try again."};
  }
  const response = await new Promise<CheckResponse>((resolve) => {
    const done = (r: CheckResponse) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(r);
    };
    const timer = setTimeout(() => done({ok: false, message: `Your code did not finish within ${Math.round(hardLimitMs / 1000)} s and was stopped. Is there a loop that never ends?`}), hardLimitMs);
    worker.onmessage = (e: MessageEvent<CheckResponse>) => done(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      done({ok: false, message: `The checker failed: ${e.message || "worker error"}`});
    };
    worker.postMessage(request);
  });
  prepareWorker();
  return response;
}
