// The data a lesson page carries (embedded by src/vite as JSON) and the client runtime consumes.
// src/vite/page-data.ts builds it from the compiler's output; src/client/compile.ts builds the same
// shape for a cell the learner edited.

import type {CellOptions} from "../notebook/types.ts";

export type {CellOptions};

export interface PageCell {
  id: string;
  mode: "block" | "inline";
  /** 1-based line in the .md file of the cell's first source line. */
  line: number;
  /** The authored source (for editors, echo and hashing). */
  source: string;
  options: CellOptions;
  /** Names the body function takes, in order (may include display, view, __guard, np, ...). */
  inputs: string[];
  /** Top-level declarations; the body returns {name: value} for them. */
  outputs: string[];
  /** A JavaScript function expression, e.g. "async (x, display) => {...}". */
  body: string;
  /** The body returns a value to display (expression cells not already wrapped in display()). */
  autodisplay: boolean;
  /** The 1-based line of `body` that holds source line 1 (the compiler puts a header on line 1: 2). */
  bodyFirstLine: number;
  /** A compile error to show in place of running the cell; `line` is the line in the .md file. */
  error?: {message: string; line: number};
}

export interface PageData {
  /** Lesson name (file name without .md). */
  lesson: string;
  /** Path of the .md file relative to the project, for error messages ("notebooks/sample.md"). */
  file: string;
  title: string;
  cells: PageCell[];
  /** Exercise ids in this lesson (for progress). */
  exercises: string[];
}

export interface LessonSummary {
  name: string;
  title: string;
  order: number;
  href: string;
  exercises: string[];
  description?: string;
}
