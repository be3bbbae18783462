// Runs INSIDE the isolate (bundled by esbuild into one script, see bundle.ts). It installs the
// tensor library as globals, a capped console, the step observer and the call shim, then freezes
// every intrinsic and the library so a submission cannot patch what other code relies on.
// Nothing here may use Node APIs: the isolate has none.
import {fromNested, installRuntime, isTensor, readShape, toTensor, toContiguousData} from "./isolate-runtime.ts";
import {freezeRealm} from "./freeze.ts";
import type {CallOutcome, PlainTensor, PlainValue} from "./types.ts";

interface CallSpec {
  outputs: string[];
  /** Per output: whether a step grades it. Ungraded slots (a `cache` next to `out`) are not read. */
  graded?: boolean[];
  maxLogBytes: number;
  maxResultElements: number;
}

const g = globalThis as Record<string, unknown>;
// Saved before learner code runs (and frozen afterwards anyway).
const F64 = Float64Array;
const isArray = Array.isArray;
const objectKeys = Object.keys;
const getPrototypeOf = Object.getPrototypeOf;
const ErrorCtor = Error;
const RangeErrorCtor = RangeError;
const stringOf = String;
const jsonStringify = JSON.stringify;
const regexExec = (re: RegExp, s: string) => RegExp.prototype.exec.call(re, s);

// ---- console: formatted inside the isolate into a capped buffer (host callbacks are too slow
// for a submission that logs a million lines).
let logText = "";
let logLimit = 16 << 10;
let logFull = false;
function formatValue(v: unknown): string {
  try {
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean" || v == null) return stringOf(v);
    if (isTensor(v)) {
      const t = v as {shape: number[]; size: number; toString(): string};
      return t.size <= 1000 ? t.toString() : `tensor of shape (${t.shape.join(",")})`;
    }
    const s = jsonStringify(v);
    return typeof s === "string" ? s : stringOf(typeof v);
  } catch {
    return `[${typeof v}]`;
  }
}
function writeLog(...args: unknown[]): void {
  if (logFull) return;
  let line = "";
  for (let i = 0; i < args.length && line.length < logLimit; i++) line += (i ? " " : "") + formatValue(args[i]);
  if (logText.length + line.length + 1 > logLimit) {
    logText += line.slice(0, Math.max(0, logLimit - logText.length)) + `\n… output truncated at ${logLimit} bytes\n`;
    logFull = true;
  } else {
    logText += line + "\n";
  }
}
g.console = {log: writeLog, info: writeLog, warn: writeLog, error: writeLog, debug: writeLog};

// ---- step observation: the compiler calls __observe(name, value, line) for every d<name> binding.
// The last value wins (loops fill arrays in place), and values are copied after the call returns.
const observedLive = new Map<string, {line: number; value: unknown}>();
g.__observe = (name: unknown, value: unknown, line: unknown) => {
  if (typeof name === "string" && name.length <= 100 && (observedLive.size < 200 || observedLive.has(name))) {
    observedLive.set(name, {line: typeof line === "number" ? line : 0, value});
  }
  return value;
};

installRuntime(g);

// ---- arguments: plain data → tensors, remembering where each tensor went for the mutation check.
interface Placed {
  path: string;
  tensor: unknown;
  original: PlainTensor;
}
function fromPlain(v: PlainValue, path: string, placed: Placed[]): unknown {
  if (v && typeof v === "object" && !isArray(v) && (v as PlainTensor).$tensor === true) {
    const p = v as PlainTensor;
    const tensor = toTensor(new F64(p.data), p.shape);
    placed.push({path, tensor, original: p});
    return tensor;
  }
  if (isArray(v)) return v.map((x, i) => fromPlain(x, `${path}[${i}]`, placed));
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of objectKeys(v)) out[k] = fromPlain((v as Record<string, PlainValue>)[k], `${path}.${k}`, placed);
    return out;
  }
  return v;
}

