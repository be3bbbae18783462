// A class as an instructor gets it: a Canvas bulk-download zip of 30 students (missing exercises, late
// submissions, a resubmission, a formula-like name, a hostile file, a copied pair, and the archive's
// own traps: a zip bomb, a nested zip, a path that climbs out), graded with an assignment file and
// overrides. Asserts grades.csv, canvas.csv, moodle.csv, the class report and the similarity pairs.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {spawnSync} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {parse} from "csv-parse/sync";
import yazl from "yazl";
import {browserAvailable, launchBrowser, serveStatic} from "../browser/harness.ts";
import {correctSolutions} from "../support/correct-solutions.ts";

const root = resolve(import.meta.dirname, "../..");
const cli = join(root, "bin/backstep.js");
const solution = (id: string, variant = "reference") => correctSolutions.find((s) => s.exercise === id && (s.variant === variant || variant === "any"))!.source;
const relu = solution("relu_backward");
const staged = solution("batchnorm_backward", "staged");
const compact = solution("batchnorm_backward", "compact");
const exportAll = (...sources: string[]) => `// Backstep submission\n// lessons: 01-gates, 03-batchnorm-graph\n${sources.map((s) => s.replace(/^function /m, "export function ")).join("\n")}\n`;

// A student's own way of writing batchnorm (renamed, reordered): not similar to anyone else's.
function ownBatchnorm(i: number): string {
  return staged.replace(/\bdxhat\b/g, `dxhat`).replace("const dbeta = dout.sum(0);", `const dbeta = dout.sum(0); // student ${i}`).replace(/\bivar\b/g, "ivar");
}
const copied = `function batchnorm_backward(dout, cache) {
  const {xhat, gamma, xmu, ivar, sqrtvar, v, eps} = cache;
  const [N, D] = dout.shape;
  const dbeta = dout.sum(0);
  const dgamma = (xhat * dout).sum(0);
  const dxhat = dout * gamma;
  const g = dxhat;
  const s1 = g.sum(0), s2 = (g * xhat).sum(0);
  const dx = (g * N - s1 - xhat * s2) * ivar / N;
  const check = dx.sum(0).sum();
  const unused = [xmu, sqrtvar, v, eps, check, D];
  return [dx, dgamma, dbeta];
}`;

let dir: string;
let out: string;
let grades: Record<string, string>[];
let run: ReturnType<typeof spawnSync>;

