// `backstep build [--out DIR] [--base PATH]`: the static site, exactly as `npm run build` makes it (Vite's
// build() with the project's vite.config.ts). Lesson errors come from the Vite plugin (src/vite/plugin.ts),
// which fails the build with `file:line:col: error: message` lines; this command prints those lines as is.
import {existsSync, readdirSync} from "node:fs";
import {isAbsolute, join, relative, resolve} from "node:path";
import {displayPath} from "../display-path.ts";
import {parseArgs} from "node:util";
import type {Command} from "../commands.ts";

export const help = `Usage: backstep build [--out DIR] [--base PATH]

Builds the course in the current folder into a static site (like \`npm run build\`): index.html and
one page per lesson in notebooks/, math typeset and graph figures drawn at build time.
Uses ./vite.config.ts when there is one, else Backstep's Vite plugin with its defaults.

Options:
  --out DIR     output folder (default: dist). Inside the project it is emptied first, so it must be
                empty or a previous build; a folder outside the project is not emptied.
  --base PATH   public base path, e.g. /course/ (default: ./, so the site works from any folder)
  -h, --help    show this help

Exit codes: 0 built; 1 the build failed (lesson errors are printed as file:line:col: message);
2 bad usage.
`;

const configFiles = ["vite.config.ts", "vite.config.mts", "vite.config.js", "vite.config.mjs"];
/** The plugin's diagnostics inside Vite's error message (formatDiagnostic in src/vite/plugin.ts). */
const diagnosticLine = /^\S[^\n]*?:\d+:\d+: (?:error|warning): .*$/gm;

export const build: Command = {
  summary: "build the static site (index and lessons) into dist/",
  async run(args) {
    let values: {out?: string; base?: string; help?: boolean};
    try {
      ({values} = parseArgs({
        args,
        options: {out: {type: "string", short: "o"}, base: {type: "string"}, help: {type: "boolean", short: "h"}},
        allowPositionals: false,
        strict: true
      }));
    } catch (error) {
      return usageError((error as Error).message);
    }
    if (values.help) return void process.stdout.write(help), 0;
    if (values.out !== undefined && !values.out.trim()) return usageError("--out needs a folder");
    if (values.base !== undefined && !values.base.trim()) return usageError("--base needs a path, e.g. /course/ or ./");

    const root = process.cwd();
    const configFile = configFiles.map((name) => join(root, name)).find((file) => existsSync(file));
    if (!configFile && !existsSync(join(root, "notebooks"))) {
      return usageError(`no vite.config.ts and no notebooks/ folder in ${root}: run it in a Backstep course folder`);
    }
    const outDir = resolve(root, values.out ?? "dist");
    const unsafe = values.out === undefined ? null : checkOutDir(root, outDir);
    if (unsafe) return usageError(unsafe);
    try {
      const {build: viteBuild} = await import("vite");
      // Without a config file: the same plugin the project's vite.config.ts registers.
      const plugins = configFile ? [] : [(await import("../../vite/plugin.ts")).backstep()];
      const output = await viteBuild({
        root,
        configFile: configFile ?? false,
        logLevel: "warn",
        plugins,
        ...(values.base !== undefined ? {base: values.base} : {}),
        build: {outDir}
      });
      const pages = countPages(output);
      process.stderr.write(`built ${pages} page${pages === 1 ? "" : "s"} into ${displayPath(outDir)}\n`);
      return 0;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const diagnostics = message.match(diagnosticLine);
      if (diagnostics) {
        process.stdout.write(diagnostics.join("\n") + "\n");
        const errors = diagnostics.filter((line) => /:\d+:\d+: error: /.test(line)).length;
        process.stderr.write(`backstep build: failed, ${errors} error${errors === 1 ? "" : "s"} in lessons\n`);
      } else {
        process.stderr.write(`backstep build: ${message}\n`);
      }
      return 1;
    }
  }
};

function usageError(message: string): number {
  process.stderr.write(`backstep build: ${message}\n\nRun 'backstep build --help' for usage.\n`);
  return 2;
}

/**
 * Vite empties an output folder inside the project before writing: refuse one that holds the project or
 * is not a previous build (e.g. `--out notebooks` would delete the lessons).
 */
function checkOutDir(root: string, outDir: string): string | null {
  if (isWithin(outDir, root)) return `--out ${outDir} contains the project; give a folder for the site only`;
  const previousBuild = existsSync(join(outDir, "index.html")) || existsSync(join(outDir, "lessons"));
  if (isWithin(root, outDir) && existsSync(outDir) && readdirSync(outDir).length && !previousBuild) {
    return `--out ${displayPath(outDir)} is a folder of the project with other files in it; the build would empty it`;
  }
  return null;
}

/** True when `inner` is `outer` or inside it. */
function isWithin(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** HTML files written (index and lessons), from build()'s Rollup-style output. */
function countPages(output: unknown): number {
  const outputs = (Array.isArray(output) ? output : [output]) as {output?: {fileName: string}[]}[];
  return outputs.flatMap((o) => o.output ?? []).filter((file) => file.fileName.endsWith(".html")).length;
}
