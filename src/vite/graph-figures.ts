// Draws ```graph <exercise-id>``` figures at build time: the exercise's forward graph on its first trial's
// inputs, as static SVG inlined in the page (it shows without JavaScript). Reference gradients are the
// exercise's answers, so they are drawn only when the author asks (```graph <id> gradients```).
import {exercises} from "../../content/exercises/index.ts";
import {exerciseGraph} from "../graph/exercise.ts";
import {renderGraphSVG} from "../graph/svg.ts";
import type {ExerciseDef} from "../grader/index.ts";
import type {GraphFigure} from "../notebook/types.ts";
import {nn, np} from "../tensor/index.ts";

/** A renderGraph for compileNotebook over an exercise registry (default: content/exercises). */
export function createGraphRenderer(registry: Record<string, ExerciseDef> = exercises): (figure: GraphFigure) => string {
  // Definitions and seeds are fixed, so a drawing never changes while the registry is loaded.
  const drawn = new Map<string, string>();
  return (figure) => {
    const key = `${figure.exercise}\n${figure.gradients}`;
    let svg = drawn.get(key);
    if (svg === undefined) {
      svg = drawExerciseGraph(figure, registry);
      drawn.set(key, svg);
    }
    return svg;
  };
}

function drawExerciseGraph({exercise, gradients}: GraphFigure, registry: Record<string, ExerciseDef>): string {
  const def = Object.hasOwn(registry, exercise) ? registry[exercise] : undefined;
  if (!def) throw new Error(`unknown exercise '${exercise}' (known: ${Object.keys(registry).sort().join(", ")})`);
  return renderGraphSVG(exerciseGraph(def, {np, nn}), {gradients, title: `Computation graph of ${exercise}'s forward pass`});
}
