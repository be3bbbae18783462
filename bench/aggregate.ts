// `node bin/run-ts.js bench/aggregate.ts bench/results/run1.md run2.md …`
// Combines the workload tables of several full `npm run bench` outputs (separate processes, possibly
// minutes apart) into one table: per row the median over runs of each column, and the range of the
// ratios. One run on a shared machine can be off by 2×; the spread across runs shows how far.
import {readFileSync} from "node:fs";
import {median} from "./harness.ts";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node bin/run-ts.js bench/aggregate.ts RESULT.md…");
  process.exit(2);
}

/** Parses a duration cell ("0.986", "29.1 µs", "1214") into ms; NaN for "–" or "error". */
function parseMs(cell: string): number {
  const m = /^([\d.]+)\s*(µs)?$/.exec(cell.trim());
  if (!m) return NaN;
  return Number(m[1]) / (m[2] ? 1000 : 1);
}

function parseRatio(cell: string): number {
  const m = /^([\d.]+)×$/.exec(cell.trim());
  return m ? Number(m[1]) : NaN;
}

interface RunRow {
  bs: number; tf: number; hand: number; bsHand: number; tfBs: number; flops: string; goal: string;
}

const rows = new Map<string, RunRow[]>();
for (const file of files) {
  const lines = readFileSync(file, "utf8").split("\n");
  const header = lines.findIndex((l) => l.startsWith("| workload |"));
  if (header < 0) throw new Error(`${file}: no workload table`);
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith("|")) break;
    const cells = line.split(" | ").map((c) => c.replace(/^\| ?| ?\|$/g, ""));
    const [title, bs, tf, hand, bsHand, tfBs, flops, goal] = cells;
    const list = rows.get(title) ?? [];
    list.push({bs: parseMs(bs), tf: parseMs(tf), hand: parseMs(hand), bsHand: parseRatio(bsHand), tfBs: parseRatio(tfBs), flops, goal});
    rows.set(title, list);
  }
}

const fmtMs = (ms: number) => (Number.isNaN(ms) ? "–" : ms < 0.1 ? `${(ms * 1000).toPrecision(3)} µs` : ms < 100 ? ms.toPrecision(3) : ms.toFixed(0));
const fmtRatio = (values: number[]) => {
  const ok = values.filter((v) => !Number.isNaN(v));
  if (ok.length === 0) return "–";
  const f = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(0));
  return `${f(median(ok))}× (${f(Math.min(...ok))}–${f(Math.max(...ok))})`;
};
const med = (values: number[]) => {
  const ok = values.filter((v) => !Number.isNaN(v));
  return ok.length ? median(ok) : NaN;
};

console.log(`Median over ${files.length} runs (range of the per-run paired ratios in parentheses).\n`);
console.log("| workload | Backstep ms | tfjs-cpu ms | hand f64 ms | Backstep ÷ hand | tfjs ÷ Backstep | goal met in runs |");
console.log("|---|---:|---:|---:|---:|---:|---|");
for (const [title, list] of rows) {
  const goals = list.map((r) => r.goal);
  const met = goals.every((g) => g === "extra") ? "extra" : `${goals.filter((g) => g.includes("✓") && !g.includes("✗")).length}/${goals.length}`;
  console.log(`| ${title} | ${fmtMs(med(list.map((r) => r.bs)))} | ${fmtMs(med(list.map((r) => r.tf)))} | ${fmtMs(med(list.map((r) => r.hand)))} | ${fmtRatio(list.map((r) => r.bsHand))} | ${fmtRatio(list.map((r) => r.tfBs))} | ${met} |`);
}