function addDeflated(zip: yazl.ZipFile, name: string, text: string) {
  zip.addBuffer(Buffer.from(text), name, {compress: true});
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "backstep-class-"));
  const zip = new yazl.ZipFile();
  const names: string[] = [];
  for (let i = 0; i < 24; i++) {
    const file = `student${String(i).padStart(2, "0")}_${1000 + i}_${5000 + i}_answers.js`;
    names.push(file);
    // Every third student forgets relu; every fifth is late.
    const late = i % 5 === 4;
    // Two students get batchnorm wrong (γ missing in dxhat), so the report has a first wrong step to show.
    const bn = i === 7 || i === 11 ? staged.replace("const dxhat = dgammax * gamma", "const dxhat = dgammax")
      : i % 2 ? ownBatchnorm(i) : compact.replace("const N = dout.shape[0];", `const N = dout.shape[0]; // ${i}`);
    addDeflated(zip, late ? file.replace(`_${1000 + i}_`, `_LATE_${1000 + i}_`) : file, i % 3 === 0 ? exportAll(bn) : exportAll(bn, relu));
  }
  // A resubmission: the newer one (higher submission id) counts.
  addDeflated(zip, "resubmitter_1100_5100_answers.js", exportAll(staged.replace("const dbeta = dout.sum(0)", "const dbeta = dout.sum(1)"), relu));
  addDeflated(zip, "resubmitter_1100_5200_answers-1.js", exportAll(staged, relu));
  // A formula-like name, a hostile file, the copied pair.
  addDeflated(zip, "=cmd|'calc'!A0_1200_5300_answers.js", exportAll(staged, relu));
  addDeflated(zip, "hostile_1300_5400_answers.js", `// Backstep submission\nexport function batchnorm_backward() { for (;;) {} }\nexport function relu_backward() { return process.env; }\n`);
  addDeflated(zip, "copier_1400_5500_answers.js", exportAll(copied, relu));
  addDeflated(zip, "copied_1401_5501_answers.js", exportAll(copied.replace(/\bs1\b/g, "sumG").replace(/\bs2\b/g, "sumGX").replace(/\bcheck\b/g, "total"), relu));
  // The archive's traps.
  // yazl refuses to write a climbing path, so it is written under a same-length name and patched below.
  zip.addBuffer(Buffer.from("export function x() {}"), "AA/AA/escape_1500_5600_answers.js");
  zip.addBuffer(Buffer.from("PK nested"), "nested_1600_5700_submission.zip");
  zip.addBuffer(Buffer.from(`// Backstep submission\n${" ".repeat(3 << 20)}`), "bomb_1700_5800_answers.js", {compress: true});
  zip.end();
  const zipFile = join(dir, "submissions.zip");
  const chunks: Buffer[] = [];
  await new Promise<void>((done) => zip.outputStream.on("data", (c: Buffer) => chunks.push(c)).on("end", done));
  let bytes = Buffer.concat(chunks);
  const from = Buffer.from("AA/AA/escape_"), to = Buffer.from("../../escape_");
  for (let at = bytes.indexOf(from); at >= 0; at = bytes.indexOf(from, at + 1)) to.copy(bytes, at);
  writeFileSync(zipFile, bytes);
  bytes = Buffer.alloc(0);
  writeFileSync(join(dir, "hw.yaml"), [
    "title: HW2 backprop", "credit: trials", "seed: 11", "due: 2026-12-01T23:59:00Z", "lms_name: HW2", "canvas_assignment_id: 777",
    "late:", "  penalty_per_day: 10%", "exercises:", "  - {id: batchnorm_backward, points: 10}", "  - {id: relu_backward, points: 5}"
  ].join("\n"));
  writeFileSync(join(dir, "overrides.csv"), "student,exercise,points,reason\n1001,relu_backward,5,regrade: accepted a late fix\n");
  out = join(dir, "grades");
  run = spawnSync(process.execPath, [cli, "grade", zipFile, "--assignment", join(dir, "hw.yaml"), "--id-from", "canvas", "--overrides", join(dir, "overrides.csv"), "--out", out, "--timeout", "2"],
    {cwd: root, encoding: "utf8", timeout: 300_000});
  grades = parse(readFileSync(join(out, "grades.csv"), "utf8"), {columns: true}) as Record<string, string>[];
}, 300_000);

afterAll(() => {
  if (dir && !process.env.KEEP) rmSync(dir, {recursive: true, force: true});
});

const student = (id: string) => grades.find((g) => g.student_id === id)!;

