// Finds and compiles the lessons in notebooks/.
import {existsSync, readdirSync, readFileSync} from "node:fs";
import {join, relative} from "node:path";
import {compileNotebook} from "../notebook/compile.ts";
import type {CompiledNotebook, CompileOptions} from "../notebook/types.ts";
import type {LessonSummary} from "../client/types.ts";
import {lessonName} from "./page-data.ts";

export interface Lesson {
  name: string;
  /** Absolute path of the .md file. */
  path: string;
  /** Path relative to the project root ("notebooks/sample.md"), used in messages. */
  file: string;
}

export function listLessons(root: string, dir: string): Lesson[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".md") && !name.startsWith("_") && !name.startsWith("."))
    .sort()
    .map((name) => ({name: lessonName(name), path: join(dir, name), file: relative(root, join(dir, name)).split("\\").join("/")}));
}

export function compileLesson(lesson: Lesson, options: CompileOptions = {}): CompiledNotebook {
  return compileNotebook(readFileSync(lesson.path, "utf8"), lesson.file, options);
}

/**
 * Lessons in front-matter `order` (then by name), with hrefs relative to the index page. A page with
 * `index: false` in its front matter (e.g. the feature showcase sample.md) is left out of the list; it
 * still builds and is reachable by its URL.
 */
export function summarizeLessons(lessons: Lesson[], compile: (lesson: Lesson) => CompiledNotebook = compileLesson): LessonSummary[] {
  return lessons
    .map((lesson) => ({lesson, notebook: compile(lesson)}))
    .filter(({notebook}) => notebook.frontMatter.index !== false)
    .map(({lesson, notebook}) => {
      const exercises = [...new Set(notebook.cells.flatMap((c) => (c.options.exercise ? [c.options.exercise] : [])))];
      const description = typeof notebook.frontMatter.description === "string" ? notebook.frontMatter.description : undefined;
      return {name: lesson.name, title: notebook.title, order: notebook.order, href: `lessons/${lesson.name}.html`, exercises, ...(description ? {description} : {})};
    })
    .sort((a, b) => (a.order === b.order ? a.name.localeCompare(b.name) : a.order - b.order));
}
