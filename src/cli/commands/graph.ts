// `backstep graph`: writes the computation graph of an exercise's forward pass, or of a module's
// exported tensor, as a standalone SVG (values black, gradients red).
import {writeFileSync} from "node:fs";
import {resolve} from "node:path";
import {pathToFileURL} from "node:url";
import type {Command} from "../commands.ts";
import {np, nn} from "../../tensor/index.ts";
import {exercises} from "../../../content/exercises/index.ts";
import {exerciseGraph} from "../../graph/exercise.ts";
import {collectGraph} from "../../graph/collect.ts";
import {renderGraphSVG} from "../../graph/svg.ts";
import {isTensorLike} from "../../graph/tensor-like.ts";
import type {GraphModel} from "../../graph/model.ts";

const USAGE = `Usage: backstep graph EXERCISE|MODULE [--out FILE.svg] [--trial NAME] [--collapse] [--no-gradients]

Draws a computation graph as SVG (stdout, or --out FILE).
  EXERCISE   an exercise id (content/exercises/index.ts): its forward pass on a trial's inputs,
             after the reference backward, so every edge carries its gradient.
  MODULE     a .js/.ts file whose default export is a Tensor or a function returning one
             (call backward() in it to draw gradients).
Options: --trial NAME (exercise trial, default the first), --collapse (layers as boxes),
         --no-gradients (forward only).
`;

export const graph: Command = {
  summary: "draw an exercise's (or a module's) computation graph as SVG",
  async run(args) {
    let out: string | null = null;
    let trial: string | undefined;
    let collapse = false;
    let gradients = true;
    let target: string | null = null;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === "--help" || a === "-h") return void process.stdout.write(USAGE), 0;
      if (a === "--out" || a === "-o") out = args[++i] ?? null;
      else if (a === "--trial") trial = args[++i];
      else if (a === "--collapse") collapse = true;
      else if (a === "--no-gradients") gradients = false;
      else if (a.startsWith("-")) return usageError(`unknown option '${a}'`);
      else if (target === null) target = a;
      else return usageError(`unexpected argument '${a}'`);
    }
    if (target === null) return usageError("give an exercise id or a module path");
    let model: GraphModel;
    try {
      model = await loadModel(target, trial);
    } catch (error) {
      process.stderr.write(`backstep graph: ${(error as Error).message}\n`);
      return 1;
    }
    const svg = renderGraphSVG(model, {collapse: collapse || undefined, gradients, title: `Computation graph: ${target}`});
    if (out) writeFileSync(out, svg + "\n");
    else process.stdout.write(svg + "\n");
    return 0;
  }
};

function usageError(message: string): number {
  process.stderr.write(`backstep graph: ${message}\n\n${USAGE}`);
  return 2;
}

async function loadModel(target: string, trial: string | undefined): Promise<GraphModel> {
  const def = exercises[target];
  if (def) return exerciseGraph(def, {np, nn}, {trial});
  if (!/\.(m?[jt]s)$/.test(target)) {
    throw new Error(`'${target}' is neither an exercise (${Object.keys(exercises).join(", ")}) nor a .js/.ts module`);
  }
  const mod = await import(pathToFileURL(resolve(target)).href);
  let value = mod.default;
  if (typeof value === "function") value = await value({np, nn});
  if (!isTensorLike(value)) throw new Error(`${target}: the default export must be a Tensor or a function returning one`);
  return collectGraph(value);
}
