// Number and tensor text for labels, tables and summaries.
import type {TensorSummary} from "./model.ts";
import {formatShape} from "./model.ts";

/** Short number: 4 significant digits, exponent only when tiny or huge ("1e-05", "-0.4213"). */
export function formatNumber(v: number, digits = 4): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return stripZeros(v.toPrecision(digits));
  const [m, e] = v.toExponential(Math.max(0, digits - 2)).split("e");
  return `${stripZeros(m)}e${e[0] === "-" ? "-" : "+"}${e.replace(/^[+-]/, "").padStart(2, "0")}`;
}

function stripZeros(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

/** One line about a tensor: the number for a scalar, else shape and statistics. */
export function summaryLine(s: TensorSummary): string {
  if (s.values && s.values.length === 1) return formatNumber(s.values[0]);
  return `${formatShape(s.shape)} min ${formatNumber(s.min, 3)} max ${formatNumber(s.max, 3)} mean ${formatNumber(s.mean, 3)}`;
}

/** Edge-sized gradient text: the number for a scalar, the norm for a tensor. */
export function shortGrad(s: TensorSummary): string {
  if (s.values && s.values.length === 1) return formatNumber(s.values[0], 3);
  return `‖∇‖ ${formatNumber(s.norm, 3)}`;
}

/** A tensor's values as rows of cells (2-D view: leading dims flattened), or null when too big. */
export function tableRows(s: TensorSummary, maxCells = 64): string[][] | null {
  if (!s.values || s.values.length > maxCells) return null;
  const cols = s.shape.length === 0 ? 1 : s.shape[s.shape.length - 1];
  const rows: string[][] = [];
  for (let i = 0; i < s.values.length; i += Math.max(cols, 1)) {
    rows.push(s.values.slice(i, i + cols).map((v) => formatNumber(v)));
  }
  return rows;
}
