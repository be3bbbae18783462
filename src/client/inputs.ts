// Minimal inputs in the spirit of @observablehq/inputs: each returns an element with a `value` that
// dispatches "input" when it changes; `view(input)` turns that into a reactive variable.

export interface InputElement<T> extends HTMLElement {
  value: T;
}

let counter = 0;

function labelled<T>(label: string | undefined, control: HTMLElement, read: () => T, write?: (v: T) => void): InputElement<T> {
  const form = document.createElement("form") as unknown as InputElement<T>;
  form.className = "bs-input";
  form.addEventListener("submit", (event) => event.preventDefault());
  const id = `bs-input-${++counter}`;
  control.id = id;
  if (label) {
    const l = document.createElement("label");
    l.htmlFor = id;
    l.textContent = label;
    form.append(l);
  }
  form.append(control);
  Object.defineProperty(form, "value", {get: read, set: (v: T) => write?.(v), configurable: true});
  return form;
}

export interface RangeOptions {
  label?: string;
  step?: number;
  value?: number;
}

export function range([min, max]: [number, number] = [0, 1], options: RangeOptions = {}): InputElement<number> {
  const step = options.step ?? (Number.isInteger(min) && Number.isInteger(max) ? 1 : (max - min) / 100);
  const wrap = document.createElement("span");
  wrap.className = "bs-range";
  const slider = document.createElement("input");
  slider.type = "range";
  slider.min = String(min), slider.max = String(max), slider.step = String(step);
  slider.value = String(options.value ?? (min + max) / 2);
  const number = document.createElement("input");
  number.type = "number";
  number.min = slider.min, number.max = slider.max, number.step = slider.step, number.value = slider.value;
  // Keep the two controls in step; their "input" events bubble to the form, which view() listens to.
  slider.addEventListener("input", () => void (number.value = slider.value));
  number.addEventListener("input", () => void (slider.value = number.value));
  wrap.append(slider, number);
  // Both controls carry the label (a <label for> names only one of them).
  const name = options.label ?? `value from ${min} to ${max}`;
  slider.setAttribute("aria-label", name);
  number.setAttribute("aria-label", `${name} (number)`);
  const form = labelled(options.label, wrap, () => Number(slider.value), (v) => void (slider.value = number.value = String(v)));
  return form;
}

export function checkbox(label: string, value = false): InputElement<boolean> {
  const box = document.createElement("input");
  box.type = "checkbox";
  box.checked = value;
  return labelled(label, box, () => box.checked, (v) => void (box.checked = v));
}

export interface SelectOptions<T> {
  label?: string;
  value?: T;
  format?: (option: T) => string;
}

export function select<T>(options: readonly T[], config: SelectOptions<T> = {}): InputElement<T> {
  const menu = document.createElement("select");
  options.forEach((option, i) => {
    const o = document.createElement("option");
    o.value = String(i);
    o.textContent = config.format ? config.format(option) : String(option);
    if (config.value === option) o.selected = true;
    menu.append(o);
  });
  return labelled(config.label, menu, () => options[menu.selectedIndex], (v) => {
    const i = options.indexOf(v);
    if (i >= 0) menu.selectedIndex = i;
  });
}

export function button(label: string, reduce: (count: number) => number = (n) => n + 1): InputElement<number> {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  let count = 0;
  const form = labelled<number>(undefined, b, () => count);
  b.addEventListener("click", () => {
    count = reduce(count);
    form.dispatchEvent(new Event("input", {bubbles: true}));
  });
  return form;
}

export const Inputs = {range, checkbox, select, button};

/** Yields the element's value now and after every "input" event (Framework's Generators.input). */
export async function* observeInput<T>(element: InputElement<T>): AsyncGenerator<T> {
  let resolve: (() => void) | null = null;
  let changed = false;
  const onInput = () => {
    changed = true;
    resolve?.();
  };
  element.addEventListener("input", onInput);
  element.addEventListener("change", onInput);
  try {
    yield element.value;
    while (true) {
      if (!changed) await new Promise<void>((r) => (resolve = r));
      changed = false;
      resolve = null;
      yield element.value;
    }
  } finally {
    element.removeEventListener("input", onInput);
    element.removeEventListener("change", onInput);
  }
}
