// `backstep fixtures` end to end: the shipped PyTorch fixtures pass; bad input fails clearly.
import {describe, expect, it, beforeAll, afterAll} from "vitest";
import {spawnSync} from "node:child_process";
import {mkdtempSync, rmSync, writeFileSync, readFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";

const root = resolve(import.meta.dirname, "../..");

function backstep(...args: string[]): {code: number | null; out: string; err: string} {
  const r = spawnSync(process.execPath, [join(root, "bin/backstep.js"), "fixtures", ...args], {cwd: root, encoding: "utf8", timeout: 120_000});
  return {code: r.status, out: r.stdout, err: r.stderr};
}

describe("backstep fixtures", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "backstep-fixtures-"));
    const good = JSON.parse(readFileSync(join(root, "test/fixtures/pytorch/matmul.json"), "utf8"));
    const bad = {
      cases: [
        good.cases[0],
        {...good.cases[0], name: "unknown_op_case", op: "frobnicate"},
        {...good.cases[0], name: "unknown_param_case", params: {transpose_b: true}},
        {...good.cases[0], name: "wrong_values_case", outputs: {out: {...good.cases[0].outputs.out, data: good.cases[0].outputs.out.data.map((v: number) => v + 1)}}},
      ],
    };
    writeFileSync(join(dir, "mixed.json"), JSON.stringify(bad));
    writeFileSync(join(dir, "broken.json"), "{\"cases\": [");
  });
  afterAll(() => rmSync(dir, {recursive: true, force: true}));

  it("passes every shipped PyTorch case, one line per case", () => {
    const r = backstep("test/fixtures/pytorch");
    const lines = r.out.trim().split("\n");
    const summary = lines[lines.length - 1];
    const m = /^(\d+) passed, (\d+) failed$/.exec(summary);
    expect(m, r.out + r.err).not.toBeNull();
    expect(Number(m![2])).toBe(0);
    expect(Number(m![1])).toBe(lines.length - 1);
    expect(Number(m![1])).toBeGreaterThanOrEqual(61);
    expect(lines.some((l) => /^PASS {2}batchnorm\.json {2}batchnorm_train_N4_D5 {2}worst rel error /.test(l))).toBe(true);
    expect(r.code).toBe(0);
  });

  it("reports unknown ops/params, wrong values and bad JSON as FAIL lines and exits 1", () => {
    const r = backstep(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL {2}broken\.json {2}\(file\) .*invalid JSON in .*broken\.json/);
    expect(r.out).toMatch(/PASS {2}mixed\.json {2}matmul_3x4_4x5/);
    expect(r.out).toMatch(/FAIL {2}mixed\.json {2}unknown_op_case .*unknown op 'frobnicate'/);
    expect(r.out).toMatch(/FAIL {2}mixed\.json {2}unknown_param_case .*unknown param 'transpose_b' for op 'matmul'/);
    expect(r.out).toMatch(/FAIL {2}mixed\.json {2}wrong_values_case .*out: relative error/);
    expect(r.out.trim().split("\n").pop()).toBe("1 passed, 4 failed");
  });

  it("exits 2 on usage errors", () => {
    expect(backstep().code).toBe(2);
    expect(backstep("--bogus", "x").code).toBe(2);
    const missing = backstep(join(dir, "does-not-exist"));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read/);
  });
});
