// Entry point of the index page: fills each lesson's progress slot from localStorage.
import "./style.css";
import {formatLessonProgress, readLessonProgress} from "./progress.ts";
import type {LessonSummary} from "./types.ts";

function fillProgress(): void {
  const data = document.getElementById("bs-lessons-data")?.textContent;
  const lessons = data ? (JSON.parse(data) as LessonSummary[]) : [];
  for (const lesson of lessons) {
    const slot = document.querySelector<HTMLElement>(`.bs-progress[data-lesson="${CSS.escape(lesson.name)}"]`);
    if (!slot) continue;
    const progress = readLessonProgress(lesson.name, lesson.exercises);
    slot.textContent = formatLessonProgress(progress);
    slot.dataset.complete = String(progress.total > 0 && progress.passed === progress.total);
  }
  document.documentElement.dataset.backstep = "ready";
}

fillProgress();
// Progress written in another tab (the learner finishing an exercise) shows up without a reload.
window.addEventListener("storage", fillProgress);
