// `backstep assignment init [file]`: writes a commented assignment file listing the course's exercises;
// `backstep assignment check <file>`: validates one (file:line messages, exit 1).
import {existsSync, readFileSync, writeFileSync} from "node:fs";
import type {Command} from "../commands.ts";
import {loadCatalog} from "../../sandbox/index.ts";
import {assignmentTemplate, parseAssignment} from "../../gradebook/assignment.ts";

const help = `Usage: backstep assignment init [file.yaml]    write a commented assignment (default: assignment.yaml)
       backstep assignment check <file.yaml>     check one: every problem as file:line: message
`;

async function run(args: string[]): Promise<number> {
  const [sub, file] = args;
  const catalog = await loadCatalog();
  if (sub === "init") {
    const out = file ?? "assignment.yaml";
    if (existsSync(out)) {
      process.stderr.write(`backstep assignment: ${out} exists; not overwritten\n`);
      return 2;
    }
    writeFileSync(out, assignmentTemplate(catalog.map((e) => ({id: e.id, title: e.title, ...(e.lesson ? {lesson: e.lesson} : {})}))));
    process.stdout.write(`Wrote ${out} (${catalog.length} exercises, 10 points each): edit it, then backstep grade submissions/ --assignment ${out}\n`);
    return 0;
  }
  if (sub === "check" && file) {
    if (!existsSync(file)) {
      process.stderr.write(`backstep assignment: ${file} does not exist (backstep assignment init ${file} writes one)\n`);
      return 2;
    }
    try {
      const a = parseAssignment(readFileSync(file, "utf8"), file, catalog.map((e) => e.id));
      process.stdout.write(`${file}: ok — "${a.title}", ${a.exercises.length} exercises, ${a.exercises.reduce((s, e) => s + e.points, 0)} points\n`);
      return 0;
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n`);
      return 1;
    }
  }
  process.stdout.write(help);
  return sub === "help" || sub === "--help" || sub === "-h" ? 0 : 2;
}

export const assignment: Command = {summary: "write (init) or check an assignment file for backstep grade", run};
