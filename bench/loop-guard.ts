// Loop-guard overhead (issue 3): the same tight numeric loops compiled with and without the loop
// guard, timed interleaved. Goal: < 10 % overhead. The guard transform and runtime belong to the
// compiler engineer (src/js/guard-loops.ts, src/js/loop-guard-runtime.ts); this file only adapts to them.
import {timeInterleaved, pairedRatio, type TimingOptions} from "./harness.ts";
import type {GuardRow} from "./report.ts";

/** Tight loops a learner might write in a cell. Each source declares the function `name(a, n)`. */
export const loops: {title: string; name: string; source: string; n: number; size: number}[] = [
  {
    title: "for: sum of squares over a 1e6 Float64Array",
    name: "sumSquares",
    n: 1_000_000,
    size: 1_000_000,
    source: `function sumSquares(a, n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * a[i];
  return s;
}`,
  },
  {
    title: "for…of: sum of squares over a 1e6 Float64Array",
    name: "sumSquaresOf",
    n: 1_000_000,
    size: 1_000_000,
    source: `function sumSquaresOf(a, n) {
  let s = 0;
  for (const v of a) s += v * v;
  return s;
}`,
  },
  {
    title: "nested for: naive i-k-j matmul 96×96 on Float64Array",
    name: "matmul",
    n: 96,
    size: 96 * 96,
    source: `function matmul(a, n) {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const v = a[i * n + k];
      for (let j = 0; j < n; j++) c[i * n + j] += v * a[k * n + j];
    }
  return c[n + 1];
}`,
  },
  {
    title: "while + do: integer Collatz steps for 1..3e4",
    name: "collatz",
    n: 30_000,
    size: 1,
    source: `function collatz(a, n) {
  let total = 0;
  let m = 1;
  while (m <= n) {
    let x = m;
    do { x = x % 2 === 0 ? x / 2 : 3 * x + 1; total++; } while (x !== 1);
    m++;
  }
  return total;
}`,
  },
  {
    title: "recursion: fib(22) (function-entry guard)",
    name: "fib",
    n: 22,
    size: 1,
    source: `function fib(a, n) {
  return n < 2 ? n : fib(a, n - 1) + fib(a, n - 2);
}`,
  },
];

type Kernel = (a: Float64Array, n: number) => unknown;

/**
 * Compiles `source` with the compiler's own pipeline, transpileCode() from src/js (as exercise code is
 * compiled; cells use the same guardLoops pass), operators off so only the guard differs, and runs
 * it inside a function that receives `__guard`, as the grader and cells do.
 */
async function compileKernel(source: string, name: string, guarded: boolean): Promise<Kernel> {
  const {transpileCode, createLoopGuard} = await import("../src/js/index.ts");
  const {code, uses} = transpileCode(source, {operators: false, guardLoops: guarded});
  if (guarded && !uses.guard) throw new Error(`transpileCode inserted no guard into ${name}`);
  const factory = (0, eval)(`(function (__guard) {\n${code}\nreturn ${name};\n})`) as (guard: unknown) => Kernel;
  // No time limit: the timed loop never yields, so a 5 s limit could fire mid-benchmark. Each check
  // does the same work either way (read the clock, compare).
  return factory(createLoopGuard({limitMs: Infinity}));
}

function input(size: number): Float64Array {
  const a = new Float64Array(size);
  for (let i = 0; i < a.length; i++) a[i] = ((i * 7919) % 1000) / 1000;
  return a;
}

/** Times each loop guarded and unguarded, interleaved; checks both return the same value first. */
export async function benchLoopGuard(timing: TimingOptions): Promise<GuardRow[]> {
  const rows: GuardRow[] = [];
  for (const loop of loops) {
    try {
      const plain = await compileKernel(loop.source, loop.name, false);
      const guarded = await compileKernel(loop.source, loop.name, true);
      const a = input(loop.size);
      const expected = plain(a, loop.n);
      const got = guarded(a, loop.n);
      if (!Object.is(expected, got)) throw new Error(`guarded result ${String(got)} ≠ unguarded ${String(expected)}`);
      // Twice the samples of a workload row: each is short, and the difference we look for is small.
      const t = timeInterleaved([{name: "plain", fn: () => plain(a, loop.n)}, {name: "guarded", fn: () => guarded(a, loop.n)}], {...timing, samples: timing.samples * 2});
      const p = t.get("plain")!, g = t.get("guarded")!;
      rows.push({title: loop.title, plain: p, guarded: g, ratio: pairedRatio(g, p)});
    } catch (error) {
      rows.push({title: loop.title, error: error instanceof Error ? error.message : String(error)});
    }
  }
  return rows;
}
