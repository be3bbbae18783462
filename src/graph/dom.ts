// The live graph view for cells and exercise reports: the static SVG plus a details panel (value,
// gradient, local derivative in KaTeX), collapsible layers and a backward step-through.
import katex from "katex";
import type {GraphModel, GraphNode, TensorSummary} from "./model.ts";
import {formatShape} from "./model.ts";
import {listGroups} from "./collapse.ts";
import {drawSVG, prepareGraph, resolveStep, type DrawOptions, type PreparedGraph} from "./svg.ts";
import {backwardGates, describeGate, type Gate} from "./gates.ts";
import {summaryLine, tableRows} from "./format.ts";
import {texName} from "./derivatives.ts";
import {fitScale, shouldTryTopToBottom, type FitMode} from "./fit.ts";

export interface RenderOptions extends DrawOptions {
  /** Called when the reader clicks a node (or select() is called), with the graded steps drawn on it. */
  onSelect?(node: GraphNode, steps: string[]): void;
  /** "fit" (default): shrink to the column, never below a readable text size; "full": natural size, scroll. */
  fit?: FitMode;
  /** Start in step-through mode. */
  stepThrough?: boolean;
  /**
   * Re-reads the graph when the reader reaches for it: a later cell may have run backward() after
   * this one drew the forward pass. graph(out) passes () => collectGraph(out).
   */
  refresh?: () => GraphModel;
}

export interface GraphElement extends HTMLDivElement {
  /** Selects a node by id or step name ("dxmu"), scrolls it into view and shows its details. */
  select(idOrStep: string | null): void;
  /** Enters step-through at step k (0 = the output's gate) or leaves it with null. */
  step(k: number | null): void;
  /** The gates in backward order, as the step-through visits them. */
  readonly gates: Gate[];
}

