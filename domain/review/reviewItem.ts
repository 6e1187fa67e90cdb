import { createEmptyCard, fsrs, Rating, State, type Card, type Grade } from "ts-fsrs";
import type { ErrorType } from "../lessons/lesson.ts";

/**
 * The tutor remembers: every failed turn becomes a review item of that learner (one per
 * activity), scheduled with FSRS and graded by the learner's next attempt at it. These are
 * the scheduling decisions, as pure functions of the item and the time; docs/review.md says
 * why they are what they are.
 */

export const REVIEW_STATES = ["new", "learning", "review", "relearning"] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** An FSRS card as plain data (ts-fsrs's Card with dates as ISO strings). */
export interface ReviewCard {
  due: string;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: ReviewState;
  lastReview: string | null;
}

export interface ReviewItem {
  id: string;
  userId: string;
  lessonId: string;
  activityId: string;
  errorType: ErrorType;
  /** What the learner wrote (or the option they picked), as they wrote it. */
  answer: string;
  /** What it should have been: the evaluator's correction, else the model answer. */
  correction: string;
  card: ReviewCard;
  /** Raised by every save; the stored item takes only a higher one. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** How a review went, as FSRS grades it. */
export type ReviewGrade = "again" | "good" | "easy";

/** A failed turn, as the review item records it. */
export interface FailedTurn {
  userId: string;
  lessonId: string;
  activityId: string;
  errorType: ErrorType;
  answer: string;
  correction: string;
}

/** The most items the tutor brings back before a lesson. */
export const REVIEWS_BEFORE_LESSON = 3;

/**
 * Day-based FSRS: reviews happen when a lesson starts, not minutes apart, so the minute-long
 * learning steps would only ever fire within one visit. No fuzz: a schedule is reproducible
 * from its reviews, which the tests and the learner's "due" list rely on.
 */
const scheduler = fsrs({ enable_short_term: false, enable_fuzz: false });

/** Within this long of its last grading an attempt changes what is remembered, not the schedule. */
const SAME_DAY_MS = 24 * 60 * 60 * 1000;

const RATING: Readonly<Record<ReviewGrade, Grade>> = { again: Rating.Again, good: Rating.Good, easy: Rating.Easy };

/** A pass with a perfect score is Easy, any other pass Good, a miss Again. */
export function gradeOf(pass: boolean, score: number): ReviewGrade {
  if (!pass) return "again";
  return score >= 100 ? "easy" : "good";
}

function toCard(card: ReviewCard): Card {
  return {
    due: new Date(card.due),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: 0,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: State[capitalized(card.state)],
    ...(card.lastReview ? { last_review: new Date(card.lastReview) } : {}),
  };
}

function capitalized(state: ReviewState): keyof typeof State {
  return (state.charAt(0).toUpperCase() + state.slice(1)) as keyof typeof State;
}

function fromCard(card: Card): ReviewCard {
  return {
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: REVIEW_STATES[card.state],
    lastReview: card.last_review ? card.last_review.toISOString() : null,
  };
}

/** The card after one grading at `now`. */
export function schedule(card: ReviewCard, grade: ReviewGrade, now: Date): ReviewCard {
  return fromCard(scheduler.next(toCard(card), now, RATING[grade]).card);
}

/** The item graded at `now`. */
export function grade(item: ReviewItem, result: ReviewGrade, now: Date): ReviewItem {
  return { ...item, card: schedule(item.card, result, now), version: item.version + 1, updatedAt: now.toISOString() };
}

/**
 * A new item for a failed turn: the failure is its first grading (Again), so it is due the
 * next day, not in the same visit.
 */
export function newItem(id: string, turn: FailedTurn, now: Date): ReviewItem {
  const at = now.toISOString();
  const card = schedule(fromCard(createEmptyCard(now)), "again", now);
  return { id, ...turn, card, version: 1, createdAt: at, updatedAt: at };
}

/** Whether the item was graded less than a day before `now`. */
export function gradedRecently(item: ReviewItem, now: Date): boolean {
  const last = item.card.lastReview;
  return last !== null && now.getTime() - new Date(last).getTime() < SAME_DAY_MS;
}

/**
 * A turn at an activity the learner has an item for, inside a lesson: a failure refreshes
 * what the item remembers (the newest mistake), and either result grades it, unless it was
 * graded within the day (a retry right after a failure, or the lesson after its review).
 * Undefined when nothing changes.
 */
export function noteLessonTurn(item: ReviewItem, turn: { pass: boolean; score: number; failed?: FailedTurn }, now: Date): ReviewItem | undefined {
  const recent = gradedRecently(item, now);
  if (turn.pass && recent) return undefined;
  const refreshed = turn.failed ? { ...item, errorType: turn.failed.errorType, answer: turn.failed.answer, correction: turn.failed.correction } : item;
  if (recent) return { ...refreshed, version: item.version + 1, updatedAt: now.toISOString() };
  return grade(refreshed, gradeOf(turn.pass, turn.score), now);
}

/** A judged turn at an activity, in a lesson or a roleplay: `failed` is set when it was missed. */
export interface JudgedTurn {
  activityId: string;
  pass: boolean;
  score: number;
  failed?: FailedTurn;
}

/**
 * What a judged turn does to the learner's items: a failure becomes a new item, and a turn at
 * an activity the learner already has an item for refreshes or grades it (noteLessonTurn).
 * Undefined when nothing changes. The one rule for solo and roleplay turns alike.
 */
export function afterTurn(items: readonly ReviewItem[], turn: JudgedTurn, now: Date, newId: () => string): ReviewItem | undefined {
  const existing = items.find((item) => item.activityId === turn.activityId);
  if (existing) return noteLessonTurn(existing, turn, now);
  return turn.failed && newItem(newId(), turn.failed, now);
}

export function isDue(item: ReviewItem, now: Date): boolean {
  return new Date(item.card.due).getTime() <= now.getTime();
}

/** Up to `limit` due items, the longest overdue first. */
export function dueItems(items: readonly ReviewItem[], now: Date, limit: number): ReviewItem[] {
  return items
    .filter((item) => isDue(item, now))
    .sort((a, b) => a.card.due.localeCompare(b.card.due) || a.activityId.localeCompare(b.activityId))
    .slice(0, limit);
}

/** When the next item falls due, if any is scheduled. */
export function nextDue(items: readonly ReviewItem[]): string | undefined {
  return items.map((item) => item.card.due).sort()[0];
}

/** The items with `item` in place of the one for the same activity (or added). */
export function withItem(items: readonly ReviewItem[], item: ReviewItem): ReviewItem[] {
  return [...items.filter((other) => other.activityId !== item.activityId), item];
}

/** Whole days from `now` to the item's due time (0 when it is due). */
export function daysUntilDue(item: ReviewItem, now: Date): number {
  return Math.max(0, Math.round((new Date(item.card.due).getTime() - now.getTime()) / SAME_DAY_MS));
}
