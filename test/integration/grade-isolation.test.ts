// A hostile submission cannot affect other submissions or the references, and a child process that
// stops answering is killed without losing the rest of the batch. Uses the sandbox API directly
// with one child, so submissions share a process the way a real batch does.
import {describe, expect, it} from "vitest";
import {join, resolve} from "node:path";
import {defaultLimits, gradeAll, type GradeJob, type Limits, type SubmissionResult} from "../../src/sandbox/index.ts";

const fixtures = resolve(import.meta.dirname, "../fixtures/submissions");
const limits: Limits = {...defaultLimits, timeoutMs: 1500, memoryMb: 64};
const job = (name: string, extra: Partial<GradeJob> = {}): GradeJob => ({name, file: join(fixtures, name), exercises: [], seed: 11, limits, ...extra});
const trialMessages = (r: SubmissionResult) => r.exercises.flatMap((e) => e.trials.map((t) => `${t.name}: ${t.message}`));

describe("sandbox isolation", () => {
  it("keeps hostile submissions from changing later submissions or the references", async () => {
    const alone = await gradeAll([job("correct_staged.js")], {jobs: 1});
    const batch = await gradeAll([
      job("bad_leaks_globals.js"),
      job("bad_patches_np.js"),
      job("bad_patches_array.js"),
      job("bad_allocates_gigabytes.js"),
      job("bad_mutates_cache.js"),
      job("correct_checks_isolation.js"),
      job("correct_staged.js")
    ], {jobs: 1});
    expect(batch.map((r) => r.status)).toEqual(["graded", "error", "graded", "graded", "graded", "graded", "graded"]);
    // The leaking submission itself is correct, and its global is visible only to itself.
    expect(batch[0].score).toBe(batch[0].maxScore);
    expect(batch[5].exercises[0].verdict).toBe("passed");
    // Same seed, same references: identical per-trial results (relative errors included) alone and
    // after the hostile submissions ran in the same process.
    const after = batch[6];
    expect(after.exercises[0].verdict).toBe("passed");
    expect(trialMessages(after)).toEqual(trialMessages(alone[0]));
    expect(trialMessages(after).every((m) => /passed \(max relative error/.test(m))).toBe(true);
  }, 120_000);

  it("kills a child that stops answering and grades the rest with a fresh one", async () => {
    // Host watchdog (timeout + grace = 2 s per phase) fires long before the isolate's own 6 s timeout.
    const slow: Limits = {...limits, timeoutMs: 6000};
    const results = await gradeAll([
      job("bad_infinite_loop.js", {limits: slow}),
      job("correct_compact.js", {limits: slow})
    ], {jobs: 1, graceMs: -4000});
    expect(results[0].status).toBe("error");
    expect(results[0].message).toMatch(/the sandbox stopped responding during 'run batchnorm_backward' and was killed after 2\.0 s/);
    expect(results[1].status).toBe("graded");
    expect(results[1].score).toBe(results[1].maxScore);
  }, 120_000);

  it("makes the same rows for the same seed and different trials for another seed", async () => {
    const [a, b, c] = await gradeAll([job("mutant_bessel.js"), job("mutant_bessel.js"), job("mutant_bessel.js", {seed: 12})], {jobs: 2});
    expect(trialMessages(a)).toEqual(trialMessages(b));
    expect(trialMessages(c)).not.toEqual(trialMessages(a));
  }, 120_000);
});
