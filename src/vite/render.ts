// HTML shells for lesson pages and the index. The script URL is resolved by the plugin (clientEntries);
// Vite rewrites it (relative in the build, base "./").
import type {Diagnostic} from "../notebook/types.ts";
import type {LessonSummary, PageData} from "../client/types.ts";
import {escapeHtml} from "../notebook/math/render.ts";
import {scriptJson} from "./page-data.ts";

function head(title: string): string {
  return `<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>`;
}

function renderDiagnostics(diagnostics: Diagnostic[]): string {
  if (!diagnostics.length) return "";
  const items = diagnostics.map((d) => `<li>${escapeHtml(`${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`)}</li>`);
  return `<aside class="bs-diagnostics"><strong>This lesson has problems:</strong><ul>${items.join("")}</ul></aside>`;
}

export function renderLessonPage(page: PageData, html: string, diagnostics: Diagnostic[] = []): string {
  return `<!doctype html>
<html lang="en">
<head>
${head(`${page.title} — Backstep`)}
</head>
<body class="bs-page">
<nav class="bs-topbar"><a href="../index.html" class="bs-home">Backstep</a><span class="bs-topbar-title">${escapeHtml(page.title)}</span></nav>
<main class="bs-lesson">
${renderDiagnostics(diagnostics)}${html}
</main>
<script type="application/json" id="bs-page-data">${scriptJson(page)}</script>
<script type="module" src="/@backstep/lesson.js"></script>
</body>
</html>
`;
}

/** The lesson list inserted into index.html (works without JavaScript; progress slots fill in with it). */
export function renderLessonList(lessons: LessonSummary[]): string {
  if (!lessons.length) return `<p class="bs-empty">No lessons yet: add a Markdown file to <code>notebooks/</code>.</p>`;
  const items = lessons.map((lesson, i) => `<li class="bs-lesson-item" data-lesson="${escapeHtml(lesson.name)}">
  <span class="bs-lesson-main"><a href="${escapeHtml(lesson.href)}"><span class="bs-lesson-number">${i + 1}</span> <span class="bs-lesson-title">${escapeHtml(lesson.title)}</span></a>${
    lesson.description ? `\n  <span class="bs-lesson-description">${escapeHtml(lesson.description)}</span>` : ""}</span>
  <span class="bs-progress" data-lesson="${escapeHtml(lesson.name)}"></span>
</li>`);
  return `<ol class="bs-lessons">
${items.join("\n")}
</ol>
<script type="application/json" id="bs-lessons-data">${scriptJson(lessons)}</script>`;
}
