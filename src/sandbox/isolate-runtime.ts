// The library as the isolate sees it: the tensor runtime and nn installed as globals (the learner
// scope's names are added by isolate-entry.ts). Bundled into the isolate script; no Node APIs.
import {Tensor, np, nn} from "../tensor/index.ts";

export function installRuntime(global: Record<string, unknown>): void {
  global.np = np;
  global.nn = nn;
  global.Tensor = Tensor;
}
