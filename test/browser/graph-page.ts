// Serves a page with the live graph view (src/graph/index.ts and the runtime bundled by esbuild, KaTeX's CSS and fonts)
// for the graph browser test and the README screenshot. The model is passed in as JSON.
import {cpSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {build} from "esbuild";
import type {Page} from "playwright-core";
import type {GraphModel} from "../../src/graph/model.ts";
import {projectRoot, serveStatic, type Site} from "./harness.ts";

export async function serveGraphPage(): Promise<Site> {
  const dir = mkdtempSync(join(tmpdir(), "backstep-graph-"));
  await build({
    // The public entry (graph(), renderGraph) plus the runtime, so a page can build tensors itself.
    stdin: {
      contents: `export * from "./src/graph/index.ts"; export {np, nn} from "./src/tensor/index.ts";`,
      resolveDir: projectRoot,
      sourcefile: "graph-page-entry.ts",
      loader: "ts"
    },
    bundle: true,
    format: "iife",
    globalName: "BackstepGraph",
    platform: "browser",
    outfile: join(dir, "graph.js"),
    logLevel: "warning"
  });
  cpSync(join(projectRoot, "node_modules/katex/dist/katex.min.css"), join(dir, "katex.min.css"));
  cpSync(join(projectRoot, "node_modules/katex/dist/fonts"), join(dir, "fonts"), {recursive: true});
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="katex.min.css">` +
      `<body style="margin:16px;font-family:system-ui,sans-serif"><div id="root"></div><script src="graph.js"></script>`
  );
  const site = await serveStatic(dir);
  return {url: site.url, close: async () => (await site.close(), rmSync(dir, {recursive: true, force: true}))};
}

/** Renders the model into #root with renderGraph(model, options); the model stays in window.__model. */
export async function showGraph(page: Page, site: Site, model: GraphModel, options: Record<string, unknown> = {}): Promise<void> {
  await page.goto(site.url);
  await page.evaluate(
    ([model, options]) => {
      const g = (window as unknown as {BackstepGraph: {renderGraph(m: unknown, o: unknown): HTMLElement}}).BackstepGraph;
      (window as unknown as {__model: unknown}).__model = model;
      document.getElementById("root")!.replaceChildren(g.renderGraph(model, options));
    },
    [model, options] as const
  );
}
