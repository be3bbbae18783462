// Vite plugin: notebooks/*.md → lesson pages at lessons/<name>.html, and the lesson list in index.html.
// Dev: pages are rendered on request and a .md edit reloads the page (edits live in localStorage).
// Build: every lesson becomes a static HTML entry; compiler diagnostics of all lessons fail the build as
// file:line:col lines. ```graph <exercise>``` figures are drawn as inline SVG in both.
import {existsSync} from "node:fs";
import {join, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import type {Plugin, ResolvedConfig, ViteDevServer} from "vite";
import type {Diagnostic} from "../notebook/types.ts";
import {createGraphRenderer} from "./graph-figures.ts";
import {compileLesson, listLessons, summarizeLessons, type Lesson} from "./lessons.ts";
import {rewriteLessonLinks} from "./links.ts";
import {toPageData} from "./page-data.ts";
import {fileProtocolNotice, renderLessonList, renderLessonPage} from "./render.ts";

export interface BackstepOptions {
  /** Folder of lessons, relative to the Vite root (default "notebooks"). */
  notebooks?: string;
}

const listMarker = "<!-- backstep:lessons -->";

const browserDependencies = [
  "@observablehq/runtime", "@observablehq/inspector", "@observablehq/plot", "@dagrejs/dagre", "katex",
  "@codemirror/autocomplete", "@codemirror/commands", "@codemirror/lang-javascript", "@codemirror/language",
  "@codemirror/state", "@codemirror/view", "acorn", "magic-string"
];

/** Page scripts by URL, so pages work whatever the Vite root is (e.g. a course in another folder). */
export const clientEntries: Record<string, string> = {
  "/@backstep/lesson.js": fileURLToPath(new URL("../client/lesson.ts", import.meta.url)),
  "/@backstep/index.js": fileURLToPath(new URL("../client/index-page.ts", import.meta.url))
};

interface RenderedLesson {
  html: string;
  diagnostics: Diagnostic[];
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}

export function backstep(options: BackstepOptions = {}): Plugin {
  let config: ResolvedConfig;
  let root = process.cwd();
  let notebooksDir = resolve(root, options.notebooks ?? "notebooks");
  /** Virtual entry ids of lesson pages in the build: <root>/lessons/<name>.html. */
  const pageId = (name: string) => join(root, "lessons", `${name}.html`);
  const lessons = () => listLessons(root, notebooksDir);
  const renderGraph = createGraphRenderer();
  /** Build only: every lesson page, rendered once in buildStart so all errors are reported together. */
  let builtPages = new Map<string, RenderedLesson>();

  function renderLesson(lesson: Lesson): RenderedLesson {
    const notebook = compileLesson(lesson, {renderGraph});
    const body = rewriteLessonLinks(notebook.html, new Set(lessons().map((l) => l.name)));
    return {html: renderLessonPage(toPageData(notebook, lesson.file), body, notebook.diagnostics), diagnostics: notebook.diagnostics};
  }

  return {
    name: "backstep-notebooks",

    config(userConfig, env) {
      root = resolve(userConfig.root ?? process.cwd());
      notebooksDir = resolve(root, options.notebooks ?? "notebooks");
      // Pre-bundle every browser dependency up front: one discovered later (e.g. by the lazy import of
      // Plot or the graph) makes the dev server re-optimize and reload the page while cells run.
      if (env.command !== "build") return {optimizeDeps: {include: browserDependencies}};
      const input: Record<string, string> = existsSync(join(root, "index.html")) ? {index: join(root, "index.html")} : {};
      for (const lesson of lessons()) input[`lessons/${lesson.name}`] = pageId(lesson.name);
      // Relative asset URLs (unless the user set a base, e.g. `backstep build --base /course/`) so the
      // build works from any folder of any static host.
      // No "slow plugin" report: KaTeX CSS/fonts and compiling lessons take seconds by nature.
      // The lesson runtime (CodeMirror, acorn, tensors) is one ~650 kB chunk by design.
      const chunkSizeWarningLimit = userConfig.build?.chunkSizeWarningLimit ?? 1000;
      return {base: userConfig.base ?? "./", build: {chunkSizeWarningLimit, rollupOptions: {input, checks: {bundlerTimings: false}}}};
    },

    configResolved(resolved) {
      config = resolved;
    },

    buildStart() {
      if (config.command !== "build") return;
      builtPages = new Map(lessons().map((lesson) => [lesson.name, renderLesson(lesson)]));
      const diagnostics = [...builtPages.values()].flatMap((page) => page.diagnostics);
      for (const d of diagnostics) if (d.severity === "warning") this.warn(formatDiagnostic(d));
      const errors = diagnostics.filter((d) => d.severity === "error");
      if (errors.length) {
        // One formatDiagnostic line per error: `backstep build` (src/cli/commands/build.ts) prints these lines.
        this.error(`${errors.length} error(s) in lessons:\n${errors.map(formatDiagnostic).join("\n")}`);
      }
    },

    resolveId(id) {
      if (id in clientEntries) return clientEntries[id];
      if (!id.endsWith(".html")) return null;
      const file = id.startsWith(root) ? id : join(root, id);
      for (const lesson of lessons()) if (file === pageId(lesson.name)) return file;
      return null;
    },

    load(id) {
      if (!id.endsWith(".html")) return null;
      const lesson = lessons().find((l) => id === pageId(l.name));
      if (!lesson) return null;
      this.addWatchFile(lesson.path);
      // buildStart rendered (and reported) every lesson; render again only outside a build.
      return (builtPages.get(lesson.name) ?? renderLesson(lesson)).html;
    },

    transformIndexHtml: {
      order: "pre",
      handler(html, context) {
        if (!html.includes(listMarker)) return html;
        const all = lessons();
        if (context.server) all.forEach((l) => context.server!.watcher.add(l.path));
        return html.replace(listMarker, renderLessonList(summarizeLessons(all))).replace("<!-- backstep:file-notice -->", fileProtocolNotice);
      }
    },

    configureServer(server: ViteDevServer) {
      server.watcher.add(notebooksDir);
      const reload = (file: string) => {
        if (file.startsWith(notebooksDir) && file.endsWith(".md")) server.ws.send({type: "full-reload", path: "*"});
      };
      server.watcher.on("change", reload);
      server.watcher.on("add", reload);
      server.watcher.on("unlink", reload);
      // Before Vite's own HTML middleware: lesson pages do not exist on disk.
      server.middlewares.use(async (request, response, next) => {
        const match = /^\/lessons\/([^/?#]+)\.html(?:[?#].*)?$/.exec(request.url ?? "");
        if (!match) return next();
        const lesson = lessons().find((l) => l.name === decodeURIComponent(match[1]));
        if (!lesson) return next();
        try {
          const {html, diagnostics} = renderLesson(lesson);
          for (const d of diagnostics) config.logger.warn(formatDiagnostic(d));
          const transformed = await server.transformIndexHtml(request.url!, html, request.originalUrl);
          response.setHeader("content-type", "text/html; charset=utf-8");
          response.setHeader("cache-control", "no-cache");
          response.end(transformed);
        } catch (error) {
          next(error);
        }
      });
    }
  };
}
