// ```graph <exercise-id> [gradients]``` fences: parsed and placed by the compiler, drawn by whoever passes
// renderGraph (the Vite plugin), checked against the exercise registry by checkNotebook.
import {describe, expect, it} from "vitest";
import {checkNotebook, compileNotebook, type GraphFigure} from "../../../src/notebook/index.ts";

const lesson = [
  "# Graphs",                        // 1
  "",                                // 2
  "```graph batchnorm_backward",     // 3
  "The forward pass <of> batchnorm.",// 4
  "```",                             // 5
  "",                                // 6
  "```graph relu_backward gradients",// 7
  "```",                             // 8
  ""
].join("\n");

describe("graph fences", () => {
  it("are figures, not code blocks or cells, with the fence line, options and caption", () => {
    const page = compileNotebook(lesson, "g.md");
    expect(page.diagnostics).toEqual([]);
    expect(page.cells).toEqual([]);
    expect(page.graphs).toEqual([
      {line: 3, exercise: "batchnorm_backward", gradients: false, caption: "The forward pass <of> batchnorm."},
      {line: 7, exercise: "relu_backward", gradients: true, caption: ""}
    ]);
    expect(page.html).not.toContain("<pre");
    expect(page.html).toContain('<figure class="bs-graph-figure" data-exercise="batchnorm_backward" data-line="3"');
    expect(page.html).toContain("</div><figcaption>The forward pass &lt;of&gt; batchnorm.</figcaption>");
  });

  it("inline what renderGraph draws, in document order", () => {
    const seen: GraphFigure[] = [];
    const page = compileNotebook(lesson, "g.md", {
      renderGraph: (figure) => (seen.push(figure), `<svg data-drawn="${figure.exercise}:${figure.gradients}"></svg>`)
    });
    expect(seen.map((f) => f.exercise)).toEqual(["batchnorm_backward", "relu_backward"]);
    const drawn = [...page.html.matchAll(/<figure [^>]*><div [^>]*><svg data-drawn="([^"]*)"><\/svg><\/div>/g)].map((m) => m[1]);
    expect(drawn).toEqual(["batchnorm_backward:false", "relu_backward:true"]);
  });

  it("report a renderer error, a missing id and unknown options at the fence line", () => {
    const source = "# G\n\n```graph nope\n```\n\n```graph\n```\n\n```graph relu_backward big\n```\n";
    const page = compileNotebook(source, "g.md", {
      renderGraph: (figure) => {
        if (figure.exercise === "nope") throw new Error("unknown exercise 'nope'");
        return "<svg></svg>";
      }
    });
    expect(page.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`)).toEqual([
      "g.md:3:1: graph: unknown exercise 'nope'",
      "g.md:6:1: graph fence needs an exercise id: ```graph <exercise-id>```",
      "g.md:9:1: unknown graph option 'big' (options: gradients)"
    ]);
    expect(page.html).toContain('<span class="bs-graph-error">unknown exercise &#39;nope&#39;</span>');
  });

  it("render captions as inline Markdown: code, emphasis and math, not literal backticks", () => {
    const page = compileNotebook("# G\n\n```graph relu_backward\nHow `out` flows *back* to $x$.\n```\n", "g.md");
    expect(page.diagnostics).toEqual([]);
    const caption = /<figcaption>(.*?)<\/figcaption>/s.exec(page.html)?.[1] ?? "";
    expect(caption).toContain("How <code>out</code> flows <em>back</em> to ");
    expect(caption).not.toContain("`");
    expect(caption).toContain('class="katex"');
    expect(caption).not.toContain("$x$");
    expect(page.graphs[0].caption).toBe("How `out` flows *back* to $x$.");
  });

  it("leave other fences alone (```graphviz is a code block)", () => {
    const page = compileNotebook("```graphviz\ndigraph {}\n```\n", "g.md");
    expect(page.graphs).toEqual([]);
    expect(page.html).toContain('<code class="language-graphviz">digraph {}');
  });
});

describe("checkNotebook and graph fences", () => {
  it("reports an unknown exercise id at the fence line, like exercise cells", () => {
    const diagnostics = checkNotebook(lesson, "g.md", {exerciseIds: ["relu_backward"]});
    expect(diagnostics.map((d) => [d.line, d.message])).toEqual([[3, "unknown exercise 'batchnorm_backward' (known: relu_backward)"]]);
    expect(checkNotebook(lesson, "g.md", {exerciseIds: ["relu_backward", "batchnorm_backward"]})).toEqual([]);
  });
});
