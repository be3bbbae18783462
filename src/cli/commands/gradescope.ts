// `backstep gradescope`: writes a Gradescope autograder zip (setup.sh, run_autograder, and Backstep's
// own source with the assignment), and `backstep gradescope run`, what run_autograder calls inside
// Gradescope's container: grade /autograder/submission in the same isolate sandbox as `backstep grade`
// (learner code never runs in the autograder's own process, so it cannot write results.json itself),
// apply the assignment (points, credit, the late policy from Gradescope's submission metadata), and
// write /autograder/results/results.json per Gradescope's autograder specification.
import {parseArgs} from "node:util";
import {createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from "node:fs";
import {join, resolve} from "node:path";
import yazl from "yazl";
import type {Command} from "../commands.ts";
import {projectRoot} from "../../sandbox/bundle.ts";
import {defaultLimits, findSubmissions, gradeAll, loadCatalog, type SubmissionResult} from "../../sandbox/index.ts";
import {parseAssignment, type Assignment} from "../../gradebook/assignment.ts";
import {buildClass} from "../../gradebook/class.ts";
import {visibleSummary} from "../../gradebook/gradescope.ts";
import type {ExerciseResult} from "../../gradebook/types.ts";

export const help = `Usage: backstep gradescope --assignment <file.yaml> [--out autograder.zip]

Writes a Gradescope autograder zip for the assignment: setup.sh (installs Node 20 and Backstep's
runtime dependencies on Gradescope's Ubuntu base image: it assumes apt-get, network access during
setup, and x86-64), run_autograder, and Backstep's source with the assignment. Upload it as the
assignment's autograder ("Configure Autograder" → zip file). Every student's code runs in Backstep's
isolate sandbox inside Gradescope's container; results.json gets a visible test per exercise with
its score, first wrong step and hint, and per-trial tests hidden until grades are published.

  backstep gradescope run   what run_autograder calls inside the container (BACKSTEP_AUTOGRADER_ROOT
                            replaces /autograder, for trying the zip locally)
`;

/** Files of the project the autograder needs at run time (no tests, lessons or benchmarks). */
const shipped = ["package.json", "package-lock.json", "tsconfig.json", "bin", "src", "content"];

const setupSh = `#!/usr/bin/env bash
# Gradescope runs this once when the autograder is built (Ubuntu base image, as root, with network).
set -euo pipefail
apt-get update -qq
# isolated-vm compiles a native module: a C++ toolchain and Python are needed.
apt-get install -y -qq curl ca-certificates xz-utils build-essential python3
NODE_VERSION=20.19.5
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  curl -fsSL "https://nodejs.org/dist/v\${NODE_VERSION}/node-v\${NODE_VERSION}-linux-x64.tar.xz" | tar -xJ -C /usr/local --strip-components=1
fi
cd /autograder/source
npm ci --omit=dev --no-audit --no-fund
`;

const runAutograder = `#!/usr/bin/env bash
# Gradescope calls this for every submission; BACKSTEP_AUTOGRADER_ROOT replaces /autograder (local tries).
set -euo pipefail
ROOT="\${BACKSTEP_AUTOGRADER_ROOT:-/autograder}"
exec node "$ROOT/source/bin/backstep.js" gradescope run
`;

function addTree(zip: yazl.ZipFile, path: string, into: string): void {
  const stat = statSync(path);
  if (stat.isDirectory()) {
    for (const name of readdirSync(path).sort()) addTree(zip, join(path, name), `${into}/${name}`);
  } else if (stat.isFile()) {
    zip.addFile(path, into, {mode: 0o100644});
  }
}

async function buildZip(assignmentFile: string, out: string): Promise<number> {
  const catalog = await loadCatalog();
  const text = readFileSync(assignmentFile, "utf8");
  const assignment = parseAssignment(text, assignmentFile, catalog.map((e) => e.id));
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(setupSh), "setup.sh", {mode: 0o100755});
  zip.addBuffer(Buffer.from(runAutograder), "run_autograder", {mode: 0o100755});
  for (const entry of shipped) addTree(zip, join(projectRoot, entry), `source/${entry}`);
  zip.addBuffer(Buffer.from(text), "source/assignment.yaml", {mode: 0o100644});
  zip.end();
  await new Promise<void>((done, fail) => zip.outputStream.pipe(createWriteStream(out)).on("close", done).on("error", fail));
  process.stdout.write(`Wrote ${out}: the Gradescope autograder for "${assignment.title}" (${assignment.exercises.length} exercises, ${assignment.exercises.reduce((s, e) => s + e.points, 0)} points).\n`);
  return 0;
}

interface Metadata {
  created_at?: string;
  users?: {name?: string; email?: string; sid?: string}[];
  assignment?: {due_date?: string; title?: string};
}

interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
  output_format: "md" | "text";
  visibility: "visible" | "after_published" | "hidden" | "after_due_date";
}

/** Per exercise, the best result over the submission's files (a student may upload several). */
function bestResults(rows: SubmissionResult[]): SubmissionResult {
  const best = new Map<string, ExerciseResult>();
  for (const r of rows) for (const e of r.exercises) {
    const prev = best.get(e.id);
    const missing = (x: ExerciseResult) => /^missing function/.test(x.message);
    if (!prev || (missing(prev) && !missing(e)) || (!missing(e) && e.score > prev.score)) best.set(e.id, e);
  }
  const exercises = [...best.values()];
  const graded = rows.find((r) => r.status === "graded") ?? rows[0];
  return {...graded, exercises, status: exercises.length ? "graded" : graded.status};
}

