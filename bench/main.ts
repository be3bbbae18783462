// `npm run bench [-- --quick] [-- --samples N] [-- --skip tfjs] [-- name…]`
// Runs every workload with its three columns interleaved in this one process, prints a markdown
// table and writes it to bench/results/latest.md (quick runs: bench/results/quick.md).
import {writeFileSync, mkdirSync, existsSync} from "node:fs";
import {cpus, loadavg} from "node:os";
import {fileURLToPath} from "node:url";
import {dirname, join} from "node:path";
import {timeInterleaved, pairedRatio, hasGc, type TimingOptions} from "./harness.ts";
import {allWorkloads, columns, type Column, type Workload} from "./workloads.ts";
import {checkAgainstHand} from "./compare.ts";
import {formatTable, formatNotes, formatGuardTable, type Row} from "./report.ts";
import {benchLoopGuard} from "./loop-guard.ts";

interface Options {
  quick: boolean;
  samples?: number;
  skip: Set<Column>;
  filters: string[];
  guard: boolean;
  clock: "wall" | "cpu";
  grade: boolean;
}

const usage = `usage: npm run bench -- [--quick] [--samples N] [--skip tfjs|backstep|hand] [--no-guard] [--no-grade] [--cpu-clock] [name…]
  --cpu-clock  time with process CPU time instead of wall time (for a busy shared machine)
  name…   run only workloads whose id or title contains one of these (e.g. conv softmax matmul512 guard grade)`;

function parseArgs(argv: string[]): Options {
  const options: Options = {quick: false, skip: new Set(), filters: [], guard: true, clock: "wall", grade: true};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--quick") options.quick = true;
    else if (arg === "--samples") options.samples = Number(argv[++i]);
    else if (arg === "--skip") for (const c of (argv[++i] ?? "").split(",")) options.skip.add(c as Column);
    else if (arg === "--no-guard") options.guard = false;
    else if (arg === "--no-grade") options.grade = false;
    else if (arg === "--cpu-clock") options.clock = "cpu";
    else if (arg === "--help" || arg === "-h") {
      console.log(usage);
      process.exit(0);
    } else if (arg.startsWith("-")) {
      console.error(`bench: unknown option ${arg}\n${usage}`);
      process.exit(2);
    } else options.filters.push(arg.toLowerCase());
  }
  if (options.samples !== undefined && !(options.samples >= 1)) {
    console.error(`bench: --samples needs a positive number`);
    process.exit(2);
  }
  return options;
}

function selected(w: {id: string; title: string}, filters: string[]): boolean {
  return filters.length === 0 || filters.some((f) => w.id.toLowerCase().includes(f) || w.title.toLowerCase().includes(f));
}

async function runWorkload(workload: Workload, timing: TimingOptions, skip: Set<Column>): Promise<Row> {
  const {steps, errors} = await workload.prepare();
  for (const column of skip) steps[column] = null;
  const row: Row = {id: workload.id, title: workload.title, flops: workload.flops, note: workload.note, extra: workload.extra, timings: {}, agreement: {}, errors};

  row.agreement = checkAgainstHand(steps);

  const impls = columns.filter((c) => steps[c]).map((c) => ({name: c, fn: steps[c]!.run}));
  const timings = timeInterleaved(impls, timing);
  for (const column of columns) {
    const t = timings.get(column);
    if (t) row.timings[column] = t;
  }
  const {backstep, tfjs, hand} = row.timings;
  if (backstep && hand) row.backstepOverHand = pairedRatio(backstep, hand);
  if (tfjs && backstep) row.tfjsOverBackstep = pairedRatio(tfjs, backstep);
  for (const column of columns) steps[column]?.dispose?.();
  return row;
}

/**
 * Batch-grading throughput from bench/grade.ts (the sandbox engineer's file): benchGrade() grades
 * generated submissions through the real sandbox pool; formatGradeBench() renders its table.
 */
