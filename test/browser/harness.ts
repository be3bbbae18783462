// Reusable real-browser harness: a Vite dev server or a static server for a build, Debian's Chromium
// through playwright-core, and helpers to open a lesson and wait for its cells.
// Other parts' browser tests import from here; see DEVELOPERS.md "Browser runtime".
import {existsSync, mkdtempSync, readFileSync, rmSync, statSync} from "node:fs";
import {createServer as createHttpServer, type Server} from "node:http";
import {tmpdir} from "node:os";
import {extname, join, normalize, resolve, sep} from "node:path";
import {fileURLToPath} from "node:url";
import {chromium, type BrowserContext, type Page} from "playwright-core";
import {build, createServer, type InlineConfig, type ViteDevServer} from "vite";
import {backstep} from "../../src/vite/plugin.ts";

export const projectRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const chromiumPath = process.env.BACKSTEP_CHROMIUM ?? "/usr/bin/chromium";

/** Whether browser tests can run; when they cannot and CI requires them, this throws. */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  const install = "install it: apt-get install -y chromium, or point BACKSTEP_CHROMIUM at a Chromium binary";
  if (process.env.BACKSTEP_REQUIRE_BROWSER === "1") {
    throw new Error(`Chromium not found at ${chromiumPath} and BACKSTEP_REQUIRE_BROWSER=1 (${install})`);
  }
  console.warn(`\n!!!!!!!! Chromium not found at ${chromiumPath}: real-browser tests are SKIPPED (${install}) !!!!!!!!\n`);
  return false;
}

export interface Site {
  /** Base URL ending in "/". */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the Vite dev server (our vite.config.ts) on a free port. With `notebooks` (an absolute folder),
 * serves the lessons of that folder instead (tests that write their own lessons). Hot reload is off
 * unless `hmr` is set, so a file saved during a test run cannot reload a page under test.
 */
export async function startDevServer(options: {notebooks?: string; hmr?: boolean} = {}): Promise<Site & {server: ViteDevServer}> {
  const config: InlineConfig = options.notebooks
    ? {configFile: false, plugins: [backstep({notebooks: options.notebooks})]}
    : {configFile: join(projectRoot, "vite.config.ts")};
  // Own dependency cache: dev servers of test files running in parallel would otherwise re-optimize the
  // shared node_modules/.vite under each other ("504 Outdated Optimize Dep").
  const cacheDir = mkdtempSync(join(tmpdir(), "backstep-vite-cache-"));
  const server = await createServer({
    ...config,
    cacheDir,
    root: projectRoot,
    logLevel: "warn",
    server: {port: 0, host: "127.0.0.1", strictPort: false, open: false, hmr: options.hmr ?? false},
    clearScreen: false
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === "string") throw new Error("harness: dev server has no port");
  const close = async () => {
    await server.close();
    rmSync(cacheDir, {recursive: true, force: true});
  };
  return {server, url: `http://127.0.0.1:${address.port}/`, close};
}

/** Runs `vite build` into a fresh temporary directory and returns it. */
export async function buildSite(outDir = mkdtempSync(join(tmpdir(), "backstep-dist-"))): Promise<string> {
  await build({
    root: projectRoot,
    configFile: join(projectRoot, "vite.config.ts"),
    logLevel: "warn",
    build: {outDir, emptyOutDir: true}
  });
  return outDir;
}

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf"
};

/** A tiny static file server (like any static host); optionally under a sub-path to prove relative URLs. */
export async function serveStatic(dir: string, basePath = "/"): Promise<Site> {
  const root = resolve(dir);
  const server: Server = createHttpServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    if (!pathname.startsWith(basePath)) return void response.writeHead(404).end("not found");
    let file = normalize(join(root, pathname.slice(basePath.length)));
    if (file !== root && !file.startsWith(root + sep)) return void response.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) return void response.writeHead(404).end("not found");
    response.writeHead(200, {"content-type": contentTypes[extname(file)] ?? "application/octet-stream"});
    response.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("harness: static server has no port");
  return {
    url: `http://127.0.0.1:${address.port}${basePath}`,
    close: () => new Promise<void>((done) => server.close(() => done()))
  };
}

export interface BrowserSession {
  /** The browser context (a persistent one: its own fresh profile directory). */
  context: BrowserContext;
  /** Console errors and page errors seen so far (for assertions and debugging). */
  errors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Launches Chromium headless with a fresh profile; `offline` blocks every non-local request. */
export async function launchBrowser(options: {offline?: boolean} = {}): Promise<BrowserSession> {
  const userDataDir = mkdtempSync(join(tmpdir(), "backstep-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    viewport: {width: 1100, height: 900}
  });
  const errors: string[] = [];
  if (options.offline) {
    await context.route(/^(?!http:\/\/127\.0\.0\.1[:/])/, (route) => {
      errors.push(`blocked non-local request: ${route.request().url()}`);
      return route.abort();
    });
  }
  const watch = (page: Page) => {
    page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`console: ${message.text()}`);
    });
  };
  context.on("page", watch);
  context.pages().forEach(watch);
  return {
    context,
    errors,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      rmSync(userDataDir, {recursive: true, force: true});
    }
  };
}

/** Opens a lesson page (dev: "lessons/<name>.html") and waits until every cell has settled. */
export async function openLesson(page: Page, siteUrl: string, name: string): Promise<void> {
  // Generous: the first page of a fresh dev server waits for dependency pre-bundling.
  await page.goto(new URL(`lessons/${name}.html`, siteUrl).href, {timeout: 90_000});
  await waitForCells(page);
}

/**
 * Waits until the page runtime has booted and no cell is pending.
 * The runtime sets `document.documentElement.dataset.backstep = "ready"` after defining cells, and
 * each cell root `.bs-cell` carries `data-state` = "pending" | "fulfilled" | "rejected".
 */
export async function waitForCells(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    () =>
      document.documentElement.dataset.backstep === "ready" &&
      document.querySelectorAll('[data-state="pending"]').length === 0,
    undefined,
    {timeout}
  );
}

/** The text shown by a cell's output (`[data-cell-id]` root), trimmed. */
export async function cellOutput(page: Page, id: string): Promise<string> {
  return (await page.locator(`[data-cell-id="${id}"] .bs-output`).innerText()).trim();
}
