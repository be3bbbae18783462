// The Worker that grades learner code off the page's thread: a hang or a crash here can never freeze
// the page (the page terminates this Worker on timeout). A fresh Worker per check, so a learner who
// patches the runtime cannot affect the next check.
import {np, nn} from "../../tensor/index.ts";
import {getExercise} from "../../../content/exercises/index.ts";
import {gradeSource, isUntouched, prepareTrials, type GradeReport} from "../../grader/index.ts";
import type {GraphModel} from "../../graph/model.ts";
import {trialGraph} from "./graph-data.ts";

export interface CheckRequest {
  exercise: string;
  source: string;
  /** The cell's starter (source untouched → "not attempted"). */
  starter: string;
  /** Loop limit per trial (ms). */
  limitMs: number;
}

/** `graph`: the forward graph of the report's shown trial, without gradients (absent if it failed). */
export type CheckResponse = {ok: true; report: GradeReport; graph?: GraphModel} | {ok: false; message: string};

const scope = self as unknown as {onmessage: ((e: MessageEvent<CheckRequest>) => void) | null; postMessage(m: CheckResponse | {ready: true}): void};

scope.onmessage = (event) => {
  const {exercise, source, starter, limitMs} = event.data;
  let response: CheckResponse;
  try {
    const def = getExercise(exercise);
    if (!def) throw new Error(`unknown exercise '${exercise}'`);
    const rt = {np, nn};
    // References first (trusted code, before the learner's code shares this realm); each trial's
    // forward runs once, for the references and for the report's graph.
    const untouched = isUntouched({...def, starter}, source);
    const prepared = untouched ? [] : prepareTrials(def, rt);
    const graphs = new Map(prepared.map((t) => [t.name, trialGraph(t)]));
    // The learner's console.log goes into the report (capped), not into the Worker's invisible console.
    const report = gradeSource(def, source, rt, {starter, limitMs, prepared: untouched ? undefined : prepared});
    const graph = graphs.get(report.shownTrial);
    response = graph ? {ok: true, report, graph} : {ok: true, report};
  } catch (error) {
    response = {ok: false, message: error instanceof Error ? error.message : String(error)};
  }
  scope.postMessage(response);
};

// Loaded (all imports resolved): the page starts the time limit now.
scope.postMessage({ready: true});
