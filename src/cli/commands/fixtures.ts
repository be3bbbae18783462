// `backstep fixtures DIR…`: runs every case of every *.json fixture file through the runtime.
import {readdirSync, readFileSync, statSync} from "node:fs";
import {basename, join} from "node:path";
import type {Command} from "../commands.ts";
import {runFixtureText, type CaseResult} from "../../autograd/fixtures/run.ts";

const USAGE = `Usage: backstep fixtures [--tol 1e-9] [--verbose] DIR|FILE.json...

Runs every case of every *.json file in the folders (format: test/fixtures/pytorch/FORMAT.md)
through the tensor runtime: forward values, every gradient, and for staged cases every
intermediate value and gradient. Prints one line per case, then "N passed, N failed".
The error is cs231n's rel_error, except that elements that are round-off around zero (below 1e-6 of
the case's largest value) are measured against that scale instead of 1e-8.
Exit status: 0 if all pass, 1 if any fails, 2 on a usage error.
`;

function fixtureFiles(path: string): string[] {
  const st = statSync(path);
  if (st.isFile()) return [path];
  return readdirSync(path).filter((f) => f.endsWith(".json")).sort().map((f) => join(path, f));
}

function formatLine(r: CaseResult, verbose: boolean): string {
  const err = Number.isNaN(r.worst) ? "-" : r.worst.toExponential(1);
  let line = `${r.pass ? "PASS" : "FAIL"}  ${basename(r.file)}  ${r.name}  worst rel error ${err}`;
  if (!r.pass && r.reason) line += `  — ${r.reason}`;
  if (verbose) line += r.checks.map((c) => `\n      ${c.what}: ${c.error.toExponential(2)}`).join("");
  return line;
}

export const fixtures: Command = {
  summary: "check the runtime against PyTorch fixture files (values and gradients)",
  async run(args) {
    let tol = 1e-9, verbose = false;
    const paths: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === "--help" || a === "-h") { process.stdout.write(USAGE); return 0; }
      if (a === "--verbose" || a === "-v") verbose = true;
      else if (a === "--tol") {
        tol = Number(args[++i]);
        if (!(tol > 0)) { process.stderr.write(`backstep fixtures: --tol needs a positive number\n\n${USAGE}`); return 2; }
      } else if (a.startsWith("-")) { process.stderr.write(`backstep fixtures: unknown option '${a}'\n\n${USAGE}`); return 2; }
      else paths.push(a);
    }
    if (!paths.length) { process.stderr.write(`backstep fixtures: give at least one folder\n\n${USAGE}`); return 2; }
    const files: string[] = [];
    for (const p of paths) {
      try {
        files.push(...fixtureFiles(p));
      } catch {
        process.stderr.write(`backstep fixtures: cannot read '${p}' (no such file or folder)\n`);
        return 2;
      }
    }
    // A closed pipe (`| head`) just ends the output.
    process.stdout.on("error", (e: NodeJS.ErrnoException) => { if (e.code !== "EPIPE") throw e; });
    let passed = 0, failed = 0;
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (e) {
        process.stdout.write(`FAIL  ${basename(file)}  (file)  — cannot read ${file}: ${(e as Error).message}\n`);
        failed++;
        continue;
      }
      for (const r of runFixtureText(file, text, tol)) {
        process.stdout.write(formatLine(r, verbose) + "\n");
        if (r.pass) passed++;
        else failed++;
      }
    }
    if (!files.length) process.stdout.write(`no *.json fixture files in ${paths.join(", ")}\n`);
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
    return failed === 0 && passed > 0 ? 0 : 1;
  },
};
