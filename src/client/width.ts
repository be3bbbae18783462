// The `width` builtin: the lesson column's content width in pixels, updated on resize (Framework's `width`).
/** Width of the content box (what a full-width figure may use), like ResizeObserver's contentRect. */
function contentWidth(element: Element): number {
  const style = getComputedStyle(element);
  return Math.floor(element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
}

export async function* observeWidth(element: Element): AsyncGenerator<number> {
  let notify: (() => void) | null = null;
  let width = contentWidth(element);
  let changed = false;
  const observer = new ResizeObserver(([entry]) => {
    const next = Math.floor(entry.contentRect.width);
    if (next !== width) (width = next), (changed = true), notify?.();
  });
  observer.observe(element);
  try {
    yield width;
    while (true) {
      if (!changed) await new Promise<void>((resolve) => (notify = resolve));
      changed = false;
      yield width;
    }
  } finally {
    observer.disconnect();
  }
}
