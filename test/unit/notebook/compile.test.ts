import {describe, expect, it} from "vitest";
import {compileNotebook} from "../../../src/notebook/index.ts";

const lesson = [
  "---",                              // 1
  "title: Batch normalization",       // 2
  "order: 3",                         // 3
  "---",                              // 4
  "# Ignored heading",                // 5
  "",                                 // 6
  "```js",                            // 7
  "const x = np.ones(3)",             // 8
  "```",                              // 9
  "",                                 // 10
  "```js echo editable",              // 11
  "const y = x * 2",                  // 12
  "y",                                // 13
  "```",                              // 14
  "",                                 // 15
  "```js hidden",                     // 16
  "const secret = 42",                // 17
  "```",                              // 18
  "",                                 // 19
  "```js exercise batchnorm_backward",// 20
  "function batchnorm_backward(dout, cache) {}", // 21
  "```",                              // 22
  "",                                 // 23
  "Value: ${y.sum()} <b>and</b> ${secret}.", // 24
  "",                                 // 25
  "```js run=false",                  // 26
  "notRun()",                         // 27
  "```",                              // 28
  "",                                 // 29
  "```python",                        // 30
  "print(1)",                         // 31
  "```"                               // 32
].join("\n");

describe("compileNotebook", () => {
  const page = compileNotebook(lesson, "notebooks/bn.md");

  it("reads the front matter", () => {
    expect(page).toMatchObject({title: "Batch normalization", order: 3, path: "notebooks/bn.md", diagnostics: []});
  });

  it("turns ```js fences into cells with ids, file lines, options and compiled code", () => {
    expect(page.cells.map((c) => [c.id, c.line, c.source, c.options])).toEqual([
      ["cell-1", 8, "const x = np.ones(3)", {hidden: false, echo: false, editable: false}],
      ["cell-2", 12, "const y = x * 2\ny", {hidden: false, echo: true, editable: true}],
      ["cell-3", 17, "const secret = 42", {hidden: true, echo: false, editable: false}],
      ["cell-4", 21, "function batchnorm_backward(dout, cache) {}", {hidden: false, echo: false, editable: false, exercise: "batchnorm_backward"}]
    ]);
    expect(page.cells[0].compiled).toMatchObject({inputs: ["np"], outputs: ["x"]});
    expect(page.cells[1].compiled).toMatchObject({inputs: ["x", "__bs"], outputs: ["y"]});
    expect(page.cells[1].hash).toMatch(/^[0-9a-f]{8}$/);
    expect(page.cells[1].hash).not.toBe(page.cells[0].hash);
  });

  it("turns ${…} in prose into inline expression cells", () => {
    expect(page.inlineExpressions.map((c) => [c.id, c.line, c.source, c.compiled?.inputs])).toEqual([
      ["inline-1", 24, "y.sum()", ["y", "display"]],
      ["inline-2", 24, "secret", ["secret", "display"]]
    ]);
  });

  it("replaces cells with placeholders in the static HTML", () => {
    expect(page.html).toContain('<div class="bs-cell" data-cell-id="cell-1" data-line="8"></div>');
    expect(page.html).toContain('<div class="bs-cell bs-cell--editable" data-cell-id="cell-2" data-line="12"><pre class="bs-cell-source"><code class="language-js">const y = x * 2\ny</code></pre></div>');
    expect(page.html).toContain('<div class="bs-cell" data-cell-id="cell-3" data-line="17" hidden></div>');
    expect(page.html).toContain('data-exercise="batchnorm_backward"');
    expect(page.html).toContain('<p>Value: <span class="bs-inline" data-cell-id="inline-1" data-line="24"></span> <b>and</b> <span class="bs-inline" data-cell-id="inline-2" data-line="24"></span>.</p>');
    expect(page.html).toContain('<code class="language-js">notRun()');
    expect(page.html).toContain('<code class="language-python">print(1)');
    expect(page.html).not.toContain("const x = np.ones(3)");
  });

  it("takes the title from the first heading, then the file name", () => {
    expect(compileNotebook("intro\n\n# The *chain* rule\n", "a/b.md").title).toBe("The chain rule");
    expect(compileNotebook("no heading", "a/relu.md")).toMatchObject({title: "relu", order: Infinity});
  });
});

describe("diagnostics", () => {
  it("reports cell syntax errors at the .md line and column", () => {
    const page = compileNotebook("# T\n\n```js\nconst a = 1\nconst b = (a +\n```\n\nInline ${a +} here\n", "t.md");
    expect(page.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`)).toEqual([
      "t.md:5:15: Unexpected token in cell",
      "t.md:8:13: Unexpected token in inline expression"
    ]);
    expect(page.cells[0]).toMatchObject({compiled: null, error: {message: "Unexpected token", file: "t.md", line: 5, column: 15}});
  });

  it("reports a name defined by two cells and redefined builtins", () => {
    const page = compileNotebook("```js\nconst a = 1\n```\n\n```js\nlet a = 2\n```\n\n```js\nconst np = 1\n```\n", "t.md");
    expect(page.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [6, "'a' is defined more than once (first at line 2)"],
      [10, "'np' is built in and cannot be redefined"]
    ]);
  });

  it("reports unknown cell options and bad front matter", () => {
    const page = compileNotebook("---\ntitle: [unclosed\n---\n```js echoo\n1\n```\n", "t.md");
    expect(page.diagnostics).toHaveLength(2);
    expect(page.diagnostics[0].message).toMatch(/^front matter: /);
    expect(page.diagnostics[0].line).toBeGreaterThanOrEqual(2); // inside the front matter (yaml reports where it noticed)
    expect(page.diagnostics[0].line).toBeLessThanOrEqual(3);
    expect(page.diagnostics[1].line).toBe(4);
    expect(page.diagnostics[1].message).toMatch(/unknown cell option 'echoo'/);
  });

  it("keeps line numbers after front matter and inside lists and blockquotes", () => {
    const page = compileNotebook("---\ntitle: x\n---\n\n- item\n\n  ```js\n  const q = (\n  ```\n\n> $\\frac{1}$\n", "t.md");
    expect(page.diagnostics.map((d) => d.line)).toEqual([8, 11]);
  });
});