describe("a Canvas class graded with an assignment file", () => {
  it("has one grades.csv row per student, keyed by Canvas user id", () => {
    expect(run.status, String(run.stdout) + run.stderr).toBe(1); // the hostile and trap entries could not be graded
    const ids = grades.map((g) => g.student_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 0; i < 24; i++) expect(ids).toContain(String(1000 + i));
    expect(student("1000").name).toBe("student00");
    expect(Object.keys(grades[0])).toEqual(["student_id", "name", "status", "batchnorm_backward", "relu_backward", "late_penalty_percent", "total", "max", "submission", "other_submissions", "overridden", "message"]);
  });

  it("scores a missing exercise 0 with 'not submitted', and the rest by the assignment's points", () => {
    expect(student("1003")).toMatchObject({batchnorm_backward: "10", relu_backward: "0", total: "10", max: "15"});
    expect(student("1003").message).toMatch(/relu_backward: not submitted/);
    expect(student("1002")).toMatchObject({batchnorm_backward: "10", relu_backward: "5", total: "15"});
  });

  it("takes lateness from the LMS marker, never from the file's header", () => {
    expect(student("1004")).toMatchObject({late_penalty_percent: "10", total: "13.5"});
    expect(student("1002").late_penalty_percent).toBe("0");
  });

  it("counts a student's latest submission and lists the other", () => {
    expect(student("1100")).toMatchObject({total: "15", submission: "submissions.zip/resubmitter_1100_5200_answers-1.js", other_submissions: "submissions.zip/resubmitter_1100_5100_answers.js"});
  });

  it("applies overrides after grading and marks them", () => {
    expect(student("1001")).toMatchObject({relu_backward: "5", overridden: "yes"});
  });

  it("neutralises formula-like names in every CSV", () => {
    expect(student("1200").name).toBe("'=cmd|'calc'!A0");
    for (const f of ["grades.csv", "canvas.csv", "moodle.csv", "submissions.csv"]) {
      const cells = (parse(readFileSync(join(out, f), "utf8"), {relax_column_count: true}) as string[][]).flat();
      expect(cells.filter((c) => /^[=+@\t\r]/.test(c)), f).toEqual([]);
      if (f !== "submissions.csv") expect(cells, f).toContain("'=cmd|'calc'!A0");
    }
  });

  it("gives the hostile file and each archive trap a row of its own", () => {
    expect(student("1300").status).toBe("graded");
    expect(Number(student("1300").total)).toBe(0);
    const files = readFileSync(join(out, "submissions.csv"), "utf8");
    expect(files).toMatch(/escape_1500_5600_answers\.js,error,.*climbs out of the archive/);
    expect(files).toMatch(/nested_1600_5700_submission\.zip,error,.*a zip inside the zip: not opened/);
    expect(files).toMatch(/bomb_1700_5800_answers\.js,error,.*(too large|zip bomb)/);
  });

  it("writes canvas.csv in Canvas's import layout and moodle.csv as Moodle's grading worksheet", () => {
    const canvas = parse(readFileSync(join(out, "canvas.csv"), "utf8")) as string[][];
    expect(canvas[0]).toEqual(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "HW2 (777)"]);
    expect(canvas[1]).toEqual(["Points Possible", "", "", "", "", "15"]);
    expect(canvas.find((r) => r[1] === "1003")).toEqual(["student03", "1003", "", "", "", "10"]);
    const moodle = parse(readFileSync(join(out, "moodle.csv"), "utf8"), {columns: true}) as Record<string, string>[];
    expect(Object.keys(moodle[0])).toEqual(["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade", "Grade can be changed", "Last modified (submission)", "Last modified (grade)", "Feedback comments"]);
    expect(moodle.find((r) => r.Identifier === "Participant 1004")).toMatchObject({Grade: "13.5", "Maximum Grade": "15", Status: "Submitted for grading - late"});
  });

  it("lists the copied pair as near-identical, and no two independent solutions", () => {
    const pairs = JSON.parse(readFileSync(join(out, "similarity.json"), "utf8")) as {exercise: string; a: string; b: string; score: number}[];
    const bn = pairs.filter((p) => p.exercise === "batchnorm_backward");
    expect(bn.some((p) => [p.a, p.b].sort().join() === "1400,1401")).toBe(true);
    expect(bn.every((p) => [p.a, p.b].includes("1400") || [p.a, p.b].includes("1401") || p.score >= 0.8)).toBe(true);
  });

  it.skipIf(!browserAvailable())("renders the class report offline in Chromium: plots, mistakes, students linked to their step reports", async () => {
    const site = await serveStatic(out);
    const session = await launchBrowser({offline: true});
    try {
      const page = await session.newPage();
      await page.goto(`${site.url}index.html`);
      // A score distribution per exercise, plus the first-wrong-step bars where someone went wrong.
      expect(await page.locator("section.exercise svg").count()).toBeGreaterThanOrEqual(3);
      expect(await page.locator("table.students tbody tr").count()).toBe(grades.length);
      expect(await page.locator("tr.late").count()).toBeGreaterThan(0);
      expect(await page.locator("tr.overridden").count()).toBe(1);
      expect(await page.locator("ul.mistakes li").first().textContent()).toMatch(/— 2 students/);
      expect(await page.locator("details.pair").count()).toBeGreaterThan(0);
      await page.screenshot({path: join(root, "docs/screenshots/class-report.png"), fullPage: false});
      await page.locator('tr[data-student="1003"] a').click();
      await page.waitForLoadState();
      expect(await page.textContent("h1")).toMatch(/student03_1003_5003_answers\.js/);
      expect(session.errors).toEqual([]);
    } finally {
      await session.close();
      await site.close();
    }
  }, 60_000);
});
