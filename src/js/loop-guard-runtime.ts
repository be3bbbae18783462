// The runtime side of guard-loops.ts: `__guard()` is called every few thousand loop iterations or function entries
// and throws once the current synchronous run has lasted longer than the limit. A run ends when the event loop
// gets a turn (a timer resets the clock), so only code that never yields — an endless loop — is stopped.

export class LoopLimitError extends Error {
  constructor(readonly limitMs: number) {
    super(`stopped after ${formatSeconds(limitMs)} s — infinite loop?`);
    this.name = "LoopLimitError";
  }
}

export interface LoopGuard {
  /** Called by compiled code (as `__guard`); returns 0 (the counter's new value) or throws LoopLimitError. */
  (): number;
  /** Current limit in milliseconds; Infinity disables the guard. */
  limitMs: number;
  /** Starts a new run: the clock starts again at the next check. */
  reset(): void;
  /** Runs `fn` with another limit (e.g. Infinity for "run without limit"), then restores the previous one. */
  withLimit<T>(limitMs: number, fn: () => T): T;
}

export interface LoopGuardOptions {
  limitMs?: number;
  now?: () => number;
  /** Schedules the end-of-run reset; default setTimeout(…, 0). Pass null to reset only by hand (e.g. in a sandbox). */
  scheduleReset?: ((reset: () => void) => void) | null;
}

export const DEFAULT_LIMIT_MS = 5000;

export function createLoopGuard({
  limitMs = DEFAULT_LIMIT_MS,
  now = () => performance.now(),
  scheduleReset = (reset) => void setTimeout(reset, 0)
}: LoopGuardOptions = {}): LoopGuard {
  let start = -1;
  const reset = () => {
    start = -1;
  };
  const guard = (() => {
    const time = now();
    if (start < 0) {
      start = time;
      scheduleReset?.(reset);
    } else if (time - start > guard.limitMs) {
      start = -1;
      throw new LoopLimitError(guard.limitMs);
    }
    return 0;
  }) as LoopGuard;
  guard.limitMs = limitMs;
  guard.reset = reset;
  guard.withLimit = <T>(limit: number, fn: () => T): T => {
    const previous = guard.limitMs;
    guard.limitMs = limit;
    try {
      return fn();
    } finally {
      guard.limitMs = previous;
    }
  };
  return guard;
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1);
}
