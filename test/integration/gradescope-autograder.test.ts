// The Gradescope autograder zip, end to end in a local folder laid out like /autograder: unpacked as
// Gradescope unpacks it, run_autograder on a passing, a failing, a hostile and a missing submission,
// results.json validated against a JSON schema of Gradescope's autograder specification.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {spawnSync} from "node:child_process";
import {chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join, resolve} from "node:path";
import Ajv from "ajv";
import yauzl from "yauzl";

const root = resolve(import.meta.dirname, "../..");
const cli = join(root, "bin/backstep.js");
const fixtures = join(root, "test/fixtures/submissions");

/** Gradescope's results.json ("Autograder Specifications": top-level fields and tests[]). */
const schema = {
  type: "object",
  required: ["tests"],
  properties: {
    score: {type: "number"},
    execution_time: {type: "number"},
    output: {type: "string"},
    output_format: {enum: ["text", "html", "simple_format", "md", "ansi"]},
    visibility: {enum: ["hidden", "after_due_date", "after_published", "visible"]},
    stdout_visibility: {enum: ["hidden", "after_due_date", "after_published", "visible"]},
    extra_data: {type: "object"},
    tests: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name"],
        properties: {
          score: {type: "number"},
          max_score: {type: "number"},
          status: {enum: ["passed", "failed"]},
          name: {type: "string"},
          name_format: {enum: ["text", "html", "simple_format", "md", "ansi"]},
          number: {type: "string"},
          output: {type: "string"},
          output_format: {enum: ["text", "html", "simple_format", "md", "ansi"]},
          tags: {type: "array", items: {type: "string"}},
          visibility: {enum: ["hidden", "after_due_date", "after_published", "visible"]},
          extra_data: {type: "object"}
        }
      }
    }
  },
  additionalProperties: false
};
const validate = new Ajv({allErrors: true}).compile(schema);

let dir: string;
let autograder: string;

function unzip(file: string, into: string): Promise<void> {
  return new Promise((done, fail) => {
    yauzl.open(file, {lazyEntries: true}, (err, zip) => {
      if (err || !zip) return fail(err);
      zip.on("entry", (entry: yauzl.Entry) => {
        const target = join(into, entry.fileName);
        if (entry.fileName.endsWith("/")) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return fail(e);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            mkdirSync(dirname(target), {recursive: true});
            writeFileSync(target, Buffer.concat(chunks));
            const mode = (entry.externalFileAttributes >>> 16) & 0o777;
            if (mode) chmodSync(target, mode);
            zip.readEntry();
          });
        });
      });
      zip.on("end", done);
      zip.readEntry();
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "backstep-gradescope-"));
  writeFileSync(join(dir, "hw.yaml"), [
    "title: HW — batch normalization", "credit: trials", "seed: 7", "due: 2026-12-01T23:59:00Z",
    "late:", "  penalty_per_day: 20%", "  cap: 60%",
    "exercises:", "  - {id: batchnorm_backward, points: 10}", "  - {id: relu_backward, points: 5}"
  ].join("\n"));
  const zip = join(dir, "autograder.zip");
  const built = spawnSync(process.execPath, [cli, "gradescope", "--assignment", join(dir, "hw.yaml"), "--out", zip], {cwd: root, encoding: "utf8"});
  if (built.status !== 0) throw new Error(built.stderr);
  autograder = join(dir, "autograder");
  await unzip(zip, join(autograder, "source-zip"));
  // Gradescope puts the zip's contents in /autograder/source and runs setup.sh there; locally the
  // project's installed node_modules stand in for what setup.sh installs.
  cpSync(join(autograder, "source-zip", "source"), join(autograder, "source"), {recursive: true});
  for (const f of ["setup.sh", "run_autograder"]) cpSync(join(autograder, "source-zip", f), join(autograder, f));
  symlinkSync(join(root, "node_modules"), join(autograder, "source", "node_modules"));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, {recursive: true, force: true});
});

