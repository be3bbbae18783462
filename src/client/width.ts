// The `width` builtin: the lesson column's width in pixels, updated on resize (Framework's `width`).
export async function* observeWidth(element: Element): AsyncGenerator<number> {
  let notify: (() => void) | null = null;
  let width = element.clientWidth;
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
