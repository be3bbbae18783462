// The forward graphs a report draws its verdicts on, built in the check Worker *before* the learner's
// code runs (so a learner who patches the runtime cannot change them) and posted as plain data.
// The reference gradients are the answers: they are dropped here, so they never reach the page.
import {collectGraph} from "../../graph/collect.ts";
import type {GraphModel} from "../../graph/model.ts";
import type {PreparedTrial} from "../../grader/index.ts";

/**
 * The forward graph of one prepared trial (its reference forward, run once for grading too), or null
 * for a hidden trial (details not shown in practice) or a graph that cannot be drawn.
 */
export function trialGraph(trial: PreparedTrial): GraphModel | null {
  if (trial.hidden) return null;
  try {
    return withoutGradients(collectGraph(trial.forward));
  } catch {
    return null; // The graph is an extra; grading reports its own errors.
  }
}

/** A copy of the model with no gradient on any node or edge (forward values and shapes stay). */
export function withoutGradients(model: GraphModel): GraphModel {
  return {
    output: model.output,
    nodes: model.nodes.map(({grad: _grad, ...node}) => node),
    edges: model.edges.map(({grad: _grad, ...edge}) => edge)
  };
}