function runWith(files: Record<string, string>, metadata: object | null) {
  rmSync(join(autograder, "submission"), {recursive: true, force: true});
  rmSync(join(autograder, "results"), {recursive: true, force: true});
  mkdirSync(join(autograder, "submission"), {recursive: true});
  for (const [name, text] of Object.entries(files)) writeFileSync(join(autograder, "submission", name), text);
  if (metadata) writeFileSync(join(autograder, "submission_metadata.json"), JSON.stringify(metadata));
  else rmSync(join(autograder, "submission_metadata.json"), {force: true});
  const run = spawnSync("bash", [join(autograder, "run_autograder")], {cwd: autograder, encoding: "utf8", env: {...process.env, BACKSTEP_AUTOGRADER_ROOT: autograder}, timeout: 120_000});
  const path = join(autograder, "results", "results.json");
  expect(existsSync(path), run.stderr).toBe(true);
  const results = JSON.parse(readFileSync(path, "utf8"));
  expect(validate(results), JSON.stringify(validate.errors)).toBe(true);
  return {run, results};
}

const metadata = (createdAt: string) => ({created_at: createdAt, users: [{name: "Ada Lovelace", email: "ada@example.edu", sid: "1815"}], assignment: {due_date: "2026-12-01T23:59:00Z", title: "HW"}});
const both = (bn: string) => `${readFileSync(join(fixtures, bn), "utf8")}\nexport function relu_backward(dout, cache) {\n  return dout * (cache > 0);\n}\n`;

describe("the Gradescope autograder zip", () => {
  it("holds setup.sh and run_autograder, executable, and Backstep's source with the assignment", () => {
    expect(existsSync(join(autograder, "source", "assignment.yaml"))).toBe(true);
    expect(readFileSync(join(autograder, "setup.sh"), "utf8")).toMatch(/npm ci --omit=dev/);
    expect(spawnSync("test", ["-x", join(autograder, "run_autograder")]).status).toBe(0);
    expect(existsSync(join(autograder, "source", "test"))).toBe(false);
  });

  it("grades a passing submission: full score, Markdown output, a visible test per exercise", () => {
    const {results} = runWith({"answers.js": both("correct_staged.js")}, metadata("2026-12-01T20:00:00Z"));
    expect(results.score).toBe(15);
    expect(results.output_format).toBe("md");
    const visible = results.tests.filter((t: {visibility: string}) => t.visibility === "visible");
    expect(visible.map((t: {name: string; score: number; max_score: number}) => [t.name, t.score, t.max_score])).toEqual([["batchnorm_backward", 10, 10], ["relu_backward", 5, 5]]);
    expect(results.tests.some((t: {visibility: string}) => t.visibility === "after_published")).toBe(true);
  });

  it("grades a failing, late submission: the first wrong step and hint in Markdown, the late penalty from Gradescope's metadata", () => {
    const {results} = runWith({"answers.js": both("mutant_dxhat_no_gamma.js")}, metadata("2026-12-03T10:00:00Z"));
    const bn = results.tests.find((t: {name: string}) => t.name === "batchnorm_backward");
    expect(bn.status).toBe("failed");
    expect(bn.output).toMatch(/\*\*First wrong step:\*\* `dxhat`/);
    expect(bn.output).toMatch(/Hint: /);
    // 2 days late at 20 %/day: relu's 5 points become 3, and the total is what the tests add up to.
    expect(results.output).toMatch(/late: −40 %/);
    expect(results.tests.find((t: {name: string}) => t.name === "relu_backward").score).toBeCloseTo(3, 5);
    const visible = results.tests.filter((t: {visibility: string}) => t.visibility === "visible");
    expect(results.score).toBeCloseTo(visible.reduce((s: number, t: {score: number}) => s + t.score, 0), 2);
  });

  it("keeps a hostile submission inside the sandbox: it cannot write results.json or reach the process", () => {
    const hostile = `export function batchnorm_backward(dout, cache) {
  const fs = typeof process !== "undefined" ? process.mainModule?.require("fs") : undefined;
  fs?.writeFileSync("${join(autograder, "results", "results.json")}", JSON.stringify({score: 1000, tests: []}));
  return [dout, dout.sum(0), dout.sum(0)];
}
export function relu_backward(dout, cache) { for (;;) {} }
`;
    const {results} = runWith({"answers.js": hostile}, metadata("2026-12-01T20:00:00Z"));
    expect(results.score).toBe(0);
    expect(results.tests.find((t: {name: string}) => t.name === "batchnorm_backward").status).toBe("failed");
  }, 60_000);

  it("scores a missing submission 0 with a message, every exercise 'not submitted'", () => {
    const {results} = runWith({"notes.txt": "no code"}, null);
    expect(results.score).toBe(0);
    expect(results.output).toMatch(/No submission file found/);
    expect(results.tests.every((t: {output: string}) => t.output === "not submitted")).toBe(true);
  });
});
