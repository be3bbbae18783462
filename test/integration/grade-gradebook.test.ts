// The gradebook formats and the pre-run checks of `backstep grade`, on hand-made rows (no sandbox).
import {describe, expect, it} from "vitest";
import {formatGradesCsv} from "../../src/gradebook/csv.ts";
import {toGradescope} from "../../src/gradebook/gradescope.ts";
import {formatSummary, makeColors, summarize} from "../../src/gradebook/summary.ts";
import {safeName} from "../../src/gradebook/writer.ts";
import {checkSource, parseHeader} from "../../src/sandbox/read-submission.ts";
import type {ExerciseResult, SubmissionResult} from "../../src/sandbox/types.ts";

function exercise(id: string, passed: number, total: number, failedStep?: string): ExerciseResult {
  return {
    id, title: `Title of ${id}`, verdict: passed === total ? "passed" : "failed", score: (10 * passed) / total, maxScore: 10,
    message: `${passed}/${total}`, ...(failedStep ? {failedStep, hint: `look at ${failedStep}`} : {}), logs: "", ms: 1,
    trials: Array.from({length: total}, (_, i) => ({name: `t${i}`, hidden: i > 0, passed: i < passed, message: i < passed ? "ok" : "wrong"}))
  };
}

function submission(name: string, exercises: ExerciseResult[], status: "graded" | "error" = "graded", message = "ok"): SubmissionResult {
  return {name, file: `/x/${name}`, status, message, score: exercises.reduce((s, e) => s + e.score, 0),
    maxScore: exercises.reduce((s, e) => s + e.maxScore, 0), exercises, ms: 1200};
}

const rows = [
  submission("alice.js", [exercise("bn", 3, 3), exercise("relu", 1, 2, "dx")]),
  submission("bob, \"the\" 2nd.js", [exercise("bn", 1, 3, "dvar")]),
  submission("carol.js", [exercise("bn", 0, 3, "dvar")]),
  submission("dave.js", [], "error", "syntax error at line 3, column 5: Unexpected token")
];

describe("grades.csv", () => {
  it("has one column per exercise, blanks where an exercise was not graded, and quotes when needed", () => {
    const lines = formatGradesCsv(rows, ["bn", "relu"]).trimEnd().split("\n");
    expect(lines).toEqual([
      "submission,status,course,lesson,bn,relu,total,max,message",
      "alice.js,graded,,,10,5,15,20,ok",
      '"bob, ""the"" 2nd.js",graded,,,3.333,,3.333,10,ok',
      "carol.js,graded,,,0,,0,10,ok",
      'dave.js,error,,,,,0,0,"syntax error at line 3, column 5: Unexpected token"'
    ]);
  });
});

describe("Gradescope results.json", () => {
  it("shows each exercise's score at once and keeps per-trial details until publication", () => {
    const gs = toGradescope(rows[0]);
    expect(gs.score).toBe(15);
    expect(gs.tests.map((t) => [t.name, t.score, t.max_score, t.status, t.visibility])).toEqual([
      ["Title of bn (bn)", 10, 10, "passed", "visible"],
      ["bn: trial t0", 0, 0, "passed", "after_published"],
      ["bn: trial t1", 0, 0, "passed", "after_published"],
      ["bn: trial t2", 0, 0, "passed", "after_published"],
      ["Title of relu (relu)", 5, 10, "failed", "visible"],
      ["relu: trial t0", 0, 0, "passed", "after_published"],
      ["relu: trial t1", 0, 0, "failed", "after_published"]
    ]);
    expect(gs.tests[4].output).toBe("1/2\nFirst wrong step: dx\nHint: look at dx");
    // Points live on the visible tests only, so the total is the same before and after publishing.
    expect(gs.tests.reduce((s, t) => s + t.score, 0)).toBe(gs.score);
  });

  it("explains an ungraded submission at the top level", () => {
    const gs = toGradescope(rows[3]);
    expect(gs).toMatchObject({score: 0, tests: [], execution_time: 1});
    expect(gs.output).toBe("This submission could not be graded: syntax error at line 3, column 5: Unexpected token");
  });
});

describe("summary", () => {
  it("counts outcomes and names the most failed exercise and its most common wrong step", () => {
    const s = summarize(rows);
    expect(s).toMatchObject({submissions: 4, passed: 0, failed: 3, ungraded: 1});
    expect(s.exercises[0]).toEqual({id: "bn", attempted: 3, failed: 2});
    expect(s.steps[0]).toEqual({exercise: "bn", step: "dvar", count: 2});
    const text = formatSummary(s, makeColors(false));
    expect(text).toBe(
      "Graded 4 submissions: 0 passed everything, 3 failed some exercise, 1 could not be graded.\n" +
      "Fails most often: bn (2 of 3 attempts).\n" +
      "Most common first wrong step in bn: dvar (2 submissions).\n");
    expect(formatSummary(s, makeColors(true))).toContain("\x1b[31m1 could not be graded\x1b[0m");
  });
});

describe("gradebook folder names", () => {
  it("are filesystem-safe and unique", () => {
    const taken = new Set<string>();
    expect(safeName("alice.js", taken)).toBe("alice");
    expect(safeName("alice.mjs", taken)).toBe("alice-2");
    const escaped = safeName("../../etc/passwd", taken);
    expect(escaped).not.toMatch(/[/\\]|^\./);
    expect(escaped).toMatch(/etc_passwd$/);
    expect(safeName("sub dir/é.js", taken)).toBe("sub_dir_");
    expect(safeName("sub-dir/é.js", taken)).toBe("sub-dir_");
  });
});

describe("checks before any code runs", () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it("finds exports, function sources and the header", () => {
    const r = checkSource(bytes("// course: cs231n\n// lesson: 04-batchnorm\nexport function f(a) { return a; }\nexport const g = (x) => x, h = 3;\n"));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.submission.exports).toEqual(["f", "g", "h"]);
    expect(r.submission.functions).toEqual(["f", "g"]);
    expect(r.submission.functionSources.f).toBe("function f(a) { return a; }");
    expect(r.submission).toMatchObject({course: "cs231n", lesson: "04-batchnorm"});
  });

  it("rejects empty, binary, non-UTF-8 and unparsable text with a located message", () => {
    expect(checkSource(bytes("  \n\t"))).toEqual({ok: false, message: "empty file"});
    expect(checkSource(new Uint8Array([0x65, 0, 0x66]))).toEqual({ok: false, message: "binary file (contains NUL bytes); expected JavaScript text"});
    expect(checkSource(new Uint8Array([0x65, 0xff, 0xfe]))).toEqual({ok: false, message: "binary file (not valid UTF-8); expected JavaScript text"});
    expect(checkSource(bytes("export function f() {\n  return 1 +;\n}\n"))).toEqual({ok: false, message: "syntax error at line 2, column 13: Unexpected token"});
  });

  it("reads the header only from the leading comments", () => {
    expect(parseHeader("/* course = ml-101\n * lesson: conv */\nexport function f() {}")).toEqual({course: "ml-101", lesson: "conv"});
    expect(parseHeader("export function f() {}\n// course: late")).toEqual({});
    expect(parseHeader("// Backstep submission\n// course: c\n// lessons: 01-a, 02-b\n")).toEqual({course: "c", lesson: "01-a, 02-b"});
  });
});
