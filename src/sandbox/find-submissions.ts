// Expands the command line's files and folders into submissions. A file named on the command
// line is always graded (whatever it contains: the grader reports why it cannot be graded);
// inside folders, *.js and *.mjs files are graded, recursively, skipping dot-folders and node_modules.
import {readdirSync, statSync} from "node:fs";
import {basename, join, relative} from "node:path";

export interface FoundSubmission {
  /** Shown in the gradebook: the file's path relative to the folder given, or its base name. */
  name: string;
  file: string;
}

const submissionFile = /\.m?js$/i;

export function findSubmissions(paths: string[]): {found: FoundSubmission[]; missing: string[]} {
  const found: FoundSubmission[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (file: string, name: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    found.push({name, file});
  };
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      missing.push(path);
      continue;
    }
    if (stat.isDirectory()) {
      for (const file of walk(path)) add(file, relative(path, file));
    } else {
      add(path, basename(path));
    }
  }
  return {found, missing};
}

function walk(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, {withFileTypes: true}).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else if (entry.isFile() && submissionFile.test(entry.name)) out.push(path);
  }
  return out;
}
