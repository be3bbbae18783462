// The graph of an exercise's forward pass (content/exercises/*.ts) after the reference backward:
// what the exercise report draws its verdicts on, and what `backstep graph <exercise>` emits.
import type {ExerciseDef, Runtime, TrialDef} from "../grader/index.ts";
import {runForward} from "../grader/index.ts";
import {collectGraph, type CollectOptions} from "./collect.ts";
import type {GraphModel} from "./model.ts";

export interface ExerciseGraphOptions extends CollectOptions {
  /** Trial whose config and seed shape the inputs; default the first (the one a report shows first). */
  trial?: string | TrialDef;
  /** Overrides the trial's seed (a final grade's fresh seed). */
  seed?: number;
}

export function exerciseGraph(def: ExerciseDef, rt: Runtime, options: ExerciseGraphOptions = {}): GraphModel {
  const trial =
    typeof options.trial === "object"
      ? options.trial
      : options.trial === undefined
        ? def.trials[0]
        : def.trials.find((t) => t.name === options.trial);
  if (!trial) {
    throw new Error(`graph: exercise ${def.id} has no trial '${String(options.trial)}' (trials: ${def.trials.map((t) => t.name).join(", ")})`);
  }
  const {inputs, out} = runForward(def, trial.config, options.seed ?? trial.seed, rt);
  out.backward(inputs.dout === undefined ? undefined : inputs.dout);
  return collectGraph(out, options);
}
