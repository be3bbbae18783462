// Reads one submission file and checks it is gradable text before any code runs: size cap,
// not empty, valid UTF-8 without NUL bytes, parses as a module. Runs on the trusted side.
import {openSync, readSync, closeSync, fstatSync, constants} from "node:fs";
import {parse} from "acorn";

export interface SubmissionSource {
  source: string;
  course?: string;
  lesson?: string;
  /** Names the module exports (functions or not). */
  exports: string[];
  /** Exports that are function declarations or function expressions. */
  functions: string[];
  /** Source text of each exported function (to tell untouched starter code). */
  functionSources: Record<string, string>;
}

export type ReadResult = {ok: true; submission: SubmissionSource} | {ok: false; message: string};

function formatBytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KB`;
  return `${n} bytes`;
}

export function readSubmission(file: string, maxBytes: number): ReadResult {
  let fd: number;
  try {
    // Non-blocking: opening a FIFO that slipped in (renamed after the folder was listed) must not hang.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return {ok: false, message: `cannot read file: ${(e as Error).message}`};
  }
  let bytes: Buffer;
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return {ok: false, message: "not a regular file: not read"};
    const size = stat.size;
    if (size > maxBytes) return {ok: false, message: `file is too large: ${formatBytes(size)} (limit ${formatBytes(maxBytes)})`};
    bytes = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    bytes = bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
  return checkSource(bytes);
}

export function checkSource(bytes: Uint8Array): ReadResult {
  if (bytes.includes(0)) return {ok: false, message: "binary file (contains NUL bytes); expected JavaScript text"};
  let source: string;
  try {
    source = new TextDecoder("utf-8", {fatal: true}).decode(bytes);
  } catch {
    return {ok: false, message: "binary file (not valid UTF-8); expected JavaScript text"};
  }
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  if (source.trim() === "") return {ok: false, message: "empty file"};
  let program: ReturnType<typeof parse>;
  try {
    program = parse(source, {ecmaVersion: "latest", sourceType: "module", locations: true});
  } catch (e) {
    const err = e as SyntaxError & {loc?: {line: number; column: number}};
    const where = err.loc ? ` at line ${err.loc.line}, column ${err.loc.column + 1}` : "";
    return {ok: false, message: `syntax error${where}: ${err.message.replace(/\s*\(\d+:\d+\)$/, "")}`};
  }
  const exports: string[] = [];
  const functions: string[] = [];
  const functionSources: Record<string, string> = {};
  for (const node of program.body as unknown as {type: string; declaration?: any; specifiers?: any[]}[]) {
    if (node.type !== "ExportNamedDeclaration") continue;
    const d = node.declaration;
    if (d?.type === "FunctionDeclaration") {
      exports.push(d.id.name);
      functions.push(d.id.name);
      functionSources[d.id.name] = source.slice(d.start, d.end);
    } else if (d?.type === "VariableDeclaration") {
      for (const v of d.declarations) {
        if (v.id.type !== "Identifier") continue;
        exports.push(v.id.name);
        if (v.init && /Function|ArrowFunction/.test(v.init.type)) {
          functions.push(v.id.name);
          functionSources[v.id.name] = source.slice(d.start, d.end);
        }
      }
    }
    for (const s of node.specifiers ?? []) exports.push(s.exported.name ?? s.exported.value);
  }
  return {ok: true, submission: {source, exports, functions, functionSources, ...parseHeader(source)}};
}

/**
 * `// course: cs231n` and `// lesson: batchnorm` (or `lessons: a, b` as the browser export writes it;
 * `@course`, `=` also work) in the leading comments.
 */
/** The comments before a submission's first line of code (its header). */
export function leadingComments(source: string): string {
  return source.match(/^(?:\s*(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/))*/)?.[0] ?? "";
}

export function parseHeader(source: string): {course?: string; lesson?: string} {
  const head = leadingComments(source);
  const pick = (key: string) => head.match(new RegExp(`@?\\b${key}s?\\s*[:=]\\s*([^\\n*]+)`, "i"))?.[1].trim();
  const out: {course?: string; lesson?: string} = {};
  const course = pick("course");
  const lesson = pick("lesson");
  if (course) out.course = course;
  if (lesson) out.lesson = lesson;
  return out;
}
