// numpy-style repr: `array([[1. , 2.5],\n       [3. , 4. ]])` with numpy's float modes,
// line wrapping at 75 columns and "..." summarisation above 1000 elements.
import type {Tensor} from "./tensor.ts";

const PRECISION = 8, LINE_WIDTH = 75, THRESHOLD = 1000, EDGE = 3;

interface Formatter { (v: number): string }

/** Chooses fixed or scientific notation for all elements and pads them to one width, as numpy does. */
function makeFormatter(values: ArrayLike<number>): Formatter {
  let maxAbs = 0, minAbs = Infinity, anyFinite = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    anyFinite = true;
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
    if (a !== 0 && a < minAbs) minAbs = a;
  }
  const sci = anyFinite && maxAbs !== 0 && (maxAbs >= 1e8 || minAbs < 1e-4 || maxAbs / minAbs > 1e3);
  const parts: [string, string][] = [];
  let intW = 0, fracW = 0, expW = 0;
  const finite = (v: number): [string, string] => {
    if (sci) {
      const [m, e] = trimExp(v);
      return [m, e];
    }
    const s = trimFixed(v);
    const dot = s.indexOf(".");
    return [s.slice(0, dot), s.slice(dot + 1)];
  };
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const p = finite(v);
    parts.push(p);
    if (sci) {
      const dot = p[0].indexOf(".");
      intW = Math.max(intW, dot);
      fracW = Math.max(fracW, p[0].length - dot - 1);
      expW = Math.max(expW, p[1].length);
    } else {
      intW = Math.max(intW, p[0].length);
      fracW = Math.max(fracW, p[1].length);
    }
  }
  const special = (v: number) => (v !== v ? "nan" : v > 0 ? "inf" : "-inf");
  let width = parts.length ? (sci ? intW + 1 + fracW + 1 + expW : intW + 1 + fracW) : 0;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) width = Math.max(width, special(values[i]).length);
  return (v: number) => {
    if (!Number.isFinite(v)) return special(v).padStart(width);
    return formatFinite(v).padStart(width);
  };
  function formatFinite(v: number): string {
    const p = finite(v);
    if (sci) {
      const dot = p[0].indexOf(".");
      const mant = p[0].slice(0, dot).padStart(intW) + "." + p[0].slice(dot + 1).padEnd(fracW, "0");
      const sign = p[1][0], digits = p[1].slice(1).padStart(Math.max(expW - 1, 2), "0");
      return `${mant}e${sign}${digits}`;
    }
    return p[0].padStart(intW) + "." + p[1].padEnd(fracW);
  }
}

/** Up to PRECISION fractional digits, shortest round-trip form. */
function trimFixed(v: number): string {
  let s = String(v);
  if (/e/i.test(s) || fracDigits(s) > PRECISION) s = v.toFixed(PRECISION).replace(/0+$/, "");
  if (!s.includes(".")) s += ".";
  if (Object.is(v, -0)) s = "-0.";
  return s;
}

function fracDigits(s: string): number {
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** Mantissa (with ".") and signed exponent, e.g. ["1.5", "-05"]. */
function trimExp(v: number): [string, string] {
  let s = v.toExponential();
  let [m, e] = s.split("e");
  if (m.replace(/^-/, "").replace(".", "").length > PRECISION + 1) {
    s = v.toExponential(PRECISION);
    [m, e] = s.split("e");
    m = m.replace(/0+$/, "");
  }
  if (!m.includes(".")) m += ".";
  const sign = e[0] === "-" ? "-" : "+";
  return [m, sign + e.replace(/^[+-]/, "").padStart(2, "0")];
}

export function formatTensor(t: Tensor): string {
  const values = t.values();
  const summarize = values.length > THRESHOLD;
  const fmt = makeFormatter(summarize ? edgeValues(t, values) : values);
  if (t.ndim === 0) return `array(${fmt(values[0]).trim()})`;
  // numpy spells out empty arrays: `array([], shape=(2, 0), dtype=float64)`.
  if (values.length === 0) return t.ndim === 1 ? "array([], dtype=float64)" : `array([], shape=(${t.shape.join(", ")}), dtype=float64)`;
  const prefix = "array(";
  const body = formatAxis(t, values, 0, 0, fmt, " ".repeat(prefix.length), summarize);
  return `${prefix}${body})`;
}

function edgeValues(t: Tensor, values: Float64Array): number[] {
  // The elements that will be shown (first/last EDGE along every axis) decide the format.
  const out: number[] = [];
  const strides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const walk = (d: number, base: number): void => {
    if (d === t.ndim) { out.push(values[base]); return; }
    for (const i of shownIndices(t.shape[d], true)) if (i >= 0) walk(d + 1, base + i * strides[d]);
  };
  walk(0, 0);
  return out;
}

function shownIndices(n: number, summarize: boolean): number[] {
  if (!summarize || n <= 2 * EDGE) return [...Array(n).keys()];
  return [0, 1, 2, -1, n - 3, n - 2, n - 1];
}

function formatAxis(t: Tensor, values: Float64Array, d: number, base: number, fmt: Formatter, indent: string, summarize: boolean): string {
  const n = t.shape[d];
  const stride = t.shape.slice(d + 1).reduce((a, b) => a * b, 1);
  const inner = indent + " ";
  if (d === t.ndim - 1) {
    const items = shownIndices(n, summarize).map((i) => (i < 0 ? "..." : fmt(values[base + i])));
    // Wrap at LINE_WIDTH like numpy: continuation lines align under the first element.
    const lines: string[] = [];
    let line = "";
    for (let k = 0; k < items.length; k++) {
      const piece = items[k] + (k < items.length - 1 ? "," : "");
      if (line && inner.length + line.length + 1 + piece.length > LINE_WIDTH) {
        lines.push(line);
        line = piece;
      } else line = line ? `${line} ${piece}` : piece;
    }
    lines.push(line);
    return "[" + lines.join("\n" + inner) + "]";
  }
  const sep = "," + "\n".repeat(t.ndim - d - 1) + inner;
  const rows = shownIndices(n, summarize).map((i) => (i < 0 ? "..." : formatAxis(t, values, d + 1, base + i * stride, fmt, inner, summarize)));
  return "[" + rows.join(sep) + "]";
}