async function runInside(): Promise<number> {
  const root = process.env.BACKSTEP_AUTOGRADER_ROOT ?? "/autograder";
  const resultsDir = join(root, "results");
  mkdirSync(resultsDir, {recursive: true});
  const write = (results: object) => writeFileSync(join(resultsDir, "results.json"), JSON.stringify(results, null, 2) + "\n");
  const catalog = await loadCatalog();
  const assignmentFile = join(root, "source", "assignment.yaml");
  let assignment: Assignment;
  try {
    assignment = parseAssignment(readFileSync(assignmentFile, "utf8"), assignmentFile, catalog.map((e) => e.id));
  } catch (e) {
    write({score: 0, output: `The autograder is misconfigured (its assignment file): ${(e as Error).message}`, output_format: "text", tests: []});
    return 1;
  }
  let metadata: Metadata = {};
  try {
    metadata = JSON.parse(readFileSync(join(root, "submission_metadata.json"), "utf8")) as Metadata;
  } catch {
    // Not given (a local try): no student name, no lateness.
  }
  const submission = join(root, "submission");
  const found = existsSync(submission) ? findSubmissions([submission]).found.filter((f) => /\.m?js$/i.test(f.name) && !f.problem) : [];
  const max = assignment.exercises.reduce((s, e) => s + e.points, 0);
  if (!found.length) {
    write({
      score: 0, output: `**No submission file found.** Upload the file the Backstep course exports (Export answers → a \`.js\` file).`, output_format: "md",
      tests: assignment.exercises.map((e): GradescopeTest => ({name: e.id, score: 0, max_score: e.points, status: "failed", output: "not submitted", output_format: "md", visibility: "visible"}))
    });
    return 0;
  }
  const seed = assignment.seed === "random" ? 0 : assignment.seed;
  const rows = await gradeAll(found.map((f) => ({name: f.name, file: resolve(f.file), exercises: assignment.exercises.map((e) => e.id), seed, limits: defaultLimits})), {jobs: 1});
  const merged = bestResults(rows);
  const user = metadata.users?.[0];
  const due = assignment.due ?? (metadata.assignment?.due_date ? new Date(metadata.assignment.due_date) : undefined);
  const at = metadata.created_at ? new Date(metadata.created_at) : undefined;
  const id = user?.sid || user?.email || "student";
  const {students} = buildClass([merged], {
    assignment: {...assignment, ...(due ? {due} : {})},
    identities: new Map([[merged.name, {id, from: "header" as const, ...(user?.name ? {name: user.name} : {})}]]),
    ...(at ? {submittedAt: new Map([[id, at]])} : {})
  });
  const student = students[0];
  const tests: GradescopeTest[] = [];
  const lines = [`## ${assignment.title}`, "", `**${Math.round(student.total * 100) / 100} / ${max} points**${student.late ? ` (late: −${Math.round(student.latePenalty * 100)} %)` : ""}`, ""];
  for (const e of student.exercises) {
    const result = merged.exercises.find((r) => r.id === e.id);
    const summary = e.verdict === "not submitted" ? "Not submitted." : result ? visibleSummary(result) : "Not graded.";
    lines.push(`- **${e.id}**: ${e.verdict} — ${Math.round(e.points * 100) / 100}/${e.max}`);
    tests.push({name: `${e.id}`, score: Math.round(e.points * (1 - student.latePenalty) * 1000) / 1000, max_score: e.max, status: e.verdict === "passed" ? "passed" : "failed",
      output: summary.split("\n").map((l) => (l.startsWith("First wrong step: ") ? `**First wrong step:** \`${l.slice(18).replace(/\.$/, "")}\`` : l)).join("\n\n"), output_format: "md", visibility: "visible"});
    for (const t of result?.trials ?? []) {
      tests.push({name: `${e.id}: trial ${t.name}`, score: 0, max_score: 0, status: t.passed ? "passed" : "failed", output: t.message, output_format: "text", visibility: "after_published"});
    }
  }
  if (merged.status === "error") lines.push("", `This submission could not be graded: ${merged.message}`);
  write({score: Math.round(student.total * 1000) / 1000, execution_time: Math.round(rows.reduce((s, r) => s + r.ms, 0) / 1000), output: lines.join("\n"), output_format: "md", stdout_visibility: "hidden", tests});
  return 0;
}

export async function runGradescope(args: string[]): Promise<number> {
  if (args[0] === "run") return runInside();
  let values;
  try {
    values = parseArgs({args, options: {assignment: {type: "string"}, out: {type: "string"}, help: {type: "boolean", short: "h"}}}).values;
  } catch (e) {
    process.stderr.write(`backstep gradescope: ${(e as Error).message}\n\n${help}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  if (!values.assignment) {
    process.stderr.write(`backstep gradescope: --assignment is required\n\n${help}`);
    return 2;
  }
  try {
    return await buildZip(values.assignment, resolve(values.out ?? "autograder.zip"));
  } catch (e) {
    process.stderr.write(`backstep gradescope: ${(e as Error).message}\n`);
    return 2;
  }
}

export const gradescope: Command = {summary: "write a Gradescope autograder zip for an assignment (and run inside it)", run: runGradescope};

