// The assignment file's parsing and its file:line messages, the late policy, student identity from LMS
// file names and from the header the page's export writes, and the similarity fingerprints.
import {describe, expect, it} from "vitest";
import {assignmentTemplate, latePenalty, parseAssignment} from "../../../src/gradebook/assignment.ts";
import {headerIdentity, identify, idPattern} from "../../../src/gradebook/identity.ts";
import {similarPairs} from "../../../src/gradebook/similarity.ts";
import {buildSubmission} from "../../../src/grader/index.ts";
import {exercises} from "../../../content/exercises/index.ts";

const ids = Object.keys(exercises);

describe("assignment files", () => {
  it("reads points, credit, due date, late policy and seed", () => {
    const a = parseAssignment("title: HW\ncredit: steps\nseed: 3\ndue: 2026-12-01T23:59:00Z\nlate:\n  penalty_per_hour: 2%\n  cap: 50%\n  grace_minutes: 10\nexercises:\n  - {id: relu_backward, points: 4}\n  - {id: softmax_loss, points: 6, credit: all-or-nothing}\n", "hw.yaml", ids);
    expect(a).toMatchObject({title: "HW", credit: "steps", seed: 3, late: {penalty: 0.02, per: "hour", cap: 0.5, graceMinutes: 10}});
    expect(a.exercises).toEqual([{id: "relu_backward", points: 4}, {id: "softmax_loss", points: 6, credit: "all-or-nothing"}]);
    expect(a.due?.toISOString()).toBe("2026-12-01T23:59:00.000Z");
  });
  it("reports every problem as file:line: message", () => {
    expect(() => parseAssignment("title: HW\nexercises:\n  - {id: relu_backwrd}\n  - {id: softmax_loss, points: -1}\nseed: soon\nwhen: x\n", "hw.yaml", ids)).toThrow(
      /hw\.yaml:6: unknown field 'when'[\s\S]*hw\.yaml:3: unknown exercise 'relu_backwrd' \(did you mean relu_backward\?\)[\s\S]*hw\.yaml:4: 'points' of softmax_loss must be a number ≥ 0[\s\S]*hw\.yaml:5: 'seed' must be/);
    expect(() => parseAssignment("title: [unclosed\n", "bad.yaml", ids)).toThrow(/^bad\.yaml:\d+: /);
  });
  it("the template from `assignment init` parses and lists every exercise", () => {
    const text = assignmentTemplate(Object.values(exercises).map((e) => ({id: e.id, title: e.title, lesson: e.lesson})));
    expect(parseAssignment(text, "init.yaml", ids).exercises.map((e) => e.id).sort()).toEqual([...ids].sort());
  });
  it("late penalties count started days or hours after the grace period, up to the cap", () => {
    const policy = {penalty: 0.1, per: "day" as const, cap: 0.25, graceMinutes: 15};
    expect(latePenalty(policy, 10 * 60_000)).toBe(0);
    expect(latePenalty(policy, 20 * 60_000)).toBeCloseTo(0.1);
    expect(latePenalty(policy, 86_400_000 + 16 * 60_000)).toBeCloseTo(0.2);
    expect(latePenalty(policy, 10 * 86_400_000)).toBe(0.25);
  });
});

describe("student identity", () => {
  it("reads Canvas and Moodle bulk-download names", () => {
    expect(identify("doejane_LATE_1234_98765_hw2.js", null, idPattern("canvas"))).toMatchObject({id: "1234", name: "doejane", late: true, submission: 98765, from: "file name"});
    expect(identify("Jane Doe_42_assignsubmission_file_answers.js", null, idPattern("moodle"))).toMatchObject({id: "42", name: "Jane Doe"});
    expect(identify("Jane Doe_42_assignsubmission_file_/answers.js", null, idPattern("moodle")).id).toBe("42");
  });
  it("takes a custom regex with named groups, and refuses one without (?<id>)", () => {
    expect(identify("s-777-ada.js", null, idPattern("^s-(?<id>\\d+)-(?<name>\\w+)"))).toMatchObject({id: "777", name: "ada"});
    expect(() => idPattern("^s-(\\d+)")).toThrow(/named group \(\?<id>…\)/);
  });
  it("falls back to the header the page's export writes, never reading lateness from it", () => {
    const text = buildSubmission({course: "Backstep", entries: [], student: {name: "Ada\nLovelace", id: "1815"}}, () => "f");
    expect(text).toMatch(/^\/\/ student: Ada Lovelace$/m);
    expect(headerIdentity(text)).toEqual({id: "1815", name: "Ada Lovelace"});
    expect(identify("anything.js", text + "// late: yes\n", null)).toEqual({id: "1815", name: "Ada Lovelace", from: "header"});
  });
});

describe("similarity", () => {
  const a = "function f(x) {\n  const total = x.sum(0);\n  const scaled = total * 2 + 1;\n  const out = scaled / x.shape[0] - total.mean();\n  return [out, scaled, total * 3];\n}";
  it("finds a copy with renamed variables and changed literals, and not an unrelated solution", () => {
    const copy = a.replace(/total/g, "t").replace(/scaled/g, "s").replace("2 + 1", "5 + 9");
    const other = "function f(x) {\n  let acc = 0;\n  for (let i = 0; i < x.size; i++) acc += x.data[i];\n  if (acc > 0) { return [acc]; }\n  while (acc < 0) acc++;\n  return [acc, acc, acc];\n}";
    const pairs = similarPairs([{student: "a", exercise: "e", source: a}, {student: "b", exercise: "e", source: copy}, {student: "c", exercise: "e", source: other}], {starters: {}, minShared: 3});
    expect(pairs.map((p) => [p.a, p.b])).toEqual([["a", "b"]]);
    expect(pairs[0].score).toBe(1);
  });
  it("sets the starter code aside", () => {
    const pairs = similarPairs([{student: "a", exercise: "e", source: a}, {student: "b", exercise: "e", source: a}], {starters: {e: a}, minShared: 1});
    expect(pairs).toEqual([]);
  });
});
