// Tensor display: a readable table when small, a summary (min/max/mean) with a canvas heat-map when large.
// Reads the Tensor contract fields (data, shape, strides, offset) directly so it needs no tensor import
// (only src/tensor's dependency-free shape and strided-read helpers).
import {sizeOf} from "../tensor/shape.ts";
import {copyStrided} from "../tensor/strided.ts";
import {element} from "./dom.ts";

export interface TensorLike {
  data: Float64Array;
  shape: number[];
  strides: number[];
  offset: number;
  requiresGrad?: boolean;
  name?: string | null;
}

/** Largest tensor shown as a table; bigger ones get a summary and a heat-map. */
export const tableLimit = 120;

export function isTensor(value: unknown): value is TensorLike {
  const v = value as TensorLike | null;
  return (
    typeof v === "object" && v !== null && v.data instanceof Float64Array &&
    Array.isArray(v.shape) && Array.isArray(v.strides) && typeof v.offset === "number"
  );
}

/** Elements in row-major order, honouring strides and offset (tensors may be views). */
export function tensorValues(t: TensorLike): Float64Array {
  return copyStrided(t, new Float64Array(sizeOf(t.shape)));
}

export function formatNumber(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return String(x);
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? x.toExponential(3) : String(Number(x.toFixed(4)));
}

export function formatShape(shape: readonly number[]): string {
  return `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;
}

function header(t: TensorLike): HTMLElement {
  const head = element("div", "bs-tensor-head");
  const label = t.name ? `${t.name}: ` : "";
  head.append(element("span", "bs-tensor-kind", `${label}Tensor`), element("span", "bs-tensor-shape", ` shape ${formatShape(t.shape)}`));
  if (t.requiresGrad) head.append(element("span", "bs-tensor-grad", " requires grad"));
  return head;
}

/** Rows × columns view: leading axes are flattened into rows. */
function asMatrix(t: TensorLike): {rows: number; cols: number} {
  const cols = t.shape.length ? t.shape[t.shape.length - 1] : 1;
  const size = t.shape.reduce((a, b) => a * b, 1);
  return {rows: cols ? size / cols : 0, cols};
}

function renderTable(t: TensorLike, values: Float64Array): HTMLElement {
  const table = element("table", "bs-tensor-table");
  const {rows, cols} = asMatrix(t);
  const lead = t.shape.slice(0, -1);
  for (let r = 0; r < rows; r++) {
    const tr = element("tr");
    if (lead.length > 1) {
      // Label rows of 3-d+ tensors with their leading index, e.g. [1, 0, :]
      const idx: number[] = [];
      let rest = r;
      for (let d = lead.length - 1; d >= 0; d--) (idx[d] = rest % lead[d]), (rest = Math.floor(rest / lead[d]));
      tr.append(element("th", undefined, `[${idx.join(", ")}, :]`));
    }
    for (let c = 0; c < cols; c++) tr.append(element("td", undefined, formatNumber(values[r * cols + c])));
    table.append(tr);
  }
  return table;
}

export function summarize(values: Float64Array): {min: number; max: number; mean: number} {
  let min = Infinity, max = -Infinity, sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return {min, max, mean: values.length ? sum / values.length : NaN};
}

/** Diverging blue-white-red around 0 when values have both signs, else a light-to-dark ramp. */
function colorOf(v: number, min: number, max: number): [number, number, number] {
  if (!Number.isFinite(v)) return [255, 0, 255];
  if (min < 0 && max > 0) {
    const m = Math.max(-min, max);
    const s = Math.min(1, Math.abs(v) / m);
    return v < 0 ? [255 * (1 - s) + 33 * s, 255 * (1 - s) + 102 * s, 255 * (1 - s) + 172 * s]
      : [255 * (1 - s) + 178 * s, 255 * (1 - s) + 24 * s, 255 * (1 - s) + 43 * s];
  }
  const s = max > min ? (v - min) / (max - min) : 0.5;
  return [247 - 200 * s, 251 - 150 * s, 255 - 100 * s];
}

function renderHeatmap(t: TensorLike, values: Float64Array, stats: {min: number; max: number}): HTMLCanvasElement {
  const {rows, cols} = asMatrix(t);
  // Downsample by striding so huge tensors stay cheap to draw.
  const maxSide = 256;
  const rStep = Math.max(1, Math.ceil(rows / maxSide)), cStep = Math.max(1, Math.ceil(cols / maxSide));
  const h = Math.ceil(rows / rStep), w = Math.ceil(cols / cStep);
  const canvas = element("canvas", "bs-tensor-heatmap");
  canvas.width = w;
  canvas.height = h;
  const scale = Math.max(1, Math.floor(Math.min(320 / w, 240 / h)));
  canvas.style.width = `${w * scale}px`;
  canvas.style.height = `${h * scale}px`;
  const context = canvas.getContext("2d");
  if (!context) return canvas;
  const image = context.createImageData(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [r, g, b] = colorOf(values[y * rStep * cols + x * cStep], stats.min, stats.max);
      const p = 4 * (y * w + x);
      image.data[p] = r, image.data[p + 1] = g, image.data[p + 2] = b, image.data[p + 3] = 255;
    }
  }
  context.putImageData(image, 0, 0);
  canvas.title = `heat-map of ${rows}×${cols}${rStep > 1 || cStep > 1 ? ` (every ${rStep}th row, ${cStep}th column)` : ""}`;
  return canvas;
}

export function renderTensor(t: TensorLike): HTMLElement {
  const root = element("div", "bs-tensor");
  const values = tensorValues(t);
  root.append(header(t));
  if (t.shape.length === 0) {
    root.append(element("span", "bs-tensor-scalar", formatNumber(values[0])));
  } else if (values.length <= tableLimit) {
    root.append(renderTable(t, values));
  } else {
    const stats = summarize(values);
    root.append(
      element("div", "bs-tensor-summary", `min ${formatNumber(stats.min)}  max ${formatNumber(stats.max)}  mean ${formatNumber(stats.mean)}`),
      renderHeatmap(t, values, stats)
    );
  }
  return root;
}
