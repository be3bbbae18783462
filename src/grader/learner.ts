// The one learner call. Every realm that runs learner code — the page's check Worker, Node tests, the
// `backstep grade` isolate — calls a learner's exercise function through `callLearner`, so argument
// revival, step observation, autograd switched off, return reading, console capture, the input
// mutation check, the work count and the description of errors are the same code everywhere.
// Runs inside the learner's realm: it imports the realm's own runtime (in the isolate, the bundled
// copy), never a node: module or the DOM. Values are copied on the way in and out, so learner code
// never holds a reference value and the grader never holds a learner object.
import {Tensor} from "../tensor/tensor.ts";
import {withoutAutograd} from "../autograd/no-grad.ts";
import {readWork, workSince} from "../tensor/work.ts";
import {createLoopGuard, type LoopGuard} from "../js/loop-guard-runtime.ts";
import {createOperatorRuntime, type TensorOps} from "../js/operators-runtime.ts";
import type {OperatorRuntime} from "../js/types.ts";
import {createConsoleCapture, type ConsoleCapture} from "./console-capture.ts";
import {capText} from "./cap.ts";
import type {Dense} from "./dense.ts";
import type {LearnerError, LearnerOutcome, ObservedStep, PlainValue, Runtime} from "./types.ts";

// Saved when this module loads (before any learner code in this realm; the isolate also freezes them).
const F64 = Float64Array;
const isArray = Array.isArray;
const objectKeys = Object.keys;
const getPrototypeOf = Object.getPrototypeOf;
const objectIs = Object.is;
const isInteger = Number.isInteger;
const ErrorCtor = Error;
const RangeErrorCtor = RangeError;
const stringOf = String;
const regexExec = (re: RegExp, s: string) => RegExp.prototype.exec.call(re, s);

/** What a call needs to know about the exercise (plain data: it crosses into the isolate). */
export interface CallSpec {
  params: string[];
  /** Names of the returned values, in order (`[dx, dgamma, dbeta]`). */
  returns: string[];
  /** Per returned value: whether a step grades it; ungraded slots (`cache` next to `out`) are not read. */
  graded: boolean[];
  /** Total float64 elements a call may hand back (outputs plus observed steps). */
  maxResultElements: number;
}

/** Where compiled learner code lives, to read the learner's line out of a stack trace. */
export interface SourcePlace {
  sourceName: string;
  /** Lines the compiled wrapper adds before line 1 of the learner's source. */
  lineOffset: number;
}

/** The names compiled learner code refers to, and the per-call state behind them. */
export interface LearnerScope {
  globals: {__bs: OperatorRuntime; __guard: LoopGuard; __observe: (name: string, value: unknown, line: number) => unknown; np: unknown; nn: unknown; Tensor: typeof Tensor; console: ConsoleCapture["console"]};
  place: SourcePlace;
  /** Observed `d<name>` steps of the current call (live values; copied after the call). */
  observed: Map<string, {line: number; value: unknown}>;
  capture: ConsoleCapture;
  guard: LoopGuard;
}

export interface ScopeOptions {
  /** Loop-guard limit per call (ms). */
  limitMs?: number;
  /** Console output kept per call (characters). */
  logLimit?: number;
  place?: Partial<SourcePlace>;
}

/** Most distinct steps a call may observe (a loop over generated names cannot grow the map without end). */
const maxObserved = 200;

export function createLearnerScope(rt: Runtime, options: ScopeOptions = {}): LearnerScope {
  const observed = new Map<string, {line: number; value: unknown}>();
  const capture = createConsoleCapture(options.logLimit);
  const guard = createLoopGuard({limitMs: options.limitMs ?? 3000, now: () => Date.now(), scheduleReset: null});
  const observe = (name: string, value: unknown, line: number) => {
    // Last assignment wins (loops fill arrays in place); Map keeps first-observation order.
    if (typeof name === "string" && name.length <= 100 && (observed.size < maxObserved || observed.has(name))) {
      observed.set(name, {line: typeof line === "number" ? line : 0, value});
    }
    return value;
  };
  return {
    globals: {__bs: createOperatorRuntime(rt.np as TensorOps, isTensor), __guard: guard, __observe: observe, np: rt.np, nn: rt.nn, Tensor, console: capture.console},
    place: {sourceName: options.place?.sourceName ?? "exercise.js", lineOffset: options.place?.lineOffset ?? 0},
    observed,
    capture,
    guard
  };
}

