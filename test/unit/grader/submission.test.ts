import {describe, expect, it} from "vitest";
import {buildSubmission, parseSubmission} from "../../../src/grader/index.ts";
import {staged} from "./solutions/batchnorm_backward.ts";
import {relu_backward} from "./solutions/others.ts";

describe("submission file", () => {
  const entries = [
    {id: "batchnorm_backward", lesson: "03-batchnorm-graph", source: staged},
    {id: "relu_backward", lesson: "01-gates", source: relu_backward}
  ];
  const text = buildSubmission({course: "Backstep", entries}, (id) => id, "2026-01-01T00:00:00Z");

  it("is a module exporting each function, with a header naming course and lessons", () => {
    expect(text).toMatch(/^\/\/ Backstep submission\n\/\/ course: Backstep\n\/\/ lessons: 03-batchnorm-graph, 01-gates\n/);
    expect(text).toContain("export function batchnorm_backward(dout, cache)");
    expect(text).toContain("export function relu_backward(dout, cache)");
  });
  it("parses back into the same entries", () => {
    const parsed = parseSubmission(text);
    expect(parsed.course).toBe("Backstep");
    expect(parsed.entries.map((e) => [e.id, e.lesson])).toEqual(entries.map((e) => [e.id, e.lesson]));
    expect(parsed.entries[0].source).toBe(staged);
    expect(parsed.entries[1].source).toBe(relu_backward);
  });
});
