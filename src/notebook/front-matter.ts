// Splits YAML front matter (`---` … `---` at the top) from the Markdown. The front matter lines are replaced by
// blank lines, so line numbers in the remaining Markdown are still the file's line numbers.
import {parse as parseYaml} from "yaml";
import type {FrontMatter} from "./types.ts";

export interface SplitFrontMatter {
  data: FrontMatter;
  /** The source with the front matter blanked out (same number of lines). */
  body: string;
  /** A YAML or shape problem, with its 1-based line in the file. */
  error: {line: number; message: string} | null;
}

export function splitFrontMatter(source: string): SplitFrontMatter {
  const match = /^---[ \t]*\r?\n([\s\S]*?)^---[ \t]*$/m.exec(source);
  if (!match || match.index !== 0) return {data: {}, body: source, error: null};
  const blanked = match[0].replace(/[^\n]/g, "");
  const body = blanked + source.slice(match[0].length);
  try {
    const value: unknown = parseYaml(match[1]) ?? {};
    if (typeof value !== "object" || Array.isArray(value)) return {data: {}, body, error: {line: 2, message: "front matter must be a mapping (key: value lines)"}};
    return {data: value as FrontMatter, body, error: checkShape(value as FrontMatter)};
  } catch (error) {
    const line = (error as {linePos?: {line: number}[]}).linePos?.[0]?.line ?? 1;
    return {data: {}, body, error: {line: line + 1, message: `front matter: ${(error as Error).message.split("\n")[0]}`}};
  }
}

function checkShape(data: FrontMatter): {line: number; message: string} | null {
  if (data.title !== undefined && typeof data.title !== "string") return {line: 2, message: "front matter: title must be text"};
  if (data.order !== undefined && typeof data.order !== "number") return {line: 2, message: "front matter: order must be a number"};
  if (data.macros !== undefined) {
    if (typeof data.macros !== "object" || data.macros === null || Array.isArray(data.macros)) return {line: 2, message: "front matter: macros must map \\name to its TeX"};
    for (const [name, value] of Object.entries(data.macros)) {
      if (!name.startsWith("\\") || typeof value !== "string") return {line: 2, message: `front matter: macro '${name}' must look like "\\\\name": "TeX"`};
    }
  }
  return null;
}
