// Small accessibility fixes the page applies to what it renders: a region that scrolls sideways (a wide
// output, a long formula) must be reachable by keyboard, so it gets tabindex and a name; Plot's SVG
// groups carry aria-label without a role, which ARIA forbids, so they get role="group".

const scrollables = "pre, .katex-display, .bs-output, .bs-tensor, .bs-graph-canvas";

/** Gives every element that overflows horizontally a tab stop and a name; removes them when it no longer does. */
export function markScrollableRegions(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>(scrollables)) {
    const overflows = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    if (overflows && !el.hasAttribute("tabindex")) {
      el.tabIndex = 0;
      el.dataset.bsScrollable = "true";
      if (!el.hasAttribute("role")) el.setAttribute("role", "region");
      if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", el.classList.contains("katex-display") ? "Formula (scrolls sideways)" : "Output (scrolls)");
    } else if (!overflows && el.dataset.bsScrollable) {
      el.removeAttribute("tabindex");
      el.removeAttribute("role");
      el.removeAttribute("aria-label");
      delete el.dataset.bsScrollable;
    }
  }
}

/** Keeps markScrollableRegions current as cells render and the window resizes. */
export function watchScrollableRegions(root: HTMLElement): void {
  let pending = 0;
  const schedule = () => {
    if (pending) return;
    pending = window.setTimeout(() => {
      pending = 0;
      markScrollableRegions(root);
    }, 100);
  };
  new MutationObserver(schedule).observe(root, {childList: true, subtree: true});
  window.addEventListener("resize", schedule);
  schedule();
}

/** Plot's output with role="group" on the SVG groups it labels (aria-label needs a role). */
export function withGroupRoles<T extends Element>(node: T): T {
  for (const g of node.querySelectorAll("g[aria-label]:not([role])")) g.setAttribute("role", "group");
  return node;
}
