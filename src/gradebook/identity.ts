// Who a submission belongs to. An LMS bulk download names each file after the student: `--id-from`
// takes a regular expression with named groups (`id`, and optionally `name`, `late`, `sub`), as
// nbgrader's zip_collect does, or a preset: Canvas (`lastfirst[_LATE]_<userid>_<subid>_<file>`) and
// Moodle (`Full Name_<id>_assignsubmission_file_<file>`, also as a folder name). Without a match the
// submission's own header (`// student: …`, `// student id: …`, written by the page's export) is used,
// and last the file name. Lateness is only ever taken from the LMS (the name's LATE marker here),
// never from the learner-writable header.

import {leadingComments} from "../sandbox/read-submission.ts";

export interface StudentIdentity {
  /** The key the gradebooks use (Canvas user id, Moodle id, the header's student id, or the file name). */
  id: string;
  name?: string;
  /** The LMS marked the submission late. */
  late?: boolean;
  /** The LMS's submission number (Canvas), to tell a student's latest submission. */
  submission?: number;
  /** Where the id came from. */
  from: "file name" | "header" | "path";
}

export const idPresets: Record<string, RegExp> = {
  canvas: /^(?<name>[^_/]+?)(?:_(?<late>LATE))?_(?<id>\d+)_(?<sub>\d+)_(?<file>.+)$/,
  moodle: /^(?<name>[^/_]+?)_(?<id>\d+)_assignsubmission_(?:file|onlinetext)_(?<file>.*)$/
};

/** `--id-from canvas|moodle|<regex>` as a RegExp; throws with the reason for a bad regex or missing `id` group. */
export function idPattern(spec: string): RegExp {
  const preset = idPresets[spec.toLowerCase()];
  if (preset) return preset;
  let re: RegExp;
  try {
    re = new RegExp(spec);
  } catch (e) {
    throw new Error(`--id-from: not a regular expression: ${(e as Error).message}`);
  }
  if (!/\(\?<id>/.test(spec)) throw new Error(`--id-from: the expression needs a named group (?<id>…); presets: ${Object.keys(idPresets).join(", ")}`);
  return re;
}

/** Reads `// student: Ada Lovelace` and `// student id: 12345` from the leading comments. */
export function headerIdentity(source: string): {name?: string; id?: string} {
  const head = leadingComments(source);
  const id = /^\s*\/\/\s*student[ _-]?id\s*:\s*(.{1,100}?)\s*$/im.exec(head)?.[1];
  const name = /^\s*\/\/\s*student(?:[ _-]?name)?\s*:\s*(.{1,200}?)\s*$/im.exec(head)?.[1];
  return {...(id ? {id} : {}), ...(name ? {name} : {})};
}

/** The student of a submission at `path` (relative to the submissions folder or zip). */
export function identify(path: string, source: string | null, pattern: RegExp | null): StudentIdentity {
  if (pattern) {
    // The whole relative path first, then each segment (Moodle nests files in a per-student folder).
    for (const candidate of [path, ...path.split("/")]) {
      const g = pattern.exec(candidate)?.groups;
      if (g?.id) {
        return {
          id: g.id, from: "file name",
          ...(g.name ? {name: g.name} : {}),
          ...(g.late ? {late: true} : {}),
          ...(g.sub && /^\d+$/.test(g.sub) ? {submission: Number(g.sub)} : {})
        };
      }
    }
  }
  const header = source ? headerIdentity(source) : {};
  if (header.id) return {id: header.id, from: "header", ...(header.name ? {name: header.name} : {})};
  return {id: path.replace(/\.[cm]?js$/i, ""), from: "path", ...(header.name ? {name: header.name} : {})};
}
