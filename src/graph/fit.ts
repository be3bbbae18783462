// How a graph fits its column: the direction (left-to-right, or top-to-bottom when that is much
// narrower) and the scale. Text is never shrunk below a readable size; past that the graph scrolls.
import {FONT_SIZE} from "./labels.ts";

/** Smallest effective size (px) of a node's name, the main label, when a graph is shrunk to fit. */
export const MIN_LABEL_PX = 11;
/** The lowest scale: node names at MIN_LABEL_PX (13 px × 0.85 ≈ 11 px). */
export const MIN_SCALE = MIN_LABEL_PX / FONT_SIZE.name;
/** The text column assumed for static figures (lessons are about this wide). */
export const STATIC_COLUMN = 720;

export type FitMode = "fit" | "full";

/** Worth laying out top-to-bottom too: left-to-right is more than twice the column. */
export function shouldTryTopToBottom(lrWidth: number, column: number): boolean {
  return column > 0 && lrWidth > 2 * column;
}

/** Top-to-bottom wins when left-to-right is too wide and TB is clearly (≥ 25%) narrower. */
export function pickDirection(lrWidth: number, tbWidth: number, column: number): "LR" | "TB" {
  return shouldTryTopToBottom(lrWidth, column) && tbWidth <= 0.75 * lrWidth ? "TB" : "LR";
}

/** Scale for a drawing `width` px wide in a `column` px column: shrink to fit, never below MIN_SCALE, never enlarge. */
export function fitScale(width: number, column: number, mode: FitMode = "fit"): number {
  if (mode === "full" || column <= 0 || width <= column) return 1;
  return Math.max(MIN_SCALE, column / width);
}
