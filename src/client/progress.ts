// Exercise progress in localStorage, shared by the exercise UI (writer) and the lesson index (reader).
// Key: "backstep:progress:<lesson>:<exerciseId>", value: JSON ExerciseProgress.
import {safeStorage} from "./storage.ts";

export type ExerciseStatus = "passed" | "attempted";

export interface ExerciseProgress {
  status: ExerciseStatus;
  /** Steps checked correct / steps in the exercise, when the exercise has steps. */
  steps?: {done: number; total: number};
  updatedAt: number;
}

export interface LessonProgress {
  passed: number;
  attempted: number;
  total: number;
}

export function progressKey(lesson: string, exerciseId: string): string {
  return `backstep:progress:${lesson}:${exerciseId}`;
}

export function readExerciseProgress(lesson: string, exerciseId: string): ExerciseProgress | null {
  const raw = safeStorage()?.getItem(progressKey(lesson, exerciseId));
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as ExerciseProgress;
    return value.status === "passed" || value.status === "attempted" ? value : null;
  } catch {
    return null;
  }
}

export function writeExerciseProgress(lesson: string, exerciseId: string, progress: Omit<ExerciseProgress, "updatedAt">): void {
  safeStorage()?.setItem(progressKey(lesson, exerciseId), JSON.stringify({...progress, updatedAt: Date.now()}));
}

/** Progress over a lesson's exercises (ids listed by the compiled lesson). */
export function readLessonProgress(lesson: string, exerciseIds: readonly string[]): LessonProgress {
  let passed = 0, attempted = 0;
  for (const id of exerciseIds) {
    const status = readExerciseProgress(lesson, id)?.status;
    if (status === "passed") passed++;
    else if (status === "attempted") attempted++;
  }
  return {passed, attempted, total: exerciseIds.length};
}

/** Text for the index's progress slot: "2 / 5 exercises", "" when the lesson has none. */
export function formatLessonProgress(progress: LessonProgress): string {
  if (progress.total === 0) return "";
  const noun = progress.total === 1 ? "exercise" : "exercises";
  return `${progress.passed} / ${progress.total} ${noun}`;
}
