// Child process of grade-returns.test.ts: isolated-vm needs `node --no-node-snapshot`, which a Vitest
// worker does not have. Grades submission files against the test-only exercise with the real sandbox
// (runtime bundle, isolate, adapted grading core) and prints the rows as JSON.
import {adaptExercise} from "../../src/sandbox/catalog.ts";
import {loadSandboxBundle} from "../../src/sandbox/bundle.ts";
import {gradeSubmission} from "../../src/sandbox/run-submission.ts";
import {defaultLimits} from "../../src/sandbox/types.ts";
import * as grader from "../../src/grader/index.ts";
import {np, nn} from "../../src/tensor/index.ts";
import {scale_forward} from "./returns-exercise.ts";

const files = process.argv.slice(2);
const catalog = [adaptExercise(scale_forward, grader, {np, nn})];
const bundle = await loadSandboxBundle();
const rows = [];
for (const file of files) {
  rows.push(await gradeSubmission({name: file, file, exercises: [], seed: 3, limits: defaultLimits}, {catalog, bundle, onPhase() {}}));
}
process.stdout.write(JSON.stringify(rows));
