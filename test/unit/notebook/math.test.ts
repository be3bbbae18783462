import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {compileNotebook} from "../../../src/notebook/index.ts";

const fixtures = join(import.meta.dirname, "../../fixtures/math");
const mathCount = (html: string) => (html.match(/<span class="katex">/g) ?? []).length;
/** The page's HTML with every rendered formula (a balanced <span class="katex">…</span>) removed. */
function stripMath(html: string): string {
  let out = "";
  let i = 0;
  for (let start = html.indexOf('<span class="katex">'); start >= 0; start = html.indexOf('<span class="katex">', i)) {
    out += html.slice(i, start);
    let depth = 0;
    const tags = /<span\b|<\/span>/g;
    tags.lastIndex = start;
    for (let m = tags.exec(html); m; m = tags.exec(html)) {
      depth += m[0] === "</span>" ? -1 : 1;
      if (depth === 0) {
        i = tags.lastIndex;
        break;
      }
    }
  }
  return out + html.slice(i);
}
const words = (text: string) => text.replace(/<[^>]+>/g, " ").split(/\s+/).filter(Boolean);

describe("real-world math fixtures", () => {
  const files = readdirSync(fixtures).filter((f) => f.endsWith(".md"));
  it("has fixtures to check", () => expect(files.length).toBeGreaterThan(0));

  it.each(files)("%s renders with zero KaTeX errors and keeps its prose", (file) => {
    const source = readFileSync(join(fixtures, file), "utf8");
    const page = compileNotebook(source, file);
    expect(page.diagnostics).toEqual([]);
    expect(page.html).not.toContain("katex-error");
    expect(page.html).not.toContain("bs-math-error");
    // Every $…$/$$…$$ pair and raw environment became math (count the delimiters in the source).
    const expected = (source.match(/\$\$[\s\S]+?\$\$|\$[^$\n]+?\$/g) ?? []).length + (source.match(/\\begin\{align\}/g) ?? []).length;
    expect(mathCount(page.html)).toBe(expected);
    expect(page.html).not.toMatch(/\$\$/);
    // The prose around the math survives word for word.
    const prose = source.replace(/\$\$[\s\S]+?\$\$|\$[^$\n]+?\$/g, " ").replace(/\\begin\{align\}[\s\S]*?\\end\{align\}/g, " ");
    expect(words(prose).length).toBeGreaterThan(10);
    expect(words(stripMath(page.html))).toEqual(words(prose));
  });
});

const render = (markdown: string) => compileNotebook(markdown, "lesson.md");

describe("inline math", () => {
  it("renders $…$ and keeps the sentence around it", () => {
    const {html, diagnostics} = render("The scale $\\gamma$ multiplies $\\hat{x}_i$.");
    expect(diagnostics).toEqual([]);
    expect(mathCount(html)).toBe(2);
    expect(html).toMatch(/^<p>The scale <span class="katex">/);
    expect(html).toContain(" multiplies ");
  });

  it("renders $$…$$ in the middle of a sentence display-style, inline, with the text on both sides", () => {
    const {html} = render("so $$\\frac{a}{b}$$ is the ratio");
    expect(html).toMatch(/^<p>so <span class="bs-math-inline-display"><span class="katex">/);
    expect(html).toContain('displaystyle="true"');
    expect(html).toMatch(/<\/span><\/span> is the ratio<\/p>/);
  });

  it("does not treat currency, escaped dollars or code as math", () => {
    const {html} = render("It costs $5 and $10, or \\$3 each. Code: `$x$` and `a$b`.\n\n```text\n$y$\n```\n");
    expect(mathCount(html)).toBe(0);
    expect(html).toContain("It costs $5 and $10, or $3 each.");
    expect(html).toContain("<code>$x$</code>");
    expect(html).toContain("$y$\n</code></pre>");
  });

  it("lets ${js} placeholders win over $ math", () => {
    const page = render("Loss is ${loss.toFixed(3)} and the scale is $\\gamma$.");
    expect(page.inlineExpressions.map((c) => c.source)).toEqual(["loss.toFixed(3)"]);
    expect(mathCount(page.html)).toBe(1);
    expect(page.html).toContain('<span class="bs-inline" data-cell-id="inline-1" data-line="1"></span> and the scale is <span class="katex">');
  });
});

