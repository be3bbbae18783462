// Property: random nests of for / while / do / for-of with break, continue (plain and labelled), return and throw
// run exactly as unguarded JavaScript: same trace of visited statements, same closed iterators, same result.
import fc from "fast-check";
import {describe, expect, it} from "vitest";
import {createLoopGuard, transpileCode} from "../../../src/js/index.ts";
import {runScript} from "./helpers.ts";

interface Loop {
  kind: "for" | "while" | "do" | "of";
  label: boolean;
  count: number;
  body: Statement[];
}
type Statement = {loop: Loop} | {jump: "break" | "continue" | "return" | "throw"; target: number | null; every: number};

/** A loop tree; `budget` caps the product of iteration counts so a program stays fast, while some loops cross 4096. */
const loop = (depth: number, budget: number): fc.Arbitrary<Loop> =>
  fc.record({
    kind: fc.constantFrom("for" as const, "while" as const, "do" as const, "of" as const),
    label: fc.boolean(),
    count: fc.constantFrom(0, 1, 3, 4097, 9000).map((n) => (n > budget ? 2 : n))
  }).chain(({kind, label, count}) =>
    fc.array(statement(depth + 1, Math.floor(budget / Math.max(count, 1))), {maxLength: depth < 3 ? 4 : 2}).map((body) => ({kind, label, count, body}))
  );

const statement = (depth: number, budget: number): fc.Arbitrary<Statement> =>
  fc.oneof(
    {weight: depth < 3 ? 1 : 0, arbitrary: fc.constant(null).chain(() => loop(depth, budget)).map((l) => ({loop: l}))},
    {
      weight: 3,
      arbitrary: fc.record({
        jump: fc.constantFrom("break" as const, "continue" as const, "continue" as const, "return" as const, "throw" as const),
        target: fc.option(fc.nat(3), {nil: null}),
        every: fc.constantFrom(2, 5, 97, 5000)
      })
    }
  );

/** Writes the program; every loop and jump point mixes its id into `h`, so the trace is one number. */
function render(root: Loop): string {
  let id = 0;
  const lines: string[] = [];
  const emit = (l: Loop, labels: string[]): void => {
    const n = ++id;
    const name = `L${n}`;
    const inner = l.label ? [...labels, name] : labels;
    const label = l.label ? `${name}: ` : "";
    const open = {
      for: `${label}for (let i${n} = 0; i${n} < ${l.count}; i${n}++) {`,
      while: `let w${n} = 0; ${label}while (w${n}++ < ${l.count}) {`,
      do: `let d${n} = 0; ${label}do {`,
      of: `${label}for (const v${n} of gen(${n}, ${l.count})) {`
    }[l.kind];
    lines.push(open, `  h = mix(h, ${n});`);
    for (const s of l.body) {
      if ("loop" in s) {
        emit(s.loop, inner);
        continue;
      }
      const at = ++id;
      const target = s.target !== null && s.target < inner.length && (s.jump === "break" || s.jump === "continue") ? ` ${inner[s.target]}` : "";
      const jump = s.jump === "return" ? "return h" : s.jump === "throw" ? `throw ${at}` : `${s.jump}${target}`;
      lines.push(`  if (++step % ${s.every} === 0) { h = mix(h, ${at}); ${jump}; }`);
    }
    // `d < count` alone would end a do loop after one pass when count is 0; that is what JS does too.
    lines.push(l.kind === "do" ? `} while (++d${n} < ${l.count});` : "}");
  };
  emit(root, []);
  return lines.join("\n");
}

const prelude = `
let h = 1, step = 0;
const closed = [];
const mix = (a, b) => (Math.imul(a, 31) + b) | 0;
function* gen(id, n) { try { for (let i = 0; i < n; i++) yield i } finally { closed.push(id) } }
function run() {`;
const postlude = `
  return h;
}
let out;
try { out = run() } catch (e) { out = "threw " + e }
const result = [out, h, step, closed];`;

describe("guarded loops on random programs", () => {
  it("behave exactly like the unguarded program", () => {
    fc.assert(
      fc.property(loop(0, 40_000), (root) => {
        const source = prelude + render(root) + postlude;
        const plain = runScript(transpileCode(source, {guardLoops: false, operators: false}).code);
        const guarded = transpileCode(source, {operators: false}).code;
        expect(guarded.split("\n")).toHaveLength(source.split("\n").length);
        expect(runScript(guarded, {}, createLoopGuard({limitMs: 60_000, scheduleReset: null}))).toEqual(plain);
      }),
      {numRuns: 300}
    );
  });
});