export function renderGraph(initial: GraphModel, options: RenderOptions = {}): GraphElement {
  let model = initial;
  const root = document.createElement("div") as unknown as GraphElement;
  root.className = "bs-graph-view";
  root.innerHTML =
    `<style>${VIEW_STYLE}</style>` +
    `<div class="bs-graph-toolbar"></div>` +
    `<div class="bs-graph-frame"><div class="bs-graph-canvas"></div><div class="bs-graph-cue" aria-hidden="true">scroll →</div></div>` +
    `<div class="bs-graph-stepper" hidden></div><div class="bs-graph-details" aria-live="polite"></div>`;
  const toolbar = root.querySelector<HTMLDivElement>(".bs-graph-toolbar")!;
  const canvas = root.querySelector<HTMLDivElement>(".bs-graph-canvas")!;
  const frame = root.querySelector<HTMLDivElement>(".bs-graph-frame")!;
  const stepper = root.querySelector<HTMLDivElement>(".bs-graph-stepper")!;
  const details = root.querySelector<HTMLDivElement>(".bs-graph-details")!;

  const groups = listGroups(model).filter((g) => !g.includes("/"));
  let collapse: readonly string[] | true | undefined = options.collapse;
  let prepared: PreparedGraph;
  let drawn = false;
  let gates: Gate[] = [];
  let selected: string | null = null;
  // An exercise report hides the reference gradients (they are the answers).
  const showGrads = options.gradients !== false;
  let current: number | null = null;
  let fit: FitMode = options.fit ?? "fit";
  // Width of the column the graph sits in, once the element is on the page (0 before).
  let column = 0;

  const draw = () => {
    try {
      // No direction given: left-to-right, or top-to-bottom when that fits the column much better.
      const direction = options.direction ?? (column > 0 ? "auto" : "LR");
      prepared = prepareGraph(model, {...options, collapse, direction, column});
    } catch (error) {
      // Expanding every layer of a big net: keep the boxes and say why.
      if (!drawn) throw error;
      collapse = collapsedNow();
      details.textContent = (error as Error).message;
      return;
    }
    drawn = true;
    canvas.innerHTML = drawSVG(prepared, options);
    gates = backwardGates(prepared.model);
    drawToolbar();
    applyFit();
    if (current !== null) showStep(Math.min(current, gates.length - 1));
    else if (selected && !prepared.model.nodes.some((n) => n.id === selected)) selected = null;
    markSelected();
  };

  // Shrink to the column (never below MIN_SCALE), or natural size; wider than the column scrolls with a cue.
  const applyFit = () => {
    const s = svg();
    const {width, height} = prepared.layout;
    const scale = fitScale(width, column, fit);
    const before = canvas.scrollLeft;
    s.style.maxWidth = "none";
    s.style.width = `${Math.round(width * scale)}px`;
    s.style.height = `${Math.round(height * scale)}px`;
    root.dataset.scale = scale.toFixed(3);
    root.dataset.direction = prepared.layout.direction;
    keepCentre(scale, before);
    updateToggle();
    updateCue();
  };
  // Rescaling the same drawing keeps what was in the middle of the view there (a node scrolled into
  // view, the first wrong one of a report), sideways only: the page itself must not jump.
  let scaled: {layout: PreparedGraph["layout"]; scale: number} | null = null;
  const keepCentre = (scale: number, before: number) => {
    const half = canvas.clientWidth / 2;
    if (scaled && scaled.layout === prepared.layout && scaled.scale !== scale) {
      canvas.scrollLeft = ((before + half) / scaled.scale) * scale - half;
    }
    scaled = {layout: prepared.layout, scale};
  };
  const updateToggle = () => {
    const toggle = toolbar.querySelector<HTMLButtonElement>(".bs-fit-toggle");
    if (!toggle) return;
    // Only useful when the graph is wider than the column.
    toggle.hidden = !(drawn && column > 0 && prepared.layout.width > column);
    toggle.textContent = fit === "fit" ? "Full size" : "Fit to column";
  };
  const updateCue = () => {
    const more = canvas.scrollWidth - canvas.clientWidth;
    frame.classList.toggle("bs-overflow", more > 1);
    frame.classList.toggle("bs-overflow-right", more > 1 && canvas.scrollLeft < more - 1);
  };
  canvas.addEventListener("scroll", updateCue, {passive: true});
  if (typeof ResizeObserver !== "undefined") {
    new ResizeObserver(() => {
      const width = canvas.clientWidth;
      if (width === 0 || Math.abs(width - column) < 2) return;
      column = width;
      // The direction depends on the column: lay out again when it may change (nobody fixed it).
      const lr = prepared.layout.direction === "LR";
      if (!options.direction && (lr ? shouldTryTopToBottom(prepared.layout.width, column) : true)) draw();
      else applyFit();
    }).observe(canvas);
  }

  // The groups drawn as boxes right now (prepareGraph may have collapsed a big graph by itself).
  const collapsedNow = (): string[] =>
    drawn ? prepared.model.nodes.filter((n) => n.kind === "group").map((n) => n.name ?? n.id) : [];
  const drawToolbar = () => {
    toolbar.innerHTML = "";
    toolbar.append(button(current === null ? "Step through backward" : "Leave step-through", "bs-step-toggle", () => {
      root.step(current === null ? 0 : null);
    }));
    toolbar.append(button(fit === "fit" ? "Full size" : "Fit to column", "bs-fit-toggle", () => {
      fit = fit === "fit" ? "full" : "fit";
      applyFit();
    }));
    updateToggle();
    if (groups.length) {
      const anyCollapsed = collapsedNow().length > 0;
      toolbar.append(button(anyCollapsed ? "Expand layers" : "Collapse layers", "bs-collapse-toggle", () => {
        collapse = anyCollapsed ? [] : true;
        draw();
      }));
    }
  };

  const nodeById = (id: string) => prepared.model.nodes.find((n) => n.id === id);
  const svg = () => canvas.querySelector("svg")!;
  const markSelected = () => {
    svg().querySelectorAll(".bs-selected").forEach((el) => el.classList.remove("bs-selected"));
    if (selected) svg().querySelector(`.bs-node[data-id="${cssEscape(selected)}"]`)?.classList.add("bs-selected");
  };

  const showNode = (node: GraphNode) => {
    details.replaceChildren(nodeDetails(prepared.model, node, () => expand(node), showGrads));
  };
  const expand = (node: GraphNode) => {
    if (!node.name) return;
    collapse = collapsedNow().filter((g) => g !== node.name);
    selected = null;
    draw();
  };

  root.addEventListener("pointerenter", () => {
    if (!options.refresh) return;
    const fresh = options.refresh();
    if (gradSignature(fresh) === gradSignature(model)) return;
    model = fresh;
    draw();
    const node = selected ? nodeById(selected) : undefined;
    if (node && current === null) showNode(node);
  });

  canvas.addEventListener("click", (event) => {
    const el = (event.target as Element).closest(".bs-node");
    if (!el) return;
    const node = nodeById(el.getAttribute("data-id")!);
    if (!node) return;
    if (node.kind === "group" && selected === node.id) return expand(node);
    selected = node.id;
    markSelected();
    showNode(node);
    options.onSelect?.(node, prepared.marks.stepsByNode.get(node.id) ?? []);
  });
  canvas.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.target as Element).closest?.(".bs-node")) (event.target as HTMLElement).dispatchEvent(new MouseEvent("click", {bubbles: true}));
  });
  canvas.addEventListener("mouseover", (event) => {
    if (current !== null) return;
    const el = (event.target as Element).closest(".bs-node");
    const node = el && nodeById(el.getAttribute("data-id")!);
    if (node) showNode(node);
  });
  canvas.addEventListener("mouseleave", () => {
    if (current !== null) return;
    const node = selected ? nodeById(selected) : undefined;
    if (node) showNode(node);
    else details.replaceChildren();
  });

  const showStep = (k: number) => {
    current = k;
    const s = svg();
    s.classList.add("bs-stepping");
    s.querySelectorAll(".bs-current, .bs-active, .bs-grad-shown").forEach((el) =>
      el.classList.remove("bs-current", "bs-active", "bs-grad-shown")
    );
    gates.slice(0, k + 1).forEach((gate, i) => {
      for (const edge of s.querySelectorAll(`.bs-edge[data-to="${cssEscape(gate.node.id)}"]`)) {
        edge.classList.add("bs-grad-shown");
        if (i === k) edge.classList.add("bs-active");
      }
    });
    const gate = gates[k];
    if (!gate) {
      stepper.hidden = false;
      stepper.textContent = "This graph has no gates to step through.";
      return;
    }
    s.querySelector(`.bs-node[data-id="${cssEscape(gate.node.id)}"]`)?.classList.add("bs-current");
    stepper.hidden = false;
    stepper.replaceChildren(stepControls(k, gates.length, (j) => showStep(j)), gateDetails(gate, showGrads));
    stepper.dataset.step = String(k);
    stepper.dataset.gate = gate.node.id;
    details.replaceChildren();
  };

  root.select = (idOrStep) => {
    if (idOrStep === null) {
      selected = null;
      markSelected();
      details.replaceChildren();
      return;
    }
    const step = resolveStep(prepared.model, idOrStep, prepared.marks);
    const node = step ? nodeById(step.node) : undefined;
    if (!node || !step) return;
    selected = node.id;
    markSelected();
    // A per-use step (dxmu1) also lights up its edge.
    const edges = svg().querySelectorAll(".bs-edge");
    for (const i of step.edges) edges[i]?.classList.add("bs-selected");
    showNode(node);
    svg().querySelector(`.bs-node[data-id="${cssEscape(node.id)}"]`)?.scrollIntoView?.({block: "nearest", inline: "center"});
    options.onSelect?.(node, prepared.marks.stepsByNode.get(node.id) ?? []);
  };
  root.step = (k) => {
    if (k === null) {
      current = null;
      stepper.hidden = true;
      draw();
      return;
    }
    current = Math.max(0, Math.min(k, gates.length - 1));
    drawToolbar();
    showStep(current);
  };
  Object.defineProperty(root, "gates", {get: () => gates});

  draw();
  if (options.stepThrough) root.step(0);
  return root;
}

