// `node bin/run-ts.js bench/breakdown.ts <workload-id> [seconds]`
// Where the Backstep column's time goes: forward time per op call (np/nn functions and Tensor
// methods, outermost call only) and backward time per node op (each node's backward rule), plus the
// rest of backward() (graph walk, gradient accumulation). Instruments by wrapping functions, so
// totals run a little slower than in `npm run bench`; use it for shares, not absolute speed.
import {allWorkloads} from "./workloads.ts";

interface Node {
  op: string;
  backwardFn: (g: unknown) => unknown;
}
interface TensorLike {
  node: Node | null;
}
interface Runtime {
  Tensor: {prototype: Record<string, unknown>};
  np: Record<string, unknown>;
  nn: Record<string, unknown>;
}

const [id, seconds = "3"] = process.argv.slice(2);
const workload = allWorkloads().find((w) => w.id === id);
if (!workload) {
  console.error(`breakdown: unknown workload '${id}'; one of ${allWorkloads().map((w) => w.id).join(", ")}`);
  process.exit(2);
}

const rt = (await import(new URL("../src/tensor/index.ts", import.meta.url).href)) as unknown as Runtime;
const forward = new Map<string, {ms: number; calls: number}>();
const backwardRules = new Map<string, {ms: number; calls: number}>();
let backwardTotal = 0;
let depth = 0;

function add(map: Map<string, {ms: number; calls: number}>, key: string, ms: number): void {
  const entry = map.get(key) ?? {ms: 0, calls: 0};
  entry.ms += ms;
  entry.calls++;
  map.set(key, entry);
}

/** Wraps owner[name] so its outermost calls are timed under `label`. */
function wrap(owner: Record<string, unknown>, name: string, label: string): void {
  const original = owner[name];
  if (typeof original !== "function" || name === "constructor") return;
  const wrapper = function (this: unknown, ...args: unknown[]) {
    if (depth > 0) return original.apply(this, args);
    depth++;
    const t0 = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      add(forward, label, performance.now() - t0);
      depth--;
    }
  };
  owner[name] = Object.assign(wrapper, original); // keeps np.add.at and friends
}

/** Collects every node reachable from `root` (inputs of inputs…). */
function nodesOf(root: TensorLike): Node[] {
  const seen = new Set<Node>();
  const stack: TensorLike[] = [root];
  while (stack.length) {
    const t = stack.pop()!;
    const node = t.node;
    if (!node || seen.has(node)) continue;
    seen.add(node);
    for (const input of (node as unknown as {inputs: TensorLike[]}).inputs) stack.push(input);
  }
  return [...seen];
}

const proto = rt.Tensor.prototype;
const originalBackward = proto.backward as (this: TensorLike, dout?: unknown) => void;
for (const name of Object.getOwnPropertyNames(proto)) {
  const descriptor = Object.getOwnPropertyDescriptor(proto, name);
  if (descriptor && typeof descriptor.value === "function" && !["backward", "isContiguous", "values", "item"].includes(name)) wrap(proto, name, `x.${name}`);
}
for (const name of Object.keys(rt.np)) wrap(rt.np, name, `np.${name}`);
for (const name of Object.keys(rt.nn)) wrap(rt.nn, name, `nn.${name}`);
proto.backward = function (this: TensorLike, dout?: unknown) {
  for (const node of nodesOf(this)) {
    const rule = node.backwardFn;
    node.backwardFn = (g) => {
      const t0 = performance.now();
      try {
        return rule(g);
      } finally {
        add(backwardRules, node.op, performance.now() - t0);
      }
    };
  }
  const t0 = performance.now();
  originalBackward.call(this, dout);
  backwardTotal += performance.now() - t0;
};

const {steps, errors} = await workload.prepare();
if (!steps.backstep) {
  console.error(`breakdown: Backstep column did not run: ${errors.backstep}`);
  process.exit(1);
}
// Warm up, then measure from a clean slate.
const warmEnd = performance.now() + 500;
while (performance.now() < warmEnd) steps.backstep.run();
forward.clear();
backwardRules.clear();
backwardTotal = 0;
let calls = 0;
const t0 = performance.now();
const end = t0 + Number(seconds) * 1000;
while (performance.now() < end) {
  steps.backstep.run();
  calls++;
}
const total = (performance.now() - t0) / calls;

const rows = (map: Map<string, {ms: number; calls: number}>) =>
  [...map].sort((a, b) => b[1].ms - a[1].ms).map(([key, v]) => `| ${key} | ${(v.calls / calls).toFixed(0)} | ${((v.ms / calls) * 1000).toFixed(1)} | ${((100 * v.ms) / calls / total).toFixed(0)} % |`);
const forwardSum = [...forward.values()].reduce((s, v) => s + v.ms, 0) / calls;
const ruleSum = [...backwardRules.values()].reduce((s, v) => s + v.ms, 0) / calls;
console.log(`## ${workload.title}: Backstep breakdown (${calls} calls, ${(total * 1000).toFixed(0)} µs per call instrumented)\n`);
console.log("| part | calls per step | µs per step | share |\n|---|---:|---:|---:|");
console.log(rows(forward).map((r) => r.replace("| ", "| forward ")).join("\n"));
console.log(rows(backwardRules).map((r) => r.replace("| ", "| backward rule ")).join("\n"));
console.log(`| backward(): graph walk + gradient accumulation | 1 | ${((backwardTotal / calls - ruleSum) * 1000).toFixed(1)} | ${((100 * (backwardTotal / calls - ruleSum)) / total).toFixed(0)} % |`);
console.log(`| outside ops (step setup, reading grads) | – | ${((total - forwardSum - backwardTotal / calls) * 1000).toFixed(1)} | ${((100 * (total - forwardSum - backwardTotal / calls)) / total).toFixed(0)} % |`);
