// Expands the command line's files and folders into submissions, one entry per path that looks like
// one, so every such path gets a row. A file named on the command line is always graded (whatever it
// contains: the grader reports why it cannot be graded). Inside folders, *.js and *.mjs files are
// graded, recursively; names starting with "." (hidden files and folders, e.g. macOS's `._x.js`) and
// node_modules are skipped and counted. Symbolic links are never followed out of the folder they were
// found in: a link to a file inside it is graded once (under the file's own name) and noted; a link
// elsewhere, a FIFO, a device or a socket gets a row that says why it was not read.
import {lstatSync, readdirSync, realpathSync, statSync, type Stats} from "node:fs";
import {basename, join, relative, sep} from "node:path";

export interface FoundSubmission {
  /** Shown in the gradebook: the file's path relative to the folder given, or its base name. */
  name: string;
  file: string;
  /** Set when the path must not be read: the row's message. */
  problem?: string;
  /** A note for the row (e.g. "a symbolic link to a.js, graded once as a.js"). */
  note?: string;
}

export interface FoundSubmissions {
  found: FoundSubmission[];
  missing: string[];
  /** Hidden paths skipped inside folders (names starting with "."). */
  hidden: string[];
}

/** Submission files, and zip archives of them (LMS bulk downloads, expanded by archives.ts). */
const submissionFile = /\.(m?js|zip)$/i;

function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  if (stat.isDirectory()) return "a folder";
  return "not a regular file";
}

export function findSubmissions(paths: string[]): FoundSubmissions {
  const found: FoundSubmission[] = [];
  const missing: string[] = [];
  const hidden: string[] = [];
  const byRealPath = new Map<string, FoundSubmission>();
  const add = (entry: FoundSubmission, real?: string) => {
    if (real) {
      const first = byRealPath.get(real);
      if (first) {
        // The same file reached twice (a link inside the folder, or named twice): graded once.
        if (entry.note) first.note = first.note ? `${first.note}; ${entry.note}` : entry.note;
        return;
      }
      byRealPath.set(real, entry);
    }
    found.push(entry);
  };
  for (const path of paths) {
    let stat: Stats;
    try {
      stat = statSync(path);
    } catch {
      missing.push(path);
      continue;
    }
    if (stat.isDirectory()) walk(path, realpathSync(path), path, add, hidden);
    else if (stat.isFile()) add({name: basename(path), file: path}, realpathSync(path));
    else add({name: basename(path), file: path, problem: `${kindOf(stat)}, not a submission file: not read`});
  }
  return {found, missing, hidden};
}

function walk(dir: string, rootReal: string, root: string, add: (e: FoundSubmission, real?: string) => void, hidden: string[]): void {
  const entries = readdirSync(dir, {withFileTypes: true}).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const name = relative(root, path);
    if (entry.name.startsWith(".")) {
      if (entry.isDirectory() || submissionFile.test(entry.name)) hidden.push(name);
      continue;
    }
    if (entry.name === "node_modules") continue;
    if (entry.isDirectory()) {
      walk(path, rootReal, root, add, hidden);
      continue;
    }
    if (!submissionFile.test(entry.name)) continue;
    let stat: Stats;
    try {
      stat = lstatSync(path);
    } catch (e) {
      add({name, file: path, problem: `cannot read file: ${(e as Error).message}`});
      continue;
    }
    if (stat.isSymbolicLink()) {
      let real: string;
      try {
        real = realpathSync(path);
      } catch {
        add({name, file: path, problem: "a symbolic link to nothing (its target does not exist): not read"});
        continue;
      }
      const inside = real === rootReal || real.startsWith(rootReal + sep);
      if (!inside) {
        add({name, file: path, problem: "a symbolic link to a file outside the submissions folder: not followed"});
        continue;
      }
      let target: Stats;
      try {
        target = statSync(real);
      } catch (e) {
        add({name, file: path, problem: `cannot read file: ${(e as Error).message}`});
        continue;
      }
      if (!target.isFile()) {
        add({name, file: path, problem: `a symbolic link to ${kindOf(target)}: not read`});
        continue;
      }
      const targetName = relative(rootReal, real);
      add({name: targetName, file: real, note: `${name} is a symbolic link to ${targetName}, graded once as ${targetName}`}, real);
      continue;
    }
    if (!stat.isFile()) {
      add({name, file: path, problem: `${kindOf(stat)}, not a submission file: not read`});
      continue;
    }
    add({name, file: path}, realpathSync(path));
  }
}
