// Formats benchmark results as a markdown table (stdout and bench/results/*.md).
import type {Timing} from "./harness.ts";
import type {Agreement} from "./compare.ts";
import type {Column} from "./workloads.ts";

export interface Row {
  id: string;
  title: string;
  flops?: number;
  note?: string;
  extra?: boolean;
  timings: Partial<Record<Column, Timing>>;
  /** Paired (same-round) ratios. */
  backstepOverHand?: number;
  tfjsOverBackstep?: number;
  agreement: Partial<Record<"backstep" | "tfjs", Agreement>>;
  errors: Partial<Record<Column, string>>;
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return "–";
  if (ms < 0.1) return `${(ms * 1000).toPrecision(3)} µs`;
  return ms < 100 ? ms.toPrecision(3) : ms.toFixed(0);
}

function formatRatio(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return "–";
  return r < 10 ? `${r.toFixed(2)}×` : `${r.toFixed(0)}×`;
}

/** Share of one core the benchmark got while timing; flagged when other processes took a lot. */
export function formatShare(share: number | undefined): string {
  if (share === undefined) return "–";
  const percent = `${Math.round(Math.min(share, 9.99) * 100)} %`;
  return share < 0.85 ? `${percent} ⚠` : percent;
}

function gflops(flops: number | undefined, t: Timing | undefined): string {
  return flops && t ? (flops / (t.median * 1e6)).toFixed(2) : "–";
}

/** The goal from issue 2: Backstep within 2× of the hand loop; ≥ 2.5 GFLOP/s on matmul 512². */
export function goalStatus(row: Row): string {
  const bs = row.timings.backstep;
  if (!bs) return "n/a";
  if (row.extra) return "extra";
  const parts: string[] = [];
  if (row.backstepOverHand !== undefined) parts.push(row.backstepOverHand <= 2 ? "≤2× ✓" : "≤2× ✗");
  if (row.id === "matmul512" && row.flops) parts.push(row.flops / (bs.median * 1e6) >= 2.5 ? "≥2.5 GF ✓" : "≥2.5 GF ✗");
  return parts.join(", ") || "–";
}

function agreementCell(row: Row): string {
  const parts: string[] = [];
  for (const column of ["backstep", "tfjs"] as const) {
    const a = row.agreement[column];
    if (a) parts.push(`${column === "backstep" ? "bs" : "tf"}: ${a.ok ? "" : "**MISMATCH** "}${a.detail.join("; ")}`);
  }
  return parts.join("<br>") || "–";
}

export function formatTable(rows: Row[]): string {
  const lines = [
    "| workload | Backstep ms | tfjs-cpu ms | hand f64 ms | Backstep ÷ hand | tfjs ÷ Backstep | GFLOP/s Backstep / tfjs / hand | goal | CPU share | max abs diff vs hand (max \\|ref\\|) |",
    "|---|---:|---:|---:|---:|---:|---:|---|---:|---|",
  ];
  for (const row of rows) {
    const t = row.timings;
    const cell = (column: Column) => (t[column] ? formatMs(t[column]!.median) : row.errors[column] ? "error" : "–");
    const flops = row.flops ? `${gflops(row.flops, t.backstep)} / ${gflops(row.flops, t.tfjs)} / ${gflops(row.flops, t.hand)}` : "–";
    lines.push(`| ${row.title} | ${cell("backstep")} | ${cell("tfjs")} | ${cell("hand")} | ${formatRatio(row.backstepOverHand)} | ${formatRatio(row.tfjsOverBackstep)} | ${flops} | ${goalStatus(row)} | ${formatShare(Object.values(t)[0]?.cpuShare)} | ${agreementCell(row)} |`);
  }
  return lines.join("\n");
}

/** Notes and errors under the table: what each row runs, and why a column is missing. */
export function formatNotes(rows: Row[]): string {
  const lines: string[] = [
    "- goal: issue 2 asks for Backstep within 2× of the hand loop on every row and ≥ 2.5 GFLOP/s on matmul 512²; \"extra\" rows are context, not goal rows.",
  ];
  for (const row of rows) {
    if (row.note) lines.push(`- ${row.title}: ${row.note}.`);
    for (const [column, error] of Object.entries(row.errors)) lines.push(`- ${row.title}: **${column} did not run**: ${error}`);
  }
  return lines.join("\n");
}

export interface GuardRow {
  title: string;
  plain?: Timing;
  guarded?: Timing;
  /** Paired ratio guarded/plain. */
  ratio?: number;
  error?: string;
}

export function formatGuardTable(rows: GuardRow[]): string {
  const lines = [
    "| loop | unguarded ms | guarded ms | overhead (median of paired) | overhead (best samples) | goal < 10 % | CPU share |",
    "|---|---:|---:|---:|---:|---|---:|",
  ];
  for (const row of rows) {
    if (row.error) {
      lines.push(`| ${row.title} | – | – | – | – | did not run: ${row.error} | – |`);
      continue;
    }
    const overhead = row.ratio !== undefined ? (row.ratio - 1) * 100 : undefined;
    const best = row.plain && row.guarded ? (row.guarded.min / row.plain.min - 1) * 100 : undefined;
    lines.push(`| ${row.title} | ${formatMs(row.plain?.median)} | ${formatMs(row.guarded?.median)} | ${overhead === undefined ? "–" : `${overhead.toFixed(1)} %`} | ${best === undefined ? "–" : `${best.toFixed(1)} %`} | ${overhead === undefined ? "–" : overhead < 10 ? "✓" : "✗"} | ${formatShare(row.plain?.cpuShare)} |`);
  }
  return lines.join("\n");
}