function findMutations(args: unknown[], placed: Placed[], names: string[]): string[] {
  const found: string[] = [];
  for (const p of placed) {
    const now = lookup(args, p.path);
    if (now !== p.tensor) {
      found.push(`${rename(p.path, names)} was replaced`);
      continue;
    }
    const shape = readShape(p.tensor);
    if (shape.length !== p.original.shape.length || shape.some((n, i) => n !== p.original.shape[i])) {
      found.push(`${rename(p.path, names)} changed shape`);
      continue;
    }
    const data = toContiguousData(p.tensor, p.original.data.length);
    for (let i = 0; i < data.length; i++) {
      if (!Object.is(data[i], p.original.data[i])) {
        found.push(`${rename(p.path, names)} was changed in place (element ${i})`);
        break;
      }
    }
  }
  return found;
}
function lookup(args: unknown[], path: string): unknown {
  // path looks like "$0.x" or "$1[2]"
  const parts = path.match(/\$\d+|\.[^.[]+|\[\d+\]/g) ?? [];
  let cur: unknown = args;
  for (const part of parts) {
    if (cur == null || typeof cur !== "object") return undefined;
    const key = part[0] === "$" ? part.slice(1) : part[0] === "." ? part.slice(1) : part.slice(1, -1);
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
function rename(path: string, names: string[]): string {
  return path.replace(/^\$(\d+)/, (_, i) => names[Number(i)] ?? `argument ${Number(i) + 1}`);
}

// ---- return values: tensors, numbers and arrays of them become plain data (the grader checks
// arity and shapes); anything else is reported here by name and type.
function describeType(v: unknown): string {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (isTensor(v)) return "a tensor";
  if (isArray(v)) return `an array of ${(v as unknown[]).length}`;
  if (v instanceof F64) return "a Float64Array";
  if (typeof v === "object") return "an object";
  return `a ${typeof v}`;
}
class ReturnError extends ErrorCtor {}

function toPlainTensor(v: unknown, name: string, budget: {left: number}): PlainTensor {
  if (typeof v === "number") return {$tensor: true, shape: [], data: new F64([v])};
  let t = v;
  if (isArray(v)) {
    try {
      t = fromNested(v);
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
  return {$tensor: true, shape, data: toContiguousData(t, size)};
}

function toReturned(ret: unknown, spec: CallSpec, budget: {left: number}): PlainValue | undefined {
  const {outputs} = spec;
  // Same rule as the grading core (src/grader/returns.ts): only graded slots are read, so an extra
  // value the learner returns (`[out, cache]`) never fails the call; unread slots come back as null.
  const slot = (v: unknown, i: number): PlainValue => (spec.graded && spec.graded[i] === false ? null : toPlainTensor(v, outputs[i], budget));
  if (ret === undefined) return undefined;
  if (ret !== null && (typeof ret === "object" || typeof ret === "function") && typeof (ret as {then?: unknown}).then === "function")
    throw new ReturnError(`returned a Promise; exercise functions must be synchronous`);
  if (outputs.length > 1 && isArray(ret)) {
    const list = ret as unknown[];
    // Wrong arity is the grader's message; wrong element types are ours.
    if (list.length !== outputs.length) return new Array<PlainValue>(Math.min(list.length, 64)).fill(null);
    return outputs.map((_, i) => slot(list[i], i));
  }
  const record = ret !== null && typeof ret === "object" && !isTensor(ret) && !isArray(ret) && getPrototypeOf(ret) === Object.prototype;
  if (record && (outputs.length > 1 || outputs[0] in (ret as object))) {
    // {dx, dgamma, dbeta} (or {dx} for one output) is accepted as the same values in signature order.
    const obj = ret as Record<string, unknown>;
    const missing = outputs.filter((n) => !(n in obj));
    if (missing.length) throw new ReturnError(`returned an object without ${missing.join(", ")}; expected [${outputs.join(", ")}]`);
    return outputs.length === 1 ? slot(obj[outputs[0]], 0) : outputs.map((n, i) => slot(obj[n], i));
  }
  if (outputs.length > 1) {
    throw new ReturnError(`returned ${describeType(ret)}; expected ${outputs.length} values [${outputs.join(", ")}]`);
  }
  return slot(ret, 0);
}

function describeThrown(e: unknown): {message: string; line?: number} {
  try {
    if (e instanceof ErrorCtor) {
      const name = stringOf(e.name).slice(0, 100);
      const message = stringOf(e.message).slice(0, 1000);
      const stack = typeof e.stack === "string" ? e.stack : "";
      const m = regexExec(/submission\.js:(\d+):(\d+)/, stack);
      const prefix = name ? `${name}: ` : "";
      return {message: prefix + message, ...(m ? {line: Number(m[1])} : {})};
    }
    if (typeof e === "string" || typeof e === "number" || typeof e === "boolean")
      return {message: `a non-Error value: ${stringOf(e).slice(0, 200)}`};
    return {message: `a non-Error ${e === null ? "null" : typeof e}`};
  } catch {
    return {message: "a value that could not be described"};
  }
}

function copyObserved(budget: {left: number}): CallOutcome["observed"] {
  const out: CallOutcome["observed"] = [];
  for (const [name, {line, value}] of observedLive) {
    let plain: PlainTensor | null = null;
    try {
      plain = typeof value === "number" || isTensor(value) ? toPlainTensor(value, name, budget) : null;
    } catch {
      plain = null;
    }
    out.push({name, line, value: plain});
  }
  return out;
}

function call(fn: unknown, args: PlainValue[], argNames: string[], spec: CallSpec): CallOutcome {
  logText = "";
  logFull = false;
  logLimit = spec.maxLogBytes;
  observedLive.clear();
  const budget = {left: spec.maxResultElements};
  const result: CallOutcome = {observed: [], mutations: [], logs: "", error: null};
  if (typeof fn !== "function") {
    result.error = {kind: "returned", message: `is ${describeType(fn)}, not a function`};
    return result;
  }
  const placed: Placed[] = [];
  const built = args.map((a, i) => fromPlain(a, `$${i}`, placed));
  let ret: unknown;
  let threw = false;
  try {
    ret = (fn as (...a: unknown[]) => unknown)(...built);
  } catch (e) {
    threw = true;
    const d = describeThrown(e);
    const memory = e instanceof RangeErrorCtor && /allocation failed|Invalid array length|Invalid typed array length/.test(d.message);
    result.error = {kind: memory ? "memory" : "threw", ...d};
  }
  if (!threw) {
    try {
      result.returned = toReturned(ret, spec, budget);
    } catch (e) {
      result.error = e instanceof ReturnError ? {kind: "returned", message: e.message} : {kind: "returned", message: `returned a value that could not be read: ${describeThrown(e).message}`};
    }
  }
  result.observed = copyObserved(budget);
  try {
    result.mutations = findMutations(built, placed, argNames);
  } catch {
    result.mutations = ["the inputs could not be checked after the call"];
  }
  result.logs = logText;
  return result;
}

// The learner's module ends with `__backstep.loaded(nonce)`: a module whose top-level code awaits
// forever never reaches it, which the host reports instead of grading a half-loaded module.
let loadedNonce = -1;
const loaded = (n: number) => {
  loadedNonce = n;
};
const isLoaded = (n: number) => loadedNonce === n;

g.__backstep = {call, loaded, isLoaded};
freezeRealm(g);