async function runGradeBench(quick: boolean): Promise<string | null> {
  const file = join(dirname(fileURLToPath(import.meta.url)), "grade.ts");
  if (!existsSync(file)) return null;
  const module = (await import(new URL("./grade.ts", import.meta.url).href)) as {
    benchGrade?: (options: {count?: number; jobs?: number; scale?: number}) => Promise<unknown>;
    formatGradeBench?: (result: never) => string;
  };
  if (typeof module.benchGrade !== "function" || typeof module.formatGradeBench !== "function") {
    return "bench/grade.ts does not export benchGrade() and formatGradeBench(); skipped.";
  }
  try {
    const result = await module.benchGrade({count: quick ? 40 : 1000, jobs: 2, scale: quick ? 200 : 10_000});
    return module.formatGradeBench(result as never);
  } catch (error) {
    return `Batch grading did not run: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
  }
}

function describeMachine(options: Options, timing: TimingOptions, loadAtStart: number[]): string {
  const cpu = cpus()[0];
  return [
    `Machine: ${cpu?.model ?? "unknown CPU"}, ${cpus().length} logical CPUs, load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(" ")}; Node ${process.version}; tfjs-core + tfjs-backend-cpu 4.22 (float32).`,
    `Method: per workload, all columns in this one process; warm-up ≥${timing.warmupMs} ms, calls per sample calibrated to ~${timing.sampleMs} ms, ${timing.samples} samples per column taken in alternating order (ABC, CBA, …)${hasGc() ? ", full GC before each sample (outside the timing)" : " (run with node --expose-gc for a GC before each sample)"}. Times are medians in ms per call (${timing.clock === "cpu" ? "process CPU time, --cpu-clock" : "wall clock"}); ratios are medians of same-round ratios; "CPU share" is process CPU time ÷ wall time while timing (⚠ below 85 %: other processes took the core, numbers are noisy). ${options.quick ? "**Quick run: few samples, numbers are rough.**" : ""}`,
    "Each call allocates its outputs. Backstep builds the graph from leaves that require grad, calls backward(dout) and reads every gradient; tfjs runs tf.valueAndGrads in tf.tidy and reads every output with dataSync(). Every column is checked against the hand loop before timing (float64 columns to 1e-9 of max|ref|, tfjs to 1e-4 for float32).",
  ].join("\n\n");
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const timing: TimingOptions = options.quick
    ? {samples: options.samples ?? 3, sampleMs: 20, warmupMs: 30, clock: options.clock}
    : {samples: options.samples ?? 7, sampleMs: 80, warmupMs: 300, clock: options.clock};
  const started = performance.now();
  const loadAtStart = loadavg();
  const workloads = allWorkloads().filter((w) => selected(w, options.filters));

  const rows: Row[] = [];
  for (const workload of workloads) {
    process.stderr.write(`bench: ${workload.title} …\n`);
    const row = await runWorkload(workload, timing, options.skip);
    rows.push(row);
    console.log(formatTable([row]).split("\n").slice(2).join("\n"));
  }

  let guardTable = "";
  if (options.guard && selected({id: "guard", title: "loop guard overhead"}, options.filters)) {
    process.stderr.write("bench: loop guard overhead …\n");
    guardTable = formatGuardTable(await benchLoopGuard(timing));
  }
  let grade: string | null = null;
  if (options.grade && (options.filters.length === 0 || options.filters.some((f) => "grade grading".includes(f)))) {
    process.stderr.write("bench: batch grading (bench/grade.ts) …\n");
    grade = await runGradeBench(options.quick);
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  const sections = [
    `# Backstep benchmark (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${seconds} s)`,
    describeMachine(options, timing, loadAtStart) + ` Load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}.`,
  ];
  if (rows.length) sections.push(formatTable(rows), formatNotes(rows));
  if (guardTable) sections.push("## Loop-guard overhead (compiled cell code, guarded vs unguarded)", guardTable);
  if (grade) sections.push(grade.startsWith("#") ? grade : `## Batch grading\n\n${grade}`);
  const markdown = sections.filter(Boolean).join("\n\n") + "\n";

  console.log("\n" + markdown);
  // Only a full run replaces latest.md (the table the README quotes).
  const name = options.quick ? "quick.md" : options.filters.length || options.skip.size || !options.guard || !options.grade ? "partial.md" : "latest.md";
  const out = join(dirname(fileURLToPath(import.meta.url)), "results", name);
  mkdirSync(dirname(out), {recursive: true});
  writeFileSync(out, markdown);
  process.stderr.write(`bench: wrote ${out}\n`);
}

await main();
