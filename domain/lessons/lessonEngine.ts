import { z } from "zod";
import type { Verdict } from "../evaluator/verdict.ts";
import { activitiesOf, type Activity, type Lesson, type Stage } from "./lesson.ts";

/**
 * One learner's way through a lesson, as pure data and functions: attempts, hints, skips,
 * advancing on a pass, revealing the answer after the last attempt, and the final summary.
 */

/** Attempts at one activity before the tutor shows the answer and moves on. */
export const MAX_ATTEMPTS = 3;

/** How one activity went; stored with the progress, so it is read back through this schema. */
export const activityResultSchema = z.object({
  score: z.number(),
  pass: z.boolean(),
  attempts: z.number().int(),
  hints: z.number().int(),
  skipped: z.boolean(),
  revealed: z.boolean(),
});
export type ActivityResult = z.infer<typeof activityResultSchema>;

export const PROGRESS_STATUSES = ["in_progress", "completed"] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** What every record of a learner's way through a lesson holds, in memory or stored. */
interface ProgressCounts {
  /** Attempts so far on the current activity. */
  attempts: number;
  /** Hints shown so far on the current activity. */
  hints: number;
  results: Record<string, ActivityResult>;
  status: ProgressStatus;
}

/** Progress while the lesson runs: the position is an index into the lesson's activities. */
export interface LessonProgress extends ProgressCounts {
  lessonId: string;
  /** Position in the lesson's activities; equals their count once completed. */
  index: number;
}

/**
 * Progress as it is stored and read back: the position is an activity id, so that resuming
 * tolerates content that changed since (see resumeLesson).
 */
export interface SavedProgress extends ProgressCounts {
  currentActivityId: string | null;
}

export interface Position {
  stage: Stage;
  activity: Activity;
  index: number;
  total: number;
}

export function startLesson(lesson: Lesson): LessonProgress {
  return { lessonId: lesson.id, index: 0, attempts: 0, hints: 0, results: {}, status: "in_progress" };
}

/**
 * Continues where the learner left off. A completed lesson starts over. If the saved
 * activity no longer exists, the learner resumes at the first activity without a result.
 */
export function resumeLesson(lesson: Lesson, saved: SavedProgress | undefined): LessonProgress {
  if (!saved || saved.status === "completed") return startLesson(lesson);
  const activities = activitiesOf(lesson);
  const results = Object.fromEntries(
    Object.entries(saved.results).filter(([id]) => activities.some((entry) => entry.activity.id === id)),
  );
  const savedIndex = activities.findIndex((entry) => entry.activity.id === saved.currentActivityId);
  if (savedIndex >= 0) {
    return { lessonId: lesson.id, index: savedIndex, attempts: saved.attempts, hints: saved.hints, results, status: "in_progress" };
  }
  const firstOpen = activities.findIndex((entry) => !(entry.activity.id in results));
  return { lessonId: lesson.id, index: firstOpen < 0 ? 0 : firstOpen, attempts: 0, hints: 0, results, status: "in_progress" };
}

/** What to store of `progress`; resumeLesson reads it back. */
export function savedProgress(lesson: Lesson, progress: LessonProgress): SavedProgress {
  const { attempts, hints, results, status } = progress;
  return { currentActivityId: positionOf(lesson, progress)?.activity.id ?? null, attempts, hints, results, status };
}

export function positionOf(lesson: Lesson, progress: LessonProgress): Position | undefined {
  const activities = activitiesOf(lesson);
  const entry = activities[progress.index];
  return entry && progress.status === "in_progress" ? { ...entry, total: activities.length } : undefined;
}

export type TurnOutcome = "retry" | "advance" | "reveal";

export interface TurnResult {
  progress: LessonProgress;
  outcome: TurnOutcome;
  /** Attempts left on this activity after this turn (0 when it moved on). */
  attemptsLeft: number;
}

function moveOn(lesson: Lesson, progress: LessonProgress, activityId: string, result: ActivityResult): LessonProgress {
  const index = progress.index + 1;
  const completed = index >= activitiesOf(lesson).length;
  return {
    ...progress,
    index,
    attempts: 0,
    hints: 0,
    results: { ...progress.results, [activityId]: result },
    status: completed ? "completed" : "in_progress",
  };
}

/** Applies an evaluated answer: a pass advances; a miss retries until the attempts run out. */
export function applyVerdict(lesson: Lesson, progress: LessonProgress, verdict: Verdict): TurnResult {
  const position = positionOf(lesson, progress);
  if (!position) throw new LessonStateError("no current activity: the lesson is completed");
  const attempts = progress.attempts + 1;
  const result = (revealed: boolean): ActivityResult => ({
    score: verdict.score,
    pass: verdict.pass,
    attempts,
    hints: progress.hints,
    skipped: false,
    revealed,
  });
  if (verdict.pass) return { progress: moveOn(lesson, progress, position.activity.id, result(false)), outcome: "advance", attemptsLeft: 0 };
  if (attempts >= MAX_ATTEMPTS) {
    return { progress: moveOn(lesson, progress, position.activity.id, result(true)), outcome: "reveal", attemptsLeft: 0 };
  }
  return { progress: { ...progress, attempts }, outcome: "retry", attemptsLeft: MAX_ATTEMPTS - attempts };
}

export function skipActivity(lesson: Lesson, progress: LessonProgress): LessonProgress {
  const position = positionOf(lesson, progress);
  if (!position) throw new LessonStateError("no current activity: the lesson is completed");
  return moveOn(lesson, progress, position.activity.id, {
    score: 0,
    pass: false,
    attempts: progress.attempts,
    hints: progress.hints,
    skipped: true,
    revealed: true,
  });
}

/** The next hint, if any is left; asking counts as using it. */
export function takeHint(lesson: Lesson, progress: LessonProgress): { progress: LessonProgress; hint: Activity["hints"][number] | undefined; remaining: number } {
  const position = positionOf(lesson, progress);
  if (!position) throw new LessonStateError("no current activity: the lesson is completed");
  const hints = position.activity.hints;
  const hint = hints[progress.hints];
  const used = hint ? progress.hints + 1 : progress.hints;
  return { progress: { ...progress, hints: used }, hint, remaining: hints.length - used };
}

export interface LessonSummary {
  lessonId: string;
  activities: number;
  passed: number;
  skipped: number;
  revealed: number;
  averageScore: number;
  attempts: number;
  hints: number;
}

export function summarize(lesson: Lesson, progress: LessonProgress): LessonSummary {
  const results = activitiesOf(lesson).flatMap(({ activity }) => progress.results[activity.id] ?? []);
  const total = activitiesOf(lesson).length;
  return {
    lessonId: lesson.id,
    activities: total,
    passed: results.filter((r) => r.pass).length,
    skipped: results.filter((r) => r.skipped).length,
    revealed: results.filter((r) => r.revealed && !r.skipped).length,
    averageScore: total === 0 ? 0 : Math.round(results.reduce((sum, r) => sum + r.score, 0) / total),
    attempts: results.reduce((sum, r) => sum + r.attempts, 0),
    hints: results.reduce((sum, r) => sum + r.hints, 0),
  };
}

export class LessonStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LessonStateError";
  }
}
