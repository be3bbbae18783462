// Explicit layer groups: group("bn1", [x], (x) => batchnorm(x, gamma, beta)) tags every tensor made
// between the inputs and the result, so the drawn graph can collapse the layer into one box.
// Names with a prefix ("bn1/xhat") are grouped without this helper (see groupOf).
import {isTensorLike, type TensorLike} from "./tensor-like.ts";

const tags = new WeakMap<object, string>();

export function group<I extends TensorLike[], R>(name: string, inputs: I, fn: (...inputs: I) => R): R {
  const result = fn(...inputs);
  const outputs = Array.isArray(result) ? result : [result];
  tagBetween(name, inputs, outputs.filter(isTensorLike));
  return result;
}

/** Tags the tensors reachable backwards from outputs, stopping at the inputs (which stay outside). */
export function tagBetween(name: string, inputs: readonly TensorLike[], outputs: readonly TensorLike[]): void {
  const stop = new Set<object>(inputs);
  const seen = new Set<object>();
  const stack: TensorLike[] = [...outputs];
  while (stack.length) {
    const t = stack.pop()!;
    if (stop.has(t) || seen.has(t)) continue;
    seen.add(t);
    // An inner group keeps its own tag; the outer one only claims untagged tensors.
    if (!tags.has(t)) tags.set(t, name);
    for (const input of t.node?.inputs ?? []) stack.push(input);
  }
}

/** The group of a tensor: an explicit tag, else the part of its name before the last "/". */
export function groupOf(t: TensorLike): string | undefined {
  const tag = tags.get(t);
  if (tag !== undefined) return tag;
  const name = t.name ?? "";
  const slash = name.lastIndexOf("/");
  return slash > 0 ? name.slice(0, slash) : undefined;
}
