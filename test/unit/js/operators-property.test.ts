// Property: on plain numbers (and strings), rewritten expressions give exactly what JavaScript gives.
import fc from "fast-check";
import {describe, expect, it} from "vitest";
import {transpileCode} from "../../../src/js/index.ts";
import {runScript} from "./helpers.ts";

const ops = ["+", "-", "*", "/", "%", "**", "<", "<=", ">", ">=", "===", "&&", "||"];

/** Random expressions over a, b, c and small literals, always parenthesized where JS requires it. */
const expression: fc.Arbitrary<string> = fc.letrec<{expr: string}>((tie) => ({
  expr: fc.oneof(
    {depthSize: "small", withCrossShrink: true},
    fc.constantFrom("a", "b", "c", "s", "0", "1", "2.5", "(-3)", "'x'"),
    fc.tuple(tie("expr"), fc.constantFrom(...ops), tie("expr"), fc.constantFrom(" ", "", " /* * */ ", "\n")).map(
      ([l, op, r, space]) => `(${l}${space}${op}${space}${r})`
    ),
    tie("expr").map((e) => `(- ${e})`),
    tie("expr").map((e) => `(+ ${e})`),
    tie("expr").map((e) => `[${e}, 1][0]`)
  )
})).expr;

describe("operator rewrite on plain values", () => {
  it("matches JavaScript exactly for random expressions", () => {
    fc.assert(
      fc.property(expression, fc.double({noNaN: false}), fc.integer({min: -5, max: 5}), fc.constantFrom(0, 2, -1.5), (expr, a, b, c) => {
        const source = `const result = ${expr};`;
        const values = {a, b, c, s: "str"};
        const expected = new Function("a", "b", "c", "s", `${source}\nreturn result;`)(a, b, c, "str");
        const code = transpileCode(source).code;
        expect(code.split("\n")).toHaveLength(source.split("\n").length);
        expect(Object.is(runScript(code, values), expected) || runScript(code, values) === expected).toBe(true);
      }),
      {numRuns: 400}
    );
  });

  it("matches JavaScript for compound assignments on variables, array elements and properties", () => {
    fc.assert(
      fc.property(fc.constantFrom("+=", "-=", "*=", "/=", "%=", "**="), fc.integer({min: -4, max: 4}), fc.integer({min: -3, max: 3}), (op, x, v) => {
        const source = `let x = ${x}; const arr = [${x}]; const o = {p: ${x}}; x ${op} ${v}; arr[0] ${op} ${v}; o.p ${op} ${v}; const result = [x, arr[0], o.p];`;
        const expected = new Function(`${source}\nreturn result;`)();
        expect(runScript(transpileCode(source).code)).toEqual(expected);
      }),
      {numRuns: 200}
    );
  });
});
