// Plain objects and arrays that hold tensors (a cache `{x, xhat, gamma}`, `[loss, dx]`): an expandable
// key/value view whose tensor members use the tensor view (shape + table or summary), instead of the
// generic inspector's Float64Array/strides internals. Values without tensors keep the inspector.
import {Inspector} from "@observablehq/inspector";
import {element} from "./dom.ts";
import {formatNumber, formatShape, isTensor, renderTensor, tensorValues, type TensorLike} from "./tensor-view.ts";

/** Entries shown per object or array; the rest are counted. */
export const entryLimit = 100;
/** How deep `containsTensor` looks, and how many levels start expanded. */
const searchDepth = 4;
const openDepth = 2;

type Container = Record<string, unknown> | unknown[];

/** A plain `{…}` literal or an array (not a class instance, a Map or a DOM node). */
export function isPlainContainer(value: unknown): value is Container {
  if (Array.isArray(value)) return true;
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True when a plain object/array has a tensor among its members (a few levels, a bounded number of values). */
export function containsTensor(value: unknown): boolean {
  const budget = {left: 1000}; // a big nested list of numbers must not cost a full walk on every display
  const search = (v: unknown, depth: number, seen: Set<unknown>): boolean => {
    if (!isPlainContainer(v) || depth === 0 || seen.has(v)) return false;
    seen.add(v);
    let checked = 0;
    for (const member of members(v)) {
      if (checked++ >= entryLimit || budget.left-- <= 0) return false;
      if (isTensor(member) || search(member, depth - 1, seen)) return true;
    }
    return false;
  };
  return search(value, searchDepth, new Set());
}

/**
 * Whether a value gets the object view: a plain object/array holding a tensor, or a record holding a
 * shape-like number list (`{wrong: (5, 3), right: (3,)}` reads poorly as the inspector's `Array(2)`).
 */
export function wantsObjectView(value: unknown): value is Container {
  if (!isPlainContainer(value)) return false;
  if (containsTensor(value)) return true;
  return !Array.isArray(value) && Object.values(value).some((v) => Array.isArray(v) && v.length > 0 && v.length <= 32 && isNumberList(v));
}

function members(value: Container): unknown[] {
  return Array.isArray(value) ? value : Object.values(value);
}

/** The first `limit` entries (array indices as keys) and how many there are in all. */
function entriesOf(value: Container, limit = entryLimit): {list: [string, unknown][]; total: number} {
  if (Array.isArray(value)) return {list: value.slice(0, limit).map((v, i) => [String(i), v]), total: value.length};
  const all = Object.entries(value);
  return {list: all.slice(0, limit), total: all.length};
}

/** `Object {x, xhat, gamma}` / `Array(2) [0.5, Tensor(4, 5)]`: the line a collapsed container shows. */
function describeContainer(value: Container): string {
  const {list: shown, total} = entriesOf(value, 6);
  const more = total > shown.length ? ", …" : "";
  if (Array.isArray(value)) return `Array(${value.length}) [${shown.map(([, v]) => describeShort(v)).join(", ")}${more}]`;
  return `Object {${shown.map(([k]) => k).join(", ")}${more}}`;
}

/** One short phrase for a value: tensors by shape, numbers formatted, containers by size. */
export function describeShort(value: unknown): string {
  if (isTensor(value)) return value.shape.length === 0 ? formatNumber(tensorValues(value)[0]) : `Tensor${formatShape(value.shape)}`;
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return isNumberList(value) && value.length <= 8 ? `[${value.map(formatNumber).join(", ")}]` : `Array(${value.length})`;
  if (isPlainContainer(value)) return "{…}";
  if (typeof value === "function") return `ƒ ${value.name || "anonymous"}()`;
  if (value === null || value === undefined || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return Object.prototype.toString.call(value).slice(8, -1);
}

function isNumberList(value: unknown[]): value is number[] {
  return value.every((v) => typeof v === "number");
}

/** The expandable view of a plain object/array; tensor members render as tensors. */
export function renderObject(value: Container): HTMLElement {
  return renderContainer(value, 0, new Set());
}

function renderContainer(value: Container, depth: number, seen: Set<unknown>): HTMLElement {
  const details = element("details", "bs-object");
  details.dataset.kind = Array.isArray(value) ? "array" : "object";
  details.open = depth < openDepth;
  details.append(element("summary", "bs-object-summary", describeContainer(value)));
  seen.add(value);
  const body = element("div", "bs-object-entries");
  const {list, total} = entriesOf(value);
  for (const [key, member] of list) {
    const row = element("div", "bs-object-entry");
    row.dataset.key = key;
    row.append(element("span", "bs-object-key", `${key}:`), renderMember(member, depth + 1, seen));
    body.append(row);
  }
  if (total > list.length) body.append(element("div", "bs-object-more", `… ${total - list.length} more`));
  details.append(body);
  seen.delete(value); // only ancestors count as cycles; the same tensor may appear twice
  return details;
}

function renderMember(value: unknown, depth: number, seen: Set<unknown>): Node {
  if (isTensor(value)) return renderMemberTensor(value);
  if (seen.has(value)) return element("span", "bs-object-value", "[circular]");
  if (Array.isArray(value) && isNumberList(value) && value.length <= 32) {
    // Shapes and short number lists read best inline: [4, 5].
    return element("span", "bs-object-value", `[${value.map(formatNumber).join(", ")}]`);
  }
  if (isPlainContainer(value) && containsTensor(value)) return renderContainer(value, depth, seen);
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean" || value === null || value === undefined) {
    return element("span", "bs-object-value", describeShort(value));
  }
  const span = element("span", "bs-object-value");
  new Inspector(span).fulfilled(value);
  return span;
}

/** 0-d tensors as a number; others with the full tensor view (shape header, table or summary). */
function renderMemberTensor(t: TensorLike): Node {
  if (t.shape.length === 0) return element("span", "bs-object-value bs-tensor-scalar", formatNumber(tensorValues(t)[0]));
  return renderTensor(t);
}

/** One-line text for inline `${…}` use: `{x: Tensor(4, 5), eps: 1.000e-5}`. */
export function describeInline(value: Container): string {
  const {list, total} = entriesOf(value, 8);
  const parts = list.map(([k, v]) => (Array.isArray(value) ? describeShort(v) : `${k}: ${describeShort(v)}`));
  if (total > list.length) parts.push("…");
  return Array.isArray(value) ? `[${parts.join(", ")}]` : `{${parts.join(", ")}}`;
}