describe("display math", () => {
  it("renders $$ on their own lines as a block, also with blank lines inside", () => {
    const {html, diagnostics} = render("Before.\n\n$$\n\\begin{aligned}\na &= b \\\\\n\nc &= d\n\\end{aligned}\n$$\n\nAfter.");
    expect(diagnostics).toEqual([]);
    expect(html).toMatch(/<p>Before.<\/p>\n<div class="bs-math"><span class="katex-display">/);
    expect(html).toContain("<p>After.</p>");
  });

  it("renders raw \\begin{align}, equation, alignat* and gather blocks without dollars, indented or not", () => {
    const source = [
      "Text.",
      " \\begin{align}",
      " a &= b \\newline",
      " &= c",
      " \\end{align}",
      "",
      "\\begin{equation}",
      "E = mc^2",
      "\\end{equation}",
      "",
      "\\begin{alignat*}{2}",
      "x &= 1 & y &= 2",
      "\\end{alignat*}",
      "",
      "\\begin{gather}",
      "a \\\\ b",
      "\\end{gather}"
    ].join("\n");
    const {html, diagnostics} = render(source);
    expect(diagnostics).toEqual([]);
    expect((html.match(/<span class="katex-display">/g) ?? []).length).toBe(4);
    expect(html).not.toContain("\\begin{align}\n a &amp;= b \\newline</p>");
  });

  it("translates eqnarray to a display array KaTeX supports", () => {
    const {html, diagnostics} = render("\\begin{eqnarray}\na &=& b + c \\\\\nd &=& e\n\\end{eqnarray}");
    expect(diagnostics).toEqual([]);
    expect(html).toContain('columnalign="right center left"');
  });
});

describe("macros", () => {
  it("shares front matter macros and \\gdef / \\newcommand definitions across the lesson", () => {
    const source = "---\nmacros:\n  \\RR: \\mathbb{R}\n---\n$x \\in \\RR$\n\n$$\\gdef\\loss{\\mathcal{L}}\\newcommand{\\pd}[2]{\\frac{\\partial #1}{\\partial #2}}$$\n\nThen $\\pd{\\loss}{x}$.";
    const {html, diagnostics} = render(source);
    expect(diagnostics).toEqual([]);
    expect(html).toContain("mathbb");
    expect(html).toContain("mathcal");
    expect(html).toContain("∂");
  });

  it("does not leak macros between lessons", () => {
    render("$\\gdef\\leak{1}$");
    expect(render("$\\leak$").diagnostics).toHaveLength(1);
  });
});

describe("math errors", () => {
  it("shows the TeX and the message in place and reports file:line", () => {
    const page = render("# T\n\nok $a$\nthen $\\frac{1}$ here\n\n$$\n\\badmacro\n$$\n");
    expect(page.html).toContain('<span class="bs-math-error" title=');
    expect(page.html).toContain("<code>\\frac{1}</code>");
    expect(page.html).toContain(" here</p>");
    expect(page.diagnostics.map((d) => [d.file, d.line, d.column])).toEqual([["lesson.md", 4, 6], ["lesson.md", 6, 1]]);
    expect(page.diagnostics[1].message).toMatch(/^math: Undefined control sequence: \\badmacro/);
  });
});

describe("math and inline cells in tables", () => {
  it("renders math and ${…} inside table cells with the row's line", () => {
    const page = render("# T\n\n| a | b |\n|---|---|\n| $x+1$ and ${y} | 2 |\n| $\\frac{1}$ | 3 |\n");
    expect(page.html).not.toContain("undefined");
    expect(mathCount(page.html)).toBe(1);
    expect(page.inlineExpressions.map((c) => c.line)).toEqual([5]);
    expect(page.diagnostics.map((d) => d.line)).toEqual([6]);
  });
});
