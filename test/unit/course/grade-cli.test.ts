// `backstep grade` (the sandboxed instructor path) accepts a learner file with a solution to every
// exercise of the course and passes all of them on fresh hidden trials.
import {execFile} from "node:child_process";
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {promisify} from "node:util";
import {afterAll, describe, expect, it} from "vitest";
import {exercises} from "../../../content/exercises/index.ts";
import * as guided from "./guided.ts";
import * as solutions from "./solutions.ts";

const bin = fileURLToPath(new URL("../../../bin/backstep.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "backstep-course-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe("backstep grade on the course", () => {
  it("passes a submission with every exercise solved, on the hidden trials of a final grade", async () => {
    const all: Record<string, string> = {...solutions, ...guided};
    expect(Object.keys(all).sort()).toEqual(Object.keys(exercises).sort());
    const submissions = join(dir, "submissions");
    const out = join(dir, "grades");
    mkdirSync(submissions);
    writeFileSync(join(submissions, "learner.js"), Object.values(all).map((s) => `export ${s}`).join("\n\n") + "\n");
    await promisify(execFile)(process.execPath, [bin, "grade", submissions, "--out", out, "--seed", "20261123"], {timeout: 120_000});
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    const verdicts = Object.fromEntries(report.submissions[0].exercises.map((e: {id: string; verdict: string}) => [e.id, e.verdict]));
    expect(Object.keys(verdicts).sort()).toEqual(Object.keys(exercises).sort());
    for (const [id, verdict] of Object.entries(verdicts)) expect(verdict, id).toBe("passed");
  }, 120_000);
});
