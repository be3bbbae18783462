// `backstep build` end to end: the project's own site built into a temp folder (the same Vite build as
// `npm run build`), a small course with broken lessons (exit 1, file:line:col lines), and usage errors.
import {spawn} from "node:child_process";
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";

const root = resolve(import.meta.dirname, "../..");
const cli = join(root, "bin/backstep.js");
const temp = mkdtempSync(join(tmpdir(), "backstep-build-cli-"));
afterAll(() => rmSync(temp, {recursive: true, force: true}));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Async, so Vitest's timeouts and hooks keep working while Vite builds. */
function runBuild(args: string[], cwd = root): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, "build", ...args], {cwd});
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", fail);
    child.on("close", (code) => done({code, stdout, stderr}));
  });
}

function makeCourse(lessons: Record<string, string>): string {
  const course = mkdtempSync(join(temp, "course-"));
  mkdirSync(join(course, "notebooks"));
  writeFileSync(join(course, "index.html"), "<!doctype html><title>Course</title><main><!-- backstep:lessons --></main>");
  for (const [name, source] of Object.entries(lessons)) writeFileSync(join(course, "notebooks", `${name}.md`), source);
  return course;
}

describe("backstep build (this project, with its vite.config.ts)", () => {
  const out = join(temp, "dist");
  let run: Run;
  beforeAll(async () => {
    run = await runBuild(["--out", out]);
  }, 180_000);

  it("exits 0 and writes the index and one page per lesson", () => {
    expect(run.code, run.stderr).toBe(0);
    const lessons = readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".md") && !f.startsWith("_") && !f.startsWith("."));
    expect(lessons.length).toBeGreaterThan(0);
    const pages = readdirSync(join(out, "lessons")).filter((f) => f.endsWith(".html")).sort();
    expect(pages).toEqual(lessons.map((f) => f.replace(/\.md$/, ".html")).sort());
    expect(run.stderr).toContain(`built ${pages.length + 1} pages into ${out}`);
    const index = readFileSync(join(out, "index.html"), "utf8");
    // A lesson with `index: false` front matter (the sample showcase) builds but stays off the index.
    const unlisted = lessons.filter((f) => /^---\n(?:(?!---\n)[\s\S])*^index:\s*false\s*$/m.test(readFileSync(join(root, "notebooks", f), "utf8")));
    for (const page of pages) {
      const listed = !unlisted.includes(page.replace(/\.html$/, ".md"));
      expect(index.includes(`href="lessons/${page}"`), page).toBe(listed);
    }
  });

  it("typesets math at build time, with relative asset URLs", () => {
    const html = readFileSync(join(out, "lessons/sample.html"), "utf8");
    expect((html.match(/<span class="katex">/g) ?? []).length).toBeGreaterThan(5);
    expect(html).toContain('<annotation encoding="application/x-tex">');
    expect(html).not.toContain("bs-math-error");
    const assets = [...html.matchAll(/(?:src|href)="([^"]*assets\/[^"]*)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const url of assets) {
      expect(url.startsWith("../assets/"), url).toBe(true);
      expect(existsSync(join(out, "lessons", url)), url).toBe(true);
    }
  });

  it("draws ```graph``` figures as inline SVG (lesson 3: the batchnorm forward graph)", () => {
    const html = readFileSync(join(out, "lessons/03-batchnorm-graph.html"), "utf8");
    const figure = /<figure class="bs-graph-figure" data-exercise="batchnorm_backward"[^>]*><div [^>]*>(<svg[\s\S]*?<\/svg>)/.exec(html);
    expect(figure, "lesson 3 has a graph figure").not.toBeNull();
    const ids = [...figure![1].matchAll(/<g class="bs-node[^"]*" data-id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(expect.arrayContaining(["x", "mu", "xmu", "sq", "var", "sqrtvar", "ivar", "xhat", "gammax", "out"]));
    expect(figure![1]).not.toContain(`class="bs-edge-grad"`);
    expect(figure![1]).not.toContain("grad: ");
  });
});

describe("backstep build (a course without a vite.config.ts)", () => {
  it("fails with exit 1 and one file:line:col line per error, of every lesson", async () => {
    const course = makeCourse({
      a: "# A\n\nFine $x$.\n\n```js\nconst x = ;\n```\n",
      b: "# B\n\n$\\frac{1}$\n\n```graph no_such_exercise\n```\n"
    });
    const run = await runBuild([], course);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^notebooks\/a\.md:6:11: error: Unexpected token in cell$/);
    expect(lines[1]).toMatch(/^notebooks\/b\.md:3:1: error: math: /);
    expect(lines[2]).toMatch(/^notebooks\/b\.md:5:1: error: graph: unknown exercise 'no_such_exercise'/);
    expect(run.stderr).toContain("3 errors in lessons");
    expect(existsSync(join(course, "dist"))).toBe(false);
  }, 60_000);

  it("builds into dist/ with --base", async () => {
    const course = makeCourse({ok: "# OK\n\n$$a^2 + b^2$$\n"});
    const run = await runBuild(["--base", "/course/"], course);
    expect(run.code, run.stderr).toBe(0);
    const html = readFileSync(join(course, "dist/lessons/ok.html"), "utf8");
    expect(html).toContain('<span class="katex-display">');
    expect(html).toMatch(/src="\/course\/assets\/[^"]+\.js"/);
  }, 60_000);
});

describe("backstep build usage", () => {
  it("prints help and exits 0 with --help", async () => {
    const run = await runBuild(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: backstep build [--out DIR] [--base PATH]");
  });

  it.each([[["--nope"]], [["extra"]], [["--out"]], [["--base", ""]]])("exits 2 on %j", async (args) => {
    const run = await runBuild(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("backstep build: ");
  });

  it("refuses an output folder that would empty the lessons or the project (exit 2)", async () => {
    const course = makeCourse({ok: "# OK\n"});
    for (const out of ["notebooks", ".", ".."]) {
      const run = await runBuild(["--out", out], course);
      expect(run.code, out).toBe(2);
      expect(run.stderr).toMatch(/the build would empty it|contains the project/);
    }
    expect(readFileSync(join(course, "notebooks/ok.md"), "utf8")).toBe("# OK\n");
  });

  it("exits 2 outside a course folder", async () => {
    const run = await runBuild([], mkdtempSync(join(temp, "empty-")));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no vite.config.ts and no notebooks/ folder");
  });
});
