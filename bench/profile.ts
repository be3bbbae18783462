// `node --cpu-prof --cpu-prof-dir=DIR bin/run-ts.js bench/profile.ts <workload-id> [column] [seconds]`
// Runs one column of one workload in a loop (no other columns, no timing table) so a CPU profile
// shows only that code; then prints self time per function from the newest profile with bench/profile-summary.ts.
import {allWorkloads, type Column} from "./workloads.ts";

const [id, column = "backstep", seconds = "4"] = process.argv.slice(2);
const workload = allWorkloads().find((w) => w.id === id);
if (!workload) {
  console.error(`profile: unknown workload '${id}'; one of ${allWorkloads().map((w) => w.id).join(", ")}`);
  process.exit(2);
}
const {steps, errors} = await workload.prepare();
const step = steps[column as Column];
if (!step) {
  console.error(`profile: column ${column} did not run: ${errors[column as Column] ?? "unknown column"}`);
  process.exit(1);
}
const end = performance.now() + Number(seconds) * 1000;
let calls = 0;
while (performance.now() < end) {
  step.run();
  calls++;
}
console.log(`${workload.title} / ${column}: ${calls} calls, ${((Number(seconds) * 1000) / calls).toFixed(3)} ms per call`);
