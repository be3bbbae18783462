// The submission file: one JavaScript module with every exercise's function, a header naming the
// course, and a marker comment before each exercise. Pure string work (browser, CLI and sandbox).

export interface SubmissionEntry {
  /** Exercise id (content/exercises). */
  id: string;
  lesson: string;
  source: string;
}

export interface Submission {
  course: string;
  entries: SubmissionEntry[];
  /** Who exported it (the page asks once); written as `// student:` and `// student id:` lines. */
  student?: {name: string; id: string};
}

const marker = /^\/\/ ---- exercise ([A-Za-z_][\w]*) \(lesson ([^)]*)\) ----$/;

/** Builds the module text: `export` is added to each exercise's function declaration. */
export function buildSubmission(sub: Submission, fnOf: (id: string) => string, exportedAt = new Date().toISOString()): string {
  const lessons = [...new Set(sub.entries.map((e) => e.lesson))];
  const head = [
    `// Backstep submission`,
    `// course: ${sub.course}`,
    `// lessons: ${lessons.join(", ")}`,
    `// exercises: ${sub.entries.map((e) => e.id).join(", ")}`,
    `// exported: ${exportedAt}`,
    // One line each, whatever was typed: a newline in a name must not start code.
    ...(sub.student?.name ? [`// student: ${sub.student.name.replace(/[\r\n\u2028\u2029]+/g, " ")}`] : []),
    ...(sub.student?.id ? [`// student id: ${sub.student.id.replace(/[\r\n\u2028\u2029]+/g, " ")}`] : []),
    ``
  ];
  const body = sub.entries.map((e) => {
    const fn = fnOf(e.id);
    const source = e.source.trimEnd().replace(new RegExp(`^(\\s*)(async\\s+)?function\\s+${fn}\\b`, "m"), `$1export $2function ${fn}`);
    return `// ---- exercise ${e.id} (lesson ${e.lesson}) ----\n${source}\n`;
  });
  return [...head, ...body].join("\n");
}

/** Splits a submission file back into entries (the text between markers, `export ` removed). */
export function parseSubmission(text: string): Submission {
  const course = /^\/\/ course: (.*)$/m.exec(text)?.[1]?.trim() ?? "";
  const entries: SubmissionEntry[] = [];
  let current: SubmissionEntry | null = null;
  const lines: string[] = [];
  const flush = () => {
    if (current) entries.push({...current, source: lines.join("\n").replace(/^(\s*)export\s+(async\s+)?function/m, "$1$2function").trim() + "\n"});
    lines.length = 0;
  };
  for (const line of text.split(/\r?\n/)) {
    const m = marker.exec(line);
    if (m) {
      flush();
      current = {id: m[1], lesson: m[2], source: ""};
    } else if (current) lines.push(line);
  }
  flush();
  return {course, entries};
}
