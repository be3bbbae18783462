// Small DOM builders the page's cells and views share (editable and exercise cells, tensor and object views).

/** `<tag class="className">text</tag>`; the class and text only when given. */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function createButton(label: string, className: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = element("button", className, label);
  b.type = "button";
  b.title = title;
  b.addEventListener("click", onClick);
  return b;
}

/** The cell's editor replaces the static source listing rendered at build time (or leads the cell without one). */
export function replaceListing(root: HTMLElement, editor: HTMLElement): void {
  const listing = root.querySelector(":scope > pre.bs-cell-source");
  if (listing) listing.replaceWith(editor);
  else root.prepend(editor);
}