/** Changes when gradients appear or change (backward ran again with another dout). */
function gradSignature(model: GraphModel): string {
  return model.nodes.map((n) => (n.grad ? n.grad.norm.toPrecision(12) : "-")).join(",");
}

function button(text: string, className: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

function stepControls(k: number, n: number, go: (k: number) => void): HTMLElement {
  const bar = document.createElement("div");
  bar.className = "bs-step-controls";
  const prev = button("← Previous", "bs-step-prev", () => go(k - 1));
  prev.disabled = k === 0;
  const next = button("Next →", "bs-step-next", () => go(k + 1));
  next.disabled = k >= n - 1;
  const label = document.createElement("span");
  label.className = "bs-step-label";
  label.textContent = `Backward step ${k + 1} of ${n}`;
  bar.append(prev, label, next);
  return bar;
}

/** One step: upstream gradient, each input's local derivative, and their product along the edge. */
function gateDetails(gate: Gate, showGrads: boolean): HTMLElement {
  const el = document.createElement("div");
  el.className = "bs-gate";
  const out = texName(gate.node.name ?? gate.node.id);
  el.append(section("Gate", tex(gate.forwardTex)));
  const grad = (s: TensorSummary | undefined) => (showGrads ? tensorView(s, "grad") : document.createTextNode(""));
  el.append(section("Upstream gradient", tex(`\\frac{\\partial L}{\\partial ${out}}`), grad(gate.upstream)));
  for (const input of gate.inputs) {
    const name = texName(input.source?.name ?? input.source?.id ?? "?");
    const local = input.local
      ? tensorView({...summarize(input.local), shape: gate.node.shape}, "value")
      : document.createTextNode("");
    el.append(
      section(`Local gradient → ${input.source?.name ?? input.source?.id}`, tex(input.localTex), local),
      section(
        "Product (sent back along the edge)",
        tex(`\\frac{\\partial L}{\\partial ${name}} \\mathrel{+}= \\frac{\\partial L}{\\partial ${out}} \\cdot \\frac{\\partial ${out}}{\\partial ${name}}`),
        grad(input.edge?.grad)
      )
    );
  }
  return el;
}

function nodeDetails(model: GraphModel, node: GraphNode, expand: () => void, showGrads: boolean): HTMLElement {
  const el = document.createElement("div");
  el.className = "bs-node-details";
  el.dataset.node = node.id;
  const head = document.createElement("div");
  head.className = "bs-details-head";
  head.textContent = `${node.name ?? node.id}  ${formatShape(node.shape)}  · ${node.kind === "op" ? node.op : node.kind}`;
  el.append(head);
  if (node.kind === "group") {
    const p = document.createElement("p");
    p.textContent = `Layer of ${node.collapsedGroup?.length ?? 0} nodes: ${node.collapsedGroup?.join(", ")}. `;
    p.append(button("Expand", "bs-expand", expand));
    el.append(p);
  }
  el.append(section("Value", tensorView(node.value, "value")));
  if (node.grad && showGrads) el.append(section("Gradient ∂L/∂" + (node.name ?? node.id), tensorView(node.grad, "grad")));
  if (node.kind === "op") {
    const gate = describeGate(model, node);
    el.append(section("Forward", tex(gate.forwardTex)));
    if (gate.inputs.length) el.append(section("Local derivatives", ...gate.inputs.map((i) => tex(i.localTex))));
  }
  return el;
}

function section(title: string, ...body: Node[]): HTMLElement {
  const s = document.createElement("div");
  s.className = "bs-section";
  const h = document.createElement("div");
  h.className = "bs-section-title";
  h.textContent = title;
  s.append(h, ...body);
  return s;
}

function tex(source: string): HTMLElement {
  const span = document.createElement("div");
  span.className = "bs-tex";
  span.innerHTML = katex.renderToString(`\\displaystyle ${source}`, {throwOnError: false});
  return span;
}

/** A small tensor as a table, a big one as one line of statistics. */
function tensorView(s: TensorSummary | undefined, kind: "value" | "grad"): Node {
  const wrap = document.createElement("div");
  wrap.className = `bs-tensor bs-tensor-${kind}`;
  if (!s) {
    wrap.textContent = kind === "grad" ? "no gradient yet — call backward()" : "not recorded";
    return wrap;
  }
  const rows = tableRows(s);
  if (!rows) {
    wrap.textContent = summaryLine(s);
    return wrap;
  }
  const table = document.createElement("table");
  for (const row of rows) {
    const tr = table.insertRow();
    for (const cell of row) tr.insertCell().textContent = cell;
  }
  const caption = table.createCaption();
  caption.textContent = formatShape(s.shape);
  wrap.append(table);
  return wrap;
}

function summarize(values: number[]): TensorSummary {
  let sq = 0;
  for (const v of values) sq += v * v;
  return {
    shape: [values.length],
    values,
    min: Math.min(...values),
    max: Math.max(...values),
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    norm: Math.sqrt(sq)
  };
}

function cssEscape(s: string): string {
  return typeof CSS !== "undefined" && CSS.escape ? CSS.escape(s) : s.replace(/["\\]/g, "\\$&");
}

const VIEW_STYLE = `
.bs-graph-view{font:13px/1.4 system-ui,sans-serif;color:#1f2328;max-width:100%}
.bs-graph-toolbar{display:flex;gap:6px;margin:4px 0}
.bs-graph-toolbar button,.bs-step-controls button,.bs-expand{font:inherit;padding:2px 10px;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa;cursor:pointer}
.bs-graph-toolbar button:hover,.bs-step-controls button:hover:not(:disabled){background:#eaeef2}
.bs-step-controls button:disabled{opacity:.45;cursor:default}
.bs-graph-frame{position:relative;max-width:100%}
.bs-graph-canvas{overflow:auto;max-width:100%}
.bs-graph-canvas::-webkit-scrollbar{height:10px;width:10px}
.bs-graph-canvas::-webkit-scrollbar-track{background:#eaeef2;border-radius:5px}
.bs-graph-canvas::-webkit-scrollbar-thumb{background:#8c959f;border-radius:5px}
.bs-graph-cue{display:none;position:absolute;top:0;right:0;bottom:10px;width:72px;pointer-events:none;
  background:linear-gradient(to right,rgba(255,255,255,0),#fff 75%);color:#57606a;font-size:12px;
  align-items:center;justify-content:flex-end;padding-right:4px;box-sizing:border-box}
.bs-graph-frame.bs-overflow-right .bs-graph-cue{display:flex}
.bs-graph-canvas svg{display:block}
.bs-graph-details,.bs-graph-stepper{border-top:1px solid #d0d7de;margin-top:6px;padding-top:6px}
.bs-graph-details:empty{display:none}
.bs-node-details,.bs-gate{display:flex;flex-wrap:wrap;gap:6px 32px;align-items:flex-start}
.bs-details-head{flex-basis:100%;font-family:ui-monospace,monospace;font-weight:700;font-size:14px}
.bs-section{margin:2px 0}
.bs-section-title{font-size:12px;font-weight:600;color:#6e7781;margin-bottom:2px}
.bs-tex{margin:6px 0}
.bs-tex .katex{font-size:1.1em}
.bs-tensor{font-family:ui-monospace,monospace;font-size:12px}
.bs-tensor table{border-collapse:collapse}
.bs-tensor caption{caption-side:bottom;text-align:left;color:#6e7781;font-size:11px}
.bs-tensor td{padding:1px 8px;text-align:right;border:1px solid #eaeef2}
.bs-tensor-grad{color:#cf222e}
.bs-step-controls{flex-basis:100%;display:flex;align-items:center;gap:10px;margin:2px 0 6px}
.bs-step-label{font-weight:600}
`.trim();
