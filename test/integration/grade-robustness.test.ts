// Batch grading that no submission can break: every case builds its folder at test time and checks
// the row, the exit code, and that the other students' rows are unaffected.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {execFileSync, spawn, spawnSync} from "node:child_process";
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {exercises} from "../../content/exercises/index.ts";

const root = resolve(import.meta.dirname, "../..");
const cli = join(root, "bin/backstep.js");
const correct = readFileSync(join(root, "test/fixtures/submissions/correct_staged.js"), "utf8");

interface Row {
  name: string;
  status: string;
  message: string;
  score: number;
  maxScore: number;
  note?: string;
  gradescopeFolder?: string;
  exercises: {id: string; verdict: string; message: string}[];
}

let base: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "backstep-robust-"));
});
afterAll(() => {
  if (base) rmSync(base, {recursive: true, force: true});
});

function folder(name: string, files: Record<string, string>): string {
  const dir = join(base, name);
  mkdirSync(dir, {recursive: true});
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

function grade(args: string[]) {
  const run = spawnSync(process.execPath, [cli, "grade", ...args], {cwd: root, encoding: "utf8", maxBuffer: 64 << 20, timeout: 180_000});
  const out = args[args.indexOf("--out") + 1];
  const report = existsSync(join(out, "report.json")) ? JSON.parse(readFileSync(join(out, "report.json"), "utf8")) : null;
  const rows: Row[] = report?.submissions ?? [];
  return {run, report, rows, row: (name: string) => rows.find((r) => r.name === name)!};
}

const exportFn = (body: string) => `// Backstep submission\nexport function batchnorm_backward(dout, cache) {\n${body}\n}\n`;

describe("strings from learner code are capped and control characters escaped", () => {
  it("a 90-million-character load-time error costs one short row; the gradebook is whole", () => {
    const dir = folder("huge", {"a_huge.js": `throw new Error("\\x01".repeat(9e7));\nexport function batchnorm_backward() {}\n`, "b_correct.js": correct});
    const out = join(base, "huge-out");
    const {run, report, row} = grade([dir, "--out", out, "--jobs", "1"]);
    expect(run.status).toBe(1);
    expect(report).not.toBe(null);
    expect(row("a_huge.js").status).toBe("error");
    expect(row("a_huge.js").message.length).toBeLessThan(8100);
    expect(row("a_huge.js").message).toMatch(/^the module threw while loading: (\\x01)+… \(cut, \d+ characters\)/);
    expect(row("a_huge.js").message).toMatch(/\\x01/); // shown, not raw
    expect(row("b_correct.js").score).toBe(10);
    expect(statSync(join(out, "report.json")).size).toBeLessThan(200_000);
    expect(statSync(join(out, "grades.csv")).size).toBeLessThan(10_000);
    expect(run.stdout.length).toBeLessThan(10_000);
  });

  it("a submission cannot write a fake progress line or summary to the terminal, or raw control bytes to the CSV", () => {
    const fake = "\\r[1/1] x.js: passed 10/10\\x1b[2K\\x07\\nGraded 1 submission: 1 passed everything";
    const dir = folder("spoof", {"spoof.js": exportFn(`  throw new Error(${JSON.stringify(fake)});`), "ok.js": correct});
    const out = join(base, "spoof-out");
    const {run, row} = grade([dir, "--out", out]);
    expect(run.stdout).not.toMatch(/[\r\x1b\x07]/);
    expect(run.stdout.split("\n").filter((l) => /^\[\d\/\d\]/.test(l))).toHaveLength(2);
    expect(run.stdout).not.toMatch(/^\[1\/1\] x\.js/m);
    const csv = readFileSync(join(out, "submissions.csv"), "utf8");
    expect(csv).not.toMatch(/[\x1b\x07\r]/);
    expect(csv).toMatch(/\\x1b\[2K/);
    expect(row("ok.js").score).toBe(10);
  });
});

describe("memory limits that hold", () => {
  it("resizable and transferable ArrayBuffers are refused inside the isolate, never a PASS", () => {
    const dir = folder("resizable", {
      "resize.js": exportFn(`  const b = new ArrayBuffer(8, {maxByteLength: 2 ** 30});\n  b.resize(2 ** 30);\n  return [dout, dout.sum(0), dout.sum(0)];`),
      "resize_via_constructor.js": exportFn(`  const AB = new Float64Array(1).buffer.constructor;\n  const b = new AB(8, {maxByteLength: 2 ** 30});\n  return [dout, dout.sum(0), dout.sum(0)];`),
      "transfer.js": exportFn(`  const b = new ArrayBuffer(8).transfer(2 ** 30);\n  return [dout, dout.sum(0), dout.sum(0)];`),
      "intl.js": exportFn(`  const keep = [];\n  for (let i = 0; i < 1e6; i++) keep.push(new Intl.Collator("en"));\n  return [dout, dout.sum(0), dout.sum(0)];`),
      "z_correct.js": correct
    });
    const out = join(base, "resizable-out");
    const {row} = grade([dir, "--out", out, "--memory", "64"]);
    for (const name of ["resize.js", "resize_via_constructor.js", "transfer.js", "intl.js"]) {
      expect(row(name).status, name).toBe("graded");
      expect(row(name).exercises[0].verdict, name).toBe("error");
      expect(row(name).score, name).toBe(0);
    }
    expect(row("resize.js").exercises[0].message).toMatch(/resizable ArrayBuffers are not available|resize is not a function/);
    expect(row("intl.js").exercises[0].message).toMatch(/Intl is not defined/);
    expect(row("z_correct.js").score).toBe(10);
  });

  it("the process-level backstop ends in a memory-limit row, and the next student is graded in a fresh child", () => {
    const dir = folder("rss", {"a.js": correct});
    const out = join(base, "rss-out");
    // A limit below a child's own footprint: the watch must kill it and say why.
    const {run, row} = grade([dir, "--out", out, "--process-memory", "20"]);
    expect(run.status).toBe(1);
    expect(row("a.js").status).toBe("error");
    expect(row("a.js").message).toMatch(/memory limit: the sandbox process grew to \d+ MB .*\(limit 20 MB for the process\) and was killed/);
  });
});

describe("no lingering work", () => {
  it("load-time errors whose getters loop cost their own rows only; a correct file after four of them passes", () => {
    const looping = `const e = new Error("x");\nObject.defineProperty(e, "stack", {get() { for (;;) {} }});\nObject.defineProperty(e, "name", {get() { for (;;) {} }});\nObject.defineProperty(e, "message", {get() { for (;;) {} }});\nthrow e;\nexport function batchnorm_backward() {}\n`;
    const dir = folder("getters", {"a1.js": looping, "a2.js": looping, "a3.js": looping, "a4.js": looping, "b_correct.js": correct});
    const out = join(base, "getters-out");
    const {rows, row} = grade([dir, "--out", out, "--jobs", "1", "--timeout", "1"]);
    expect(rows).toHaveLength(5);
    for (const name of ["a1.js", "a2.js", "a3.js", "a4.js"]) expect(row(name).status, name).toBe("error");
    expect(row("b_correct.js").status).toBe("graded");
    expect(row("b_correct.js").score).toBe(10);
  }, 120_000);
});

describe("every path a row", () => {
  it("symbolic links, FIFOs and hidden files follow the documented rules", () => {
    const dir = folder("paths", {"alice.js": correct, ".hidden.js": correct});
    symlinkSync("/etc/passwd", join(dir, "outside.js"));
    symlinkSync(join(dir, "alice.js"), join(dir, "link_to_alice.js"));
    symlinkSync(join(dir, "nowhere.js"), join(dir, "dangling.js"));
    execFileSync("mkfifo", [join(dir, "pipe.js")]);
    const out = join(base, "paths-out");
    const {run, rows, row} = grade([dir, "--out", out]);
    expect(run.stdout).toMatch(/Skipped 1 hidden path \(names starting with "\."\): \.hidden\.js/);
    expect(rows.map((r) => r.name).sort()).toEqual(["alice.js", "dangling.js", "outside.js", "pipe.js"]);
    expect(row("outside.js")).toMatchObject({status: "error", message: "a symbolic link to a file outside the submissions folder: not followed"});
    expect(row("pipe.js")).toMatchObject({status: "error", message: "a FIFO (named pipe), not a submission file: not read"});
    expect(row("dangling.js").message).toMatch(/symbolic link to nothing/);
    expect(row("alice.js").score).toBe(10);
    expect(row("alice.js").note).toMatch(/link_to_alice\.js is a symbolic link to alice\.js, graded once as alice\.js/);
    expect(readFileSync(join(out, "submissions.csv"), "utf8")).toMatch(/alice\.js,graded.*note: link_to_alice\.js/);
  });
});

describe("faults", () => {
  const slow = exportFn(`  const t = Date.now(); while (Date.now() - t < 1500) {}\n  const {xhat, gamma, ivar} = cache;\n  const N = dout.shape[0];\n  const dbeta = dout.sum(0), dgamma = (dout * xhat).sum(0), g = dout * gamma;\n  const dx = (N * g - g.sum(0) - xhat * (g * xhat).sum(0)) * ivar / N;\n  return [dx, dgamma, dbeta];`);

  function childrenOf(pid: number): number[] {
    const ps = spawnSync("ps", ["-o", "pid=", "--ppid", String(pid)], {encoding: "utf8"});
    return ps.stdout.split(/\s+/).filter(Boolean).map(Number);
  }
  const waitFor = async (test: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!test() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    return test();
  };

  it("kill -9 of a child: its submission is retried once in a fresh child and graded; others unaffected", async () => {
    const dir = folder("kill", {"a_slow.js": slow, "b_correct.js": correct});
    const out = join(base, "kill-out");
    const proc = spawn(process.execPath, [cli, "grade", dir, "--out", out, "--jobs", "1", "--timeout", "10"], {cwd: root, stdio: ["ignore", "pipe", "pipe"]});
    let stdout = "";
    proc.stdout.on("data", (c) => (stdout += c));
    // Wait for the child to be grading the slow file, then kill it from outside.
    expect(await waitFor(() => childrenOf(proc.pid!).length > 0, 60_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    for (const pid of childrenOf(proc.pid!)) process.kill(pid, "SIGKILL");
    const code = await new Promise<number | null>((r) => proc.on("exit", r));
    expect(code, stdout).toBe(0);
    const rows: Row[] = JSON.parse(readFileSync(join(out, "report.json"), "utf8")).submissions;
    const slowRow = rows.find((r) => r.name === "a_slow.js")!;
    expect(slowRow.score).toBe(10);
    expect(slowRow.note).toMatch(/graded on a second try: the first sandbox crashed/);
    expect(rows.find((r) => r.name === "b_correct.js")!.score).toBe(10);
  }, 120_000);

  it("Ctrl-C stops every child and leaves the previous gradebook untouched; a second run on the same --out is refused", async () => {
    const dir = folder("sigint", {"a.js": slow, "b.js": slow, "c.js": slow, "d.js": slow});
    const out = join(base, "sigint-out");
    mkdirSync(out);
    writeFileSync(join(out, "grades.csv"), "previous run\n");
    const proc = spawn(process.execPath, [cli, "grade", dir, "--out", out, "--jobs", "2"], {cwd: root, stdio: ["ignore", "pipe", "pipe"]});
    let stdout = "";
    proc.stdout.on("data", (c) => (stdout += c));
    expect(await waitFor(() => childrenOf(proc.pid!).length >= 1, 60_000)).toBe(true);
    // While it runs, a second run on the same folder is refused.
    const second = spawnSync(process.execPath, [cli, "grade", dir, "--out", out], {cwd: root, encoding: "utf8"});
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`another backstep grade \\(pid ${proc.pid}\\) is writing`));
    const children = childrenOf(proc.pid!);
    proc.kill("SIGINT");
    const code = await new Promise<number | null>((r) => proc.on("exit", r));
    expect(code).toBe(130);
    expect(stdout).toMatch(/interrupted by SIGINT; nothing was written: the previous gradebook in .* is as it was/);
    expect(readFileSync(join(out, "grades.csv"), "utf8")).toBe("previous run\n");
    expect(readdirSync(base).filter((n) => n.includes("sigint-out.partial"))).toEqual([]);
    expect(existsSync(`${out}.lock`)).toBe(false);
    // No child outlives the run.
    expect(await waitFor(() => children.every((pid) => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    }), 5000)).toBe(true);
  }, 120_000);
});

describe("outputs a run owns", () => {
  it("a smaller rerun replaces the folder wholly; Gradescope folders never collide and are recorded", () => {
    const out = join(base, "owned-out");
    const big = folder("owned-big", {"a b.js": correct, "a?b.js": correct, "a_b.js": correct, "A_B.js": correct});
    const first = grade([big, "--out", out]);
    const folders = first.rows.map((r) => r.gradescopeFolder!);
    expect(new Set(folders.map((f) => f.toLowerCase())).size).toBe(4);
    for (const r of first.rows) expect(existsSync(join(out, "gradescope", r.gradescopeFolder!, "results.json")), r.name).toBe(true);
    const small = folder("owned-small", {"z.js": correct});
    grade([small, "--out", out]);
    expect(readdirSync(join(out, "gradescope"))).toEqual(["z"]);
  });

  it("the visible Gradescope output never names a hidden trial or shows its values", () => {
    const dir = folder("hidden", {
      "wrong.js": readFileSync(join(root, "test/fixtures/submissions/mutant_dxhat_no_gamma.js"), "utf8"),
      "leaky.js": exportFn(`  throw new Error("hidden input: " + cache.x.toString());`)
    });
    const out = join(base, "hidden-out");
    const {rows} = grade([dir, "--out", out]);
    const trialNames = exercises.batchnorm_backward.trials.map((t) => t.name);
    for (const r of rows) {
      const gs = JSON.parse(readFileSync(join(out, "gradescope", r.gradescopeFolder!, "results.json"), "utf8"));
      const visible = [gs.output, ...gs.tests.filter((t: {visibility: string}) => t.visibility === "visible").map((t: {output: string}) => t.output)].join("\n");
      for (const name of trialNames) expect(visible, r.name).not.toContain(name);
      expect(visible, r.name).not.toMatch(/expected|got|rel_error|\d\.\d{3}|hidden input|array\(/);
      // The hidden tests carry the details, for after publishing.
      expect(gs.tests.some((t: {visibility: string}) => t.visibility === "after_published")).toBe(true);
    }
  });
});
