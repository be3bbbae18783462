// Returned values no step grades (`return [out, cache]`): the page's grader (gradeSource, as in the
// exercise Worker) and the `backstep grade` sandbox reach the same verdict on every case, and the
// sandbox's cap on result size still applies to graded values.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {spawnSync} from "node:child_process";
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {pathToFileURL} from "node:url";
import {gradeSource} from "../../src/grader/compile.ts";
import {gradedReturns} from "../../src/grader/index.ts";
import {np, nn} from "../../src/tensor/index.ts";
import {returnCases, scale_forward, sourceOf} from "./returns-exercise.ts";

const root = resolve(import.meta.dirname, "../..");
const tsxLoader = pathToFileURL(join(root, "node_modules/tsx/dist/loader.mjs")).href;

interface Row {
  name: string;
  status: string;
  message: string;
  exercises: {verdict: string; message: string}[];
}

let dir: string;
const sandbox = new Map<string, Row>();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "backstep-returns-"));
  const files = returnCases.map((c) => {
    const file = join(dir, `${c.name}.js`);
    writeFileSync(file, `// Backstep submission\nexport ${sourceOf(c.body)}`);
    return file;
  });
  const run = spawnSync(process.execPath, ["--no-node-snapshot", "--import", tsxLoader, join(root, "test/integration/returns-child.ts"), ...files],
    {cwd: root, encoding: "utf8", maxBuffer: 16 << 20, timeout: 120_000});
  if (run.status !== 0) throw new Error(`sandbox child failed (${run.status}): ${run.stderr}`);
  for (const row of JSON.parse(run.stdout) as Row[]) sandbox.set(row.name.replace(/^.*\/|\.js$/g, ""), row);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, {recursive: true, force: true});
});

describe("returned values that no step grades", () => {
  it("marks only the slots a step grades", () => {
    expect(gradedReturns(scale_forward)).toEqual([true, false]);
  });

  for (const c of returnCases) {
    it(`${c.name}: page and sandbox agree (${c.passes ? "passes" : "fails"})`, () => {
      const page = gradeSource(scale_forward, sourceOf(c.body), {np, nn}, {mode: "final", seeds: [11, 12]});
      const row = sandbox.get(c.name);
      expect(row, c.name).toBeDefined();
      expect(row!.status, row!.message).toBe("graded");
      const verdict = row!.exercises[0].verdict;
      if (c.passes) {
        expect(page.status, page.summary).toBe("passed");
        expect(verdict, row!.exercises[0].message).toBe("passed");
      } else {
        expect(page.status, page.summary).not.toBe("passed");
        expect(verdict, row!.exercises[0].message).not.toBe("passed");
      }
      if (c.message) expect(row!.exercises[0].message).toMatch(c.message);
    });
  }
});
