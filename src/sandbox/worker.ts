// Child-process entry (started by pool.ts with `node --no-node-snapshot`): grades the submissions
// the host sends over IPC, one at a time. The host kills this process if it stops responding, so
// a submission that wedges isolated-vm costs one child, never the batch.
import {loadSandboxBundle} from "./bundle.ts";
import {loadCatalog} from "./catalog.ts";
import {gradeSubmission, type GradeJob} from "./run-submission.ts";

type Message = {type: "grade"; id: number; job: GradeJob} | {type: "exit"};

const send = (msg: unknown) => process.send?.(msg);

// When the host goes away (finished, killed, Ctrl-C), stop at once, even mid-submission.
process.on("disconnect", () => process.exit(0));

async function start(): Promise<void> {
  const [bundle, catalog] = await Promise.all([loadSandboxBundle(), loadCatalog()]);
  let queue = Promise.resolve();
  process.on("message", (msg: Message) => {
    if (msg.type === "exit") {
      process.exit(0);
    }
    queue = queue.then(async () => {
      try {
        const result = await gradeSubmission(msg.job, {catalog, bundle, onPhase: (label) => send({type: "phase", id: msg.id, label})});
        send({type: "done", id: msg.id, result});
      } catch (e) {
        send({type: "failed", id: msg.id, message: (e as Error)?.message ?? String(e)});
      }
    });
  });
  send({type: "ready"});
}

start().catch((e) => {
  send({type: "fatal", message: (e as Error)?.stack ?? String(e)});
  process.exitCode = 1;
  process.disconnect?.();
});
