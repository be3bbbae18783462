// Near-identical exercise code, MOSS-style: each exercise function is tokenised (acorn), names and
// literal values are replaced by placeholders (comments and whitespace vanish with tokenisation), token
// k-grams are hashed and winnowed to fingerprints; the starter code's fingerprints, and those so common
// that they are the ordinary solution (shared by a large part of the class), are removed. Pairs that
// share most of their remaining fingerprints are listed with a score — a place to look, not a verdict.
import {tokenizer, tokTypes} from "acorn";

export interface SimilarityInput {
  student: string;
  exercise: string;
  source: string;
}

export interface SimilarPair {
  exercise: string;
  a: string;
  b: string;
  /** Shared fingerprints ÷ the smaller side's fingerprints, 0–1. */
  score: number;
  shared: number;
}

const k = 6;
const window = 4;

/** The token stream with names and literal values abstracted. */
export function normalizedTokens(source: string): string[] {
  const out: string[] = [];
  try {
    for (const t of tokenizer(source, {ecmaVersion: "latest", sourceType: "module", allowHashBang: true})) {
      if (t.type === tokTypes.name) out.push("N");
      else if (t.type === tokTypes.num || t.type === tokTypes.string || t.type === tokTypes.template || t.type === tokTypes.regexp) out.push("L");
      else out.push(t.type.label);
    }
  } catch {
    // A source that does not tokenise is compared as far as it went.
  }
  return out;
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Winnowed fingerprints of a source (the minimum hash of each window of k-gram hashes). */
export function fingerprints(source: string): Set<number> {
  const tokens = normalizedTokens(source);
  const grams: number[] = [];
  for (let i = 0; i + k <= tokens.length; i++) grams.push(hash(tokens.slice(i, i + k).join(" ")));
  const out = new Set<number>();
  if (grams.length && grams.length < window) out.add(Math.min(...grams));
  for (let i = 0; i + window <= grams.length; i++) out.add(Math.min(...grams.slice(i, i + window)));
  return out;
}

export interface SimilarityOptions {
  /** Starter code per exercise id (its fingerprints are not evidence). */
  starters: Record<string, string>;
  /** Lowest score listed (default 0.8). */
  threshold?: number;
  /** Fewest shared fingerprints for a pair to count (default 8). */
  minShared?: number;
}

export function similarPairs(inputs: SimilarityInput[], options: SimilarityOptions): SimilarPair[] {
  const threshold = options.threshold ?? 0.8, minShared = options.minShared ?? 8;
  const pairs: SimilarPair[] = [];
  const byExercise = new Map<string, SimilarityInput[]>();
  for (const input of inputs) byExercise.set(input.exercise, [...(byExercise.get(input.exercise) ?? []), input]);
  for (const [exercise, list] of byExercise) {
    const starter = fingerprints(options.starters[exercise] ?? "");
    const prints = list.map((i) => {
      const f = fingerprints(i.source);
      for (const h of starter) f.delete(h);
      return f;
    });
    // An inverted index: only pairs that share a fingerprint are ever compared.
    const holders = new Map<number, number[]>();
    prints.forEach((f, i) => f.forEach((h) => holders.set(h, [...(holders.get(h) ?? []), i])));
    // The ordinary solution: fingerprints a large part of the class shares say nothing about copying.
    const common = Math.max(4, Math.ceil(list.length * 0.2));
    for (const [h, who] of holders) {
      if (who.length > common) {
        holders.delete(h);
        for (const i of who) prints[i].delete(h);
      }
    }
    const shared = new Map<string, number>();
    for (const who of holders.values()) {
      for (let x = 0; x < who.length; x++) for (let y = x + 1; y < who.length; y++) {
        const key = `${who[x]},${who[y]}`;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
    for (const [key, n] of shared) {
      const [i, j] = key.split(",").map(Number);
      const score = n / Math.max(1, Math.min(prints[i].size, prints[j].size));
      if (n >= minShared && score >= threshold && list[i].student !== list[j].student) {
        pairs.push({exercise, a: list[i].student, b: list[j].student, score: Math.round(score * 100) / 100, shared: n});
      }
    }
  }
  return pairs.sort((p, q) => q.score - p.score || q.shared - p.shared);
}
