// Test helpers: compile a learner source with the real compiler and grade it with the real runtime.
import {np, nn} from "../../../src/tensor/index.ts";
import {compileLearner} from "../../../src/grader/index.ts";
import {gradeExercise, type GradeReport} from "../../../src/grader/index.ts";
import {exercises} from "../../../content/exercises/index.ts";

export const rt = {np, nn};

export function grade(id: string, source: string, options: {mode?: "practice" | "final"; seeds?: number[]; limitMs?: number} = {}): GradeReport {
  const def = exercises[id];
  if (!def) throw new Error(`no exercise ${id}`);
  const compiled = compileLearner(def, source, rt, {limitMs: options.limitMs});
  if (!compiled.ok) throw new Error(`compile failed: ${compiled.error.message} (line ${compiled.error.line})`);
  return gradeExercise(def, (args) => compiled.learner.call(args), {rt, source, mode: options.mode, seeds: options.seeds});
}

/** Replaces `from` by `to` in `source`; fails loudly if `from` is not there (a mutant must differ). */
export function mutate(source: string, from: string, to: string): string {
  if (!source.includes(from)) throw new Error(`mutate: '${from}' not found`);
  return source.replace(from, to);
}

export function diagnosisIds(report: GradeReport): string[] {
  return report.diagnoses.map((d) => d.id);
}
