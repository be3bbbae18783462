// Timing harness: warm-up, calibrated samples, interleaved rounds, medians.
// All implementations of one workload run in the same process and take turns inside each
// round (ABC, CBA, …), so a noisy neighbour on the shared CPU hits every column alike.

export interface TimingOptions {
  /** Samples per implementation. */
  samples: number;
  /** Target wall time of one sample, in ms (calls per sample are calibrated to reach it). */
  sampleMs: number;
  /** Minimum warm-up time per implementation, in ms. */
  warmupMs: number;
  /**
   * "wall" (default): performance.now(). "cpu": process CPU time (process.cpuUsage), which does not
   * advance while other processes hold the core, so a busy shared machine inflates it far less
   * (it includes V8's GC helper threads, so it reads a little high).
   */
  clock?: "wall" | "cpu";
}

export interface Timing {
  /** Median ms per call over the samples. */
  median: number;
  min: number;
  max: number;
  /** Calls per sample after calibration. */
  callsPerSample: number;
  /** Per-sample ms per call, in round order (for paired ratios). */
  samples: number[];
  /**
   * Process CPU time ÷ wall time over all timed samples of the workload (shared by its columns).
   * Well below 1 means other processes took the core from us and the numbers are noisy.
   */
  cpuShare: number;
}

const gc: (() => void) | undefined = (globalThis as {gc?: () => void}).gc;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function cpuNow(): number {
  const {user, system} = process.cpuUsage();
  return (user + system) / 1000;
}

/** Runs `fn` `calls` times and returns ms per call. A sink keeps results alive so V8 cannot drop the work. */
function timeCalls(fn: () => unknown, calls: number, clock: "wall" | "cpu" = "wall"): number {
  const now = clock === "cpu" ? cpuNow : () => performance.now();
  let sink: unknown;
  const t0 = now();
  for (let i = 0; i < calls; i++) sink = fn();
  const elapsed = now() - t0;
  keep(sink);
  return elapsed / calls;
}

let kept: unknown;
function keep(value: unknown): void {
  kept = value;
}
export function lastKept(): unknown {
  return kept;
}

/** Warms `fn` up (≥3 calls and ≥warmupMs, but at most ~3 calls for slow functions), then picks calls per sample. */
function calibrate(fn: () => unknown, options: TimingOptions): number {
  let calls = 0;
  let perCall = 0;
  const t0 = performance.now();
  while (calls < 3 || (performance.now() - t0 < options.warmupMs && perCall * 3 < options.warmupMs)) {
    perCall = timeCalls(fn, 1);
    calls++;
  }
  // Re-measure with a small batch so tiny functions are not dominated by timer resolution.
  if (perCall < 5) perCall = timeCalls(fn, Math.min(1000, Math.floor(5 / Math.max(perCall, 1e-6))));
  return Math.max(1, Math.round(options.sampleMs / Math.max(perCall, 1e-6)));
}

/**
 * Times every implementation of one workload. Returns one Timing per name, in input order.
 * Order within a round alternates (ABBA for two, ABC/CBA for three); a full GC runs before each
 * sample when node has --expose-gc, outside the timed region.
 */
export function timeInterleaved(impls: {name: string; fn: () => unknown}[], options: TimingOptions): Map<string, Timing> {
  const calls = impls.map((impl) => calibrate(impl.fn, options));
  const samples: number[][] = impls.map(() => []);
  let wall = 0, cpu = 0;
  for (let round = 0; round < options.samples; round++) {
    const order = impls.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      gc?.();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      samples[i].push(timeCalls(impls[i].fn, calls[i], options.clock));
      wall += performance.now() - t0;
      const used = process.cpuUsage(cpu0);
      cpu += (used.user + used.system) / 1000;
    }
  }
  const cpuShare = wall > 0 ? cpu / wall : 1;
  const result = new Map<string, Timing>();
  impls.forEach((impl, i) => {
    const s = samples[i];
    result.set(impl.name, {median: median(s), min: Math.min(...s), max: Math.max(...s), callsPerSample: calls[i], samples: s, cpuShare});
  });
  return result;
}

/** Median of per-round ratios a/b (paired samples from the same round are under the same machine load). */
export function pairedRatio(a: Timing, b: Timing): number {
  const n = Math.min(a.samples.length, b.samples.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) ratios.push(a.samples[i] / b.samples[i]);
  return median(ratios);
}

export function hasGc(): boolean {
  return gc !== undefined;
}
