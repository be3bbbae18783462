import {execFile} from "node:child_process";
import {mkdtempSync, writeFileSync, mkdirSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import {describe, expect, it} from "vitest";
import {checkNotebook} from "../../../src/notebook/index.ts";

const exerciseLesson = "# E\n\n```js exercise relu_backward\nfunction relu_backward(dout, x) {}\n```\n\n```js exercise no_such\nconst z = 1\n```\n";

describe("checkNotebook", () => {
  it("reports exercise ids that are not in the given list, at the fence line", () => {
    const diagnostics = checkNotebook(exerciseLesson, "e.md", {exerciseIds: ["relu_backward", "affine_backward"]});
    expect(diagnostics.map((d) => [d.line, d.message])).toEqual([[7, "unknown exercise 'no_such' (known: affine_backward, relu_backward)"]]);
  });

  it("skips the exercise check without a list", () => {
    expect(checkNotebook(exerciseLesson, "e.md")).toEqual([]);
  });
});

describe("backstep check", () => {
  const root = join(import.meta.dirname, "../../..");
  const run = async (args: string[]) => {
    try {
      const {stdout, stderr} = await promisify(execFile)("node", [join(root, "bin/backstep.js"), "check", ...args], {cwd: root});
      return {code: 0, stdout, stderr};
    } catch (error) {
      const e = error as {code: number; stdout: string; stderr: string};
      return {code: e.code, stdout: e.stdout, stderr: e.stderr};
    }
  };
  const dir = mkdtempSync(join(tmpdir(), "backstep-check-"));
  mkdirSync(join(dir, "nested"));
  writeFileSync(join(dir, "good.md"), "# Good\n\n$a^2$\n\n```js\nconst a = 1\n```\n");
  writeFileSync(join(dir, "nested", "bad.md"), "# Bad\n\n$\\frac{1}$\n\n```js\nconst = 1\n```\n");

  it("exits 0 on clean lessons, including every math fixture", async () => {
    const result = await run([join(dir, "good.md"), "test/fixtures/math"]);
    expect(result).toMatchObject({code: 0, stdout: ""});
  });

  it("prints file:line:col: message and exits 1 on errors, searching folders", async () => {
    const result = await run([dir]);
    expect(result.code).toBe(1);
    const bad = join(dir, "nested", "bad.md");
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0].startsWith(`${bad}:3:1: math: `)).toBe(true);
    expect(lines[0]).toContain("\\frac");
    expect(lines[1]).toBe(`${bad}:6:7: Unexpected token in cell`);
    expect(result.stderr).toContain("2 errors in 2 files");
  });

  it("exits 2 on bad usage", async () => {
    expect((await run(["--nope"])).code).toBe(2);
    expect((await run([join(dir, "missing.md")])).code).toBe(2);
  });
});
