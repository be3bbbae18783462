// Runs one check in a fresh Worker with a hard time limit: on timeout the Worker is terminated and
// the learner gets a message, never a frozen page.
import type {CheckRequest, CheckResponse} from "./worker.ts";

export function runCheck(request: CheckRequest, hardLimitMs: number): Promise<CheckResponse> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL("./worker.ts", import.meta.url), {type: "module"});
    const done = (response: CheckResponse) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(response);
    };
    const timer = setTimeout(() => done({ok: false, message: `Your code did not finish within ${Math.round(hardLimitMs / 1000)} s and was stopped. Is there a loop that never ends?`}), hardLimitMs);
    worker.onmessage = (e: MessageEvent<CheckResponse>) => done(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      done({ok: false, message: `The checker failed to start: ${e.message || "worker error"}`});
    };
    worker.postMessage(request);
  });
}
