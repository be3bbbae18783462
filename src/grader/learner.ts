// The learner's side of a check, in whatever realm runs learner code (page Worker, Node, isolate):
// turns plain arguments into tensors, observes `d<name>` steps, calls the function and hands back
// plain data. Values are copied on the way in and out, so learner code never holds a reference value.
import {isDense, toDense, type Dense} from "./dense.ts";
import type {LearnerOutcome, ObservedStep, PlainValue, Runtime, Tensor} from "./types.ts";

/** Plain → learner values: every Dense becomes a fresh runtime tensor; records and arrays are rebuilt. */
export function reviveArgs(args: PlainValue[], rt: Runtime): unknown[] {
  return args.map((a) => revive(a, rt));
}

function revive(value: PlainValue, rt: Runtime): unknown {
  if (isDense(value)) return denseToTensor(value, rt);
  if (Array.isArray(value)) return value.map((v) => revive(v, rt));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = revive(v, rt);
    return out;
  }
  return value;
}

export function denseToTensor(d: Dense, rt: Runtime): Tensor {
  if (d.shape.length === 0) return rt.np.array(d.data[0]);
  // np.array copies a typed array as it is (no detour through a JS array): the learner gets a fresh copy.
  return rt.np.array(d.data).reshape(d.shape);
}

/** Collects `__observe(name, value, line)` calls; keeps the live value and copies it after the call. */
export function createObserver() {
  const seen = new Map<string, {line: number; value: unknown}>();
  return {
    /** Returns the value unchanged: compiled code wraps the expression, `const dx = __observe("dx", e, 3)`. */
    observe<T>(name: string, value: T, line: number): T {
      seen.set(name, {line, value}); // last assignment wins; Map keeps first-observation order
      return value;
    },
    reset(): void {
      seen.clear();
    },
    /** Copies the final state (arrays filled in place by loops are read after the function returns). */
    snapshot(): ObservedStep[] {
      return [...seen].map(([name, {line, value}]) => ({name, line, value: toDense(value)}));
    }
  };
}

export type Observer = ReturnType<typeof createObserver>;

/** Converts a returned value to plain data: tensors → Dense; arrays element by element. */
export function plainReturn(value: unknown): PlainValue | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.some((v) => typeof v !== "number")) return value.map((v) => plainReturn(v) ?? null);
  const d = toDense(value);
  if (d) return d;
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    // `return {dx, dgamma, dbeta}`: a record of named results.
    const out: Record<string, PlainValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = plainReturn(v) ?? null;
    return out;
  }
  return null;
}

/** Where in the learner's source an error happened, from `err.line` or a stack frame of `sourceName`. */
export function errorLine(err: unknown, sourceName?: string, lineOffset = 0): number | undefined {
  const e = err as {line?: unknown; loc?: {line?: unknown}; stack?: unknown};
  if (typeof e?.line === "number") return e.line;
  if (typeof e?.loc?.line === "number") return e.loc.line;
  if (sourceName && typeof e?.stack === "string") {
    const escaped = sourceName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const m = new RegExp(`${escaped}:(\\d+):\\d+`).exec(e.stack);
    if (m) return Number(m[1]) - lineOffset;
  }
  return undefined;
}

/**
 * Calls a compiled learner function on one trial's plain arguments. `fn` must report its steps to
 * `observer.observe` (the compiler's `__observe`). Never throws: errors become `outcome.error`.
 */
export function callLearner(
  fn: (...args: unknown[]) => unknown,
  args: PlainValue[],
  rt: Runtime,
  observer: Observer,
  where: {sourceName?: string; lineOffset?: number} = {}
): LearnerOutcome {
  observer.reset();
  let returned: unknown;
  try {
    returned = fn(...reviveArgs(args, rt));
  } catch (err) {
    const message = err instanceof Error ? `${err.name === "Error" ? "" : err.name + ": "}${err.message}` : String(err);
    return {observed: safeSnapshot(observer), error: {kind: "threw", message, line: errorLine(err, where.sourceName, where.lineOffset)}};
  }
  return {returned: plainReturn(returned), observed: safeSnapshot(observer), error: null};
}

function safeSnapshot(observer: Observer): ObservedStep[] {
  try {
    return observer.snapshot();
  } catch {
    return [];
  }
}
