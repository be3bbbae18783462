// `backstep check [files or folders…]`: validates lessons without a browser (front matter, Markdown math, cell
// syntax, duplicate definitions, unknown exercise ids). Prints `file:line:col: message`; exit 1 on any error.
import {readdir, readFile, stat} from "node:fs/promises";
import {join} from "node:path";
import {displayPath} from "../display-path.ts";
import {checkNotebook, formatDiagnostic} from "../../notebook/index.ts";
import type {Command} from "../commands.ts";

const usage = `Usage: backstep check [files or folders…]

Checks lessons (default: notebooks/). Folders are searched for .md files.
Prints file:line:col: message for each problem; exit status 1 when there is any, 2 on bad usage.
`;

export const check: Command = {
  summary: "validate lessons: Markdown, math, cells, exercise ids",
  async run(args) {
    if (args.includes("--help") || args.includes("-h")) {
      process.stdout.write(usage);
      return 0;
    }
    const unknownFlag = args.find((a) => a.startsWith("-"));
    if (unknownFlag) {
      process.stderr.write(`backstep check: unknown option '${unknownFlag}'\n\n${usage}`);
      return 2;
    }
    const targets = args.length ? args : ["notebooks"];
    const files: string[] = [];
    for (const target of targets) {
      try {
        files.push(...(await findMarkdown(target)));
      } catch {
        process.stderr.write(`backstep check: cannot read '${target}'\n`);
        return 2;
      }
    }
    if (!files.length) {
      process.stderr.write(`backstep check: no .md files in ${targets.join(", ")}\n`);
      return 2;
    }
    const exerciseIds = await loadExerciseIds();
    let errors = 0;
    for (const file of files) {
      const source = await readFile(file, "utf8");
      const diagnostics = checkNotebook(source, displayPath(file), {exerciseIds});
      for (const d of diagnostics) {
        if (d.severity === "error") ++errors;
        process.stdout.write(formatDiagnostic(d) + "\n");
      }
    }
    process.stderr.write(errors ? `${errors} error${errors === 1 ? "" : "s"} in ${files.length} file${files.length === 1 ? "" : "s"}\n` : `${files.length} file${files.length === 1 ? "" : "s"} ok\n`);
    return errors ? 1 : 0;
  }
};

async function findMarkdown(target: string): Promise<string[]> {
  if (!(await stat(target)).isDirectory()) return [target];
  const entries = await readdir(target, {withFileTypes: true, recursive: true});
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".md"))
    .map((e) => join(e.parentPath ?? target, e.name))
    .sort();
}

/** Ids from the exercise registry (content/exercises/index.ts); undefined (no id check) if it cannot load. */
async function loadExerciseIds(): Promise<string[] | undefined> {
  try {
    const registry = (await import("../../../content/exercises/index.ts")) as {exercises?: Record<string, unknown>};
    return registry.exercises ? Object.keys(registry.exercises) : undefined;
  } catch (error) {
    process.stderr.write(`backstep check: warning: exercise registry did not load (${(error as Error).message}); exercise ids not checked\n`);
    return undefined;
  }
}
