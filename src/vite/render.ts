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

/**
 * Browsers refuse module scripts (and their CSS) from file://, so a built page opened from disk would
 * show nothing and say nothing. This classic inline script, styled inline, says how to serve it.
 */
export const fileProtocolNotice = `<script>if (location.protocol === "file:") document.addEventListener("DOMContentLoaded", function () {
  var box = document.createElement("div");
  box.className = "bs-file-notice";
  box.setAttribute("role", "alert");
  box.style.cssText = "font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:1rem auto;padding:0.8rem 1rem;border:2px solid #b26a00;border-radius:6px;background:#fff8e1;color:#222";
  box.innerHTML = "<strong>This page was opened as a file, so its code cannot run.</strong> Browsers do not load the course's scripts from <code>file://</code>. Serve the folder instead, then open the address it prints: <code>npx vite preview</code> in the project, or <code>python3 -m http.server</code> (any static server) in the built folder.";
  document.body.insertBefore(box, document.body.firstChild);
});</script>`;

export function renderLessonPage(page: PageData, html: string, diagnostics: Diagnostic[] = []): string {
  return `<!doctype html>
<html lang="en">
<head>
${head(`${page.title} — Backstep`)}
</head>
<body class="bs-page">
${fileProtocolNotice}
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
