// Child-process entry (started by pool.ts with `node --no-node-snapshot`): grades the submissions
// the host sends over IPC, one at a time. The host kills this process if it stops responding, so
// a submission that wedges isolated-vm costs one child, never the batch.
import {loadSandboxBundle} from "./bundle.ts";
import {loadCatalog} from "./catalog.ts";
import {gradeSubmission, type GradeJob} from "./run-submission.ts";

type Message = {type: "grade"; id: number; job: GradeJob} | {type: "exit"};

const send = (msg: unknown) => process.send?.(msg);

// When the host goes away (finished, killed, Ctrl-C), stop at once, even mid-submission; and check
// for a vanished parent too, in case the IPC channel's close is never seen.
process.on("disconnect", () => process.exit(0));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent || !process.connected) process.exit(0);
}, 500).unref();

async function start(): Promise<void> {
  const [bundle, catalog] = await Promise.all([loadSandboxBundle(), loadCatalog()]);
  let queue = Promise.resolve();
  process.on("message", (msg: Message) => {
    if (msg.type === "exit") {
      process.exit(0);
    }
    queue = queue.then(async () => {
      const unclean: string[] = [];
      try {
        const result = await gradeSubmission(msg.job, {
          catalog, bundle,
          onPhase: (label) => send({type: "phase", id: msg.id, label}),
          markUnclean: (why) => unclean.push(why)
        });
        // An isolate that did not stop cleanly may still hold a thread: the host replaces this child.
        send({type: "done", id: msg.id, result, recycle: unclean.length > 0, rss: process.memoryUsage.rss()});
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
