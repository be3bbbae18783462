// Renders one displayed value: DOM nodes as they are, tensors with tensor-view, plain objects/arrays
// holding tensors (or records of shapes) with object-view (tensor members as tensors), everything else
// with the Observable inspector (expandable objects/arrays). Inline `${…}` values render as text.
import {Inspector} from "@observablehq/inspector";
import {describeInline, renderObject, wantsObjectView} from "./object-view.ts";
import {formatNumber, isTensor, renderTensor, tensorValues} from "./tensor-view.ts";

export function renderBlockValue(value: unknown): Node {
  if (value instanceof Node) return value;
  if (isTensor(value)) return renderTensor(value);
  if (wantsObjectView(value)) return renderObject(value);
  if (typeof value === "string") {
    // Prose-like output (`display(\`loss: ${loss}\`)`) reads better without the inspector's quotes.
    const text = document.createElement("div");
    text.className = "bs-text";
    text.textContent = value;
    return text;
  }
  const div = document.createElement("div");
  new Inspector(div).fulfilled(value);
  return div;
}

export function renderInlineValue(value: unknown): Node {
  if (value instanceof Node) return value;
  if (isTensor(value)) {
    const values = tensorValues(value);
    if (value.shape.length === 0) return document.createTextNode(formatNumber(values[0]));
    if (values.length <= 8) return document.createTextNode(`[${Array.from(values, formatNumber).join(", ")}]`);
    return document.createTextNode(`Tensor(${value.shape.join("×")})`);
  }
  if (typeof value === "number") return document.createTextNode(formatNumber(value));
  if (value === undefined || value === null) return document.createTextNode("");
  if (wantsObjectView(value)) return document.createTextNode(describeInline(value));
  if (typeof value === "object") {
    const span = document.createElement("span");
    new Inspector(span).fulfilled(value);
    return span;
  }
  return document.createTextNode(String(value));
}
