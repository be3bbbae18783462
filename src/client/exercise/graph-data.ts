// The forward graphs a report draws its verdicts on, built in the check Worker *before* the learner's
// code runs (so a learner who patches the runtime cannot change them) and posted as plain data.
// The reference gradients are the answers: they are dropped here, so they never reach the page.
import {exerciseGraph} from "../../graph/exercise.ts";
import type {GraphModel} from "../../graph/model.ts";
import type {ExerciseDef, Runtime} from "../../grader/types.ts";

/**
 * Graph per practice trial name. Hidden trials (details not shown in practice) and a trial whose
 * forward fails are left out; the report then shows without a graph.
 */
export function buildTrialGraphs(def: ExerciseDef, rt: Runtime): Record<string, GraphModel> {
  const graphs: Record<string, GraphModel> = {};
  for (const trial of def.trials) {
    if (trial.hidden) continue;
    try {
      graphs[trial.name] = withoutGradients(exerciseGraph(def, rt, {trial}));
    } catch {
      // The graph is an extra; grading reports its own errors.
    }
  }
  return graphs;
}

/** A copy of the model with no gradient on any node or edge (forward values and shapes stay). */
export function withoutGradients(model: GraphModel): GraphModel {
  return {
    output: model.output,
    nodes: model.nodes.map(({grad: _grad, ...node}) => node),
    edges: model.edges.map(({grad: _grad, ...edge}) => edge)
  };
}
