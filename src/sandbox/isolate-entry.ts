// Runs INSIDE the isolate (bundled by esbuild into one script, see bundle.ts). It installs the tensor
// library and the learner scope (operators, loop guard, step observer, capped console) as globals,
// exposes the one learner call (src/grader/learner.ts, the same code the page's Worker runs), then
// freezes every intrinsic and the library so a submission cannot patch what other code relies on.
// Only the glue that moves values across the isolate boundary lives here. No Node APIs: the isolate has none.
import {np, nn} from "../tensor/index.ts";
import {callLearner, createLearnerScope, type CallSpec, type PlainValue} from "../grader/realm.ts";
import {freezeRealm} from "./freeze.ts";

const g = globalThis as Record<string, unknown>;
const rt = {np, nn};

// Compiled submissions refer to the learner scope's names (np, nn, Tensor, console, the compiler's
// helpers) as globals — the same names the page's Worker passes in; line numbers are the file's own.
const scope = createLearnerScope(rt, {place: {sourceName: "submission.js", lineOffset: 0}});
for (const [name, value] of Object.entries(scope.globals)) g[name] = value;
// The guard itself stays out of reach (everything reachable is frozen below, and configure() sets its limit).
g.__guard = () => scope.guard();

/** Per exercise, before the module loads: the loop-guard limit per trial and the console cap. */
function configure(limitMs: number, logLimit: number): void {
  scope.guard.limitMs = limitMs;
  scope.capture.setLimit(logLimit);
}

function call(fn: unknown, args: PlainValue[], spec: CallSpec) {
  return callLearner(fn, args, spec, scope, rt);
}

// The learner's module ends with `__backstep.loaded(nonce)`: a module whose top-level code awaits
// forever never reaches it, which the host reports instead of grading a half-loaded module.
let loadedNonce = -1;
const loaded = (n: number) => {
  loadedNonce = n;
};
const isLoaded = (n: number) => loadedNonce === n;

g.__backstep = {call, configure, loaded, isLoaded};
freezeRealm(g);