export function isTensor(v: unknown): v is Tensor {
  return v instanceof Tensor;
}

// ---- arguments: plain data → fresh tensors, remembering where each went for the mutation check.

interface Placed {
  path: (string | number)[];
  tensor: Tensor;
  original: Dense;
}

function revive(v: PlainValue, path: (string | number)[], placed: Placed[]): unknown {
  if (v && typeof v === "object" && !isArray(v) && (v as Dense).$tensor === true) {
    const d = v as Dense;
    const tensor = new Tensor(new F64(d.data), d.shape.slice());
    placed.push({path, tensor, original: d});
    return tensor;
  }
  if (isArray(v)) return v.map((x, i) => revive(x, [...path, i], placed));
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of objectKeys(v)) out[k] = revive((v as Record<string, PlainValue>)[k], [...path, k], placed);
    return out;
  }
  return v;
}

function pathName(path: (string | number)[], params: string[]): string {
  const [first, ...rest] = path;
  let name = params[first as number] ?? `argument ${(first as number) + 1}`;
  for (const p of rest) name += typeof p === "number" ? `[${p}]` : `.${p}`;
  return name;
}

function lookup(args: unknown[], path: (string | number)[]): unknown {
  let cur: unknown = args;
  for (const key of path) {
    if (cur == null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

/** Inputs the call replaced, reshaped or changed in place, named as the learner knows them. */
function findMutations(args: unknown[], placed: Placed[], params: string[]): string[] {
  const found: string[] = [];
  for (const p of placed) {
    const name = pathName(p.path, params);
    if (lookup(args, p.path) !== p.tensor) {
      found.push(`${name} was replaced`);
      continue;
    }
    const shape = readShape(p.tensor);
    if (shape.length !== p.original.shape.length || shape.some((n, i) => n !== p.original.shape[i])) {
      found.push(`${name} changed shape`);
      continue;
    }
    const data = readData(p.tensor, p.original.data.length);
    for (let i = 0; i < data.length; i++) {
      if (!objectIs(data[i], p.original.data[i])) {
        found.push(`${name} was changed in place (element ${i})`);
        break;
      }
    }
  }
  return found;
}

// ---- values leaving the call: only plain numbers in checked shapes (a learner can fake a tensor).

function readShape(t: Tensor): number[] {
  const shape = t.shape;
  if (!isArray(shape) || shape.length > 32) throw new TypeError("tensor has an invalid shape");
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    const n = shape[i];
    if (typeof n !== "number" || !isInteger(n) || n < 0) throw new TypeError("tensor has an invalid shape");
    out.push(n);
  }
  return out;
}

/** Row-major copy of a tensor's elements: a fresh, genuine Float64Array of the right length. */
function readData(t: Tensor, size: number): Float64Array {
  const values = t.values();
  if (!(values instanceof F64) || values.length !== size) throw new TypeError("tensor data does not match its shape");
  return values === t.data || getPrototypeOf(values) !== F64.prototype ? new F64(values) : values;
}

class ReturnError extends ErrorCtor {}

function describeType(v: unknown): string {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (isTensor(v)) return "a tensor";
  if (isArray(v)) return `an array of ${(v as unknown[]).length}`;
  if (v instanceof F64) return "a Float64Array";
  if (typeof v === "object") return "an object";
  return `a ${typeof v}`;
}

function toDenseChecked(v: unknown, name: string, budget: {left: number}, rt: Runtime): Dense {
  if (typeof v === "number") return {$tensor: true, shape: [], data: new F64([v])};
  let t = v;
  if (isArray(v)) {
    try {
      t = rt.np.array(v);
    } catch {
      throw new ReturnError(`${name} is an array that is not a rectangular array of numbers`);
    }
  }
  if (!isTensor(t)) throw new ReturnError(`${name} is ${describeType(v)}; expected a tensor`);
  const shape = readShape(t);
  let size = 1;
  for (const n of shape) size *= n;
  if (size > budget.left) throw new ReturnError(`${name} has ${size} elements, more than the result limit allows`);
  budget.left -= size;
  return {$tensor: true, shape, data: readData(t, size)};
}

/**
 * The returned value as plain data, in signature order: an array `[dx, dgamma, dbeta]` or a record
 * `{dx, dgamma, dbeta}`; only graded slots are read. A wrong count comes back as that many nulls
 * (the grader words the arity message); a wrong element type throws ReturnError here.
 */
function readReturned(ret: unknown, spec: CallSpec, budget: {left: number}, rt: Runtime): PlainValue | undefined {
  const {returns} = spec;
  // null/undefined in a graded slot is a value not computed yet: the report shows that step as missing.
  const slot = (v: unknown, i: number): PlainValue => (spec.graded[i] === false || v == null ? null : toDenseChecked(v, returns[i], budget, rt));
  if (ret === undefined) return undefined;
  if (ret !== null && (typeof ret === "object" || typeof ret === "function") && typeof (ret as {then?: unknown}).then === "function") {
    throw new ReturnError("returned a Promise; exercise functions must be synchronous");
  }
  if (returns.length > 1 && isArray(ret)) {
    const list = ret as unknown[];
    if (list.length !== returns.length) return new Array<PlainValue>(Math.min(list.length, 64)).fill(null);
    return returns.map((_, i) => slot(list[i], i));
  }
  const record = ret !== null && typeof ret === "object" && !isTensor(ret) && !isArray(ret) && getPrototypeOf(ret) === Object.prototype;
  if (record && (returns.length > 1 || returns[0] in (ret as object))) {
    const obj = ret as Record<string, unknown>;
    const missing = returns.filter((n) => !(n in obj));
    if (missing.length) throw new ReturnError(`returned an object without ${missing.join(", ")}; expected [${returns.join(", ")}]`);
    return returns.length === 1 ? slot(obj[returns[0]], 0) : returns.map((n, i) => slot(obj[n], i));
  }
  if (returns.length > 1) throw new ReturnError(`returned ${describeType(ret)}; expected ${returns.length} values [${returns.join(", ")}]`);
  return slot(ret, 0);
}

function copyObserved(scope: LearnerScope, budget: {left: number}, rt: Runtime): ObservedStep[] {
  const out: ObservedStep[] = [];
  for (const [name, {line, value}] of scope.observed) {
    let plain: Dense | null = null;
    try {
      plain = typeof value === "number" || isTensor(value) ? toDenseChecked(value, name, budget, rt) : null;
    } catch {
      plain = null;
    }
    out.push({name, line, value: plain});
  }
  return out;
}

/** Returned values that are the very same tensor as an argument or as another returned value (no copy). */
function findAliases(ret: unknown, spec: CallSpec, placed: Placed[]): {output: string; sameAs: string}[] {
  try {
    const list: unknown[] = spec.returns.length > 1 && isArray(ret) ? (ret as unknown[]) : spec.returns.length === 1 ? [ret] : [];
    const out: {output: string; sameAs: string}[] = [];
    list.forEach((v, i) => {
      if (!isTensor(v) || i >= spec.returns.length) return;
      const input = placed.find((p) => p.tensor === v || (p.tensor.data === v.data && p.tensor.data.length > 0));
      if (input) out.push({output: spec.returns[i], sameAs: pathName(input.path, spec.params)});
      const j = list.findIndex((w, k) => k < i && isTensor(w) && (w === v || w.data === v.data));
      if (j >= 0) out.push({output: spec.returns[i], sameAs: spec.returns[j]});
    });
    return out;
  } catch {
    return [];
  }
}

// ---- errors: named, capped, with the learner's line.

const maxNameChars = 100;
const maxMessageChars = 1000;

/** A thrown value as a learner error. Never throws (hostile getters included). */
export function describeThrown(e: unknown, place: SourcePlace): LearnerError {
  try {
    if (e instanceof ErrorCtor) {
      const name = capText(stringOf(e.name), maxNameChars);
      const message = capText(stringOf(e.message), maxMessageChars);
      const line = errorLine(e, place);
      const kind: LearnerError["kind"] = name === "LoopLimitError" ? "timeout"
        : e instanceof RangeErrorCtor && /allocation failed|Invalid array length|Invalid typed array length|Array buffer allocation/.test(message) ? "memory"
          : name === "AutogradOffError" ? "autograd" : "threw";
      // The loop guard's own message reads as a sentence; other errors keep their name ("TypeError: …").
      const prefixed = name && name !== "Error" && kind !== "timeout" ? `${name}: ${message}` : message;
      return {kind, name, message: prefixed, ...(line !== undefined ? {line} : {})};
    }
    if (typeof e === "string" || typeof e === "number" || typeof e === "boolean") {
      return {kind: "threw", message: `threw a non-Error value: ${capText(stringOf(e), 200)}`};
    }
    return {kind: "threw", message: `threw a non-Error ${e === null ? "null" : typeof e}`};
  } catch {
    return {kind: "threw", message: "threw a value that could not be described"};
  }
}

/** The learner's line of an error: `err.line`/`err.loc` (a compile error) or the first stack frame in the learner's source. */
export function errorLine(err: unknown, place: SourcePlace): number | undefined {
  const e = err as {line?: unknown; loc?: {line?: unknown}; stack?: unknown};
  if (typeof e?.line === "number") return e.line;
  if (typeof e?.loc?.line === "number") return e.loc.line;
  // The frames are at the end (a huge message comes first); read only the tail of a huge stack.
  const stack = typeof e?.stack === "string" ? e.stack.slice(-20_000) : "";
  const escaped = place.sourceName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = regexExec(new RegExp(`${escaped}:(\\d+):\\d+`), stack);
  return m ? Number(m[1]) - place.lineOffset : undefined;
}

/**
 * Calls a compiled learner function on one trial's plain arguments, with autograd switched off and
 * the realm's loop guard and console reset. Never throws: errors become `outcome.error`; changed
 * inputs are an error of their own kind ("mutated").
 */
export function callLearner(fn: unknown, args: PlainValue[], spec: CallSpec, scope: LearnerScope, rt: Runtime): LearnerOutcome {
  scope.observed.clear();
  scope.capture.reset();
  scope.guard.reset();
  const outcome: LearnerOutcome = {observed: [], error: null};
  if (typeof fn !== "function") {
    outcome.error = {kind: "returned", message: `is ${describeType(fn)}, not a function`};
    return outcome;
  }
  const budget = {left: spec.maxResultElements};
  const placed: Placed[] = [];
  const built = args.map((a, i) => revive(a, [i], placed));
  const before = readWork();
  let ret: unknown;
  let threw = false;
  try {
    ret = withoutAutograd(() => (fn as (...a: unknown[]) => unknown)(...built));
  } catch (e) {
    threw = true;
    outcome.error = describeThrown(e, scope.place);
  }
  outcome.work = workSince(before);
  if (!threw) {
    try {
      outcome.returned = readReturned(ret, spec, budget, rt);
    } catch (e) {
      outcome.error = e instanceof ReturnError ? {kind: "returned", message: e.message}
        : {kind: "returned", message: `returned a value that could not be read: ${describeThrown(e, scope.place).message}`};
    }
  }
  outcome.observed = copyObserved(scope, budget, rt);
  if (!threw) {
    const aliases = findAliases(ret, spec, placed);
    if (aliases.length) outcome.aliases = aliases;
  }
  let mutations: string[];
  try {
    mutations = findMutations(built, placed, spec.params);
  } catch {
    mutations = ["the inputs could not be checked after the call"];
  }
  if (mutations.length && !outcome.error) {
    outcome.error = {kind: "mutated", message: `changes its inputs: ${mutations.slice(0, 3).join("; ")}`};
  }
  const logs = scope.capture.text();
  if (logs) outcome.logs = logs;
  return outcome;
}
