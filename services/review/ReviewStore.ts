import { ERROR_TYPES } from "../../domain/lessons/lesson.ts";
import { isDue, REVIEW_STATES, type ReviewItem } from "../../domain/review/reviewItem.ts";
import type { Database } from "../database/database.ts";
import type { ReviewSaveOp } from "../writes/writeOps.ts";
import type { WriteQueue } from "../writes/WriteQueue.ts";

/** Where a learner's review items are read back from: by the tutor when a lesson starts, and for their progress. */
export interface ReviewStore {
  /** Every review item of the learner, newest save of each. */
  forLearner(userId: string): Promise<ReviewItem[]>;
}

export class ReviewsUnavailableError extends Error {
  constructor(options?: { cause?: unknown }) {
    super("review items cannot be read right now", options);
    this.name = "ReviewsUnavailableError";
  }
}

interface ReviewRow {
  id: string;
  userId: string;
  lessonId: string;
  activityId: string;
  errorType: string;
  answer: string;
  correction: string;
  due: Date;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: string;
  lastReview: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const oneOf = <T extends string>(values: readonly T[], value: string, otherwise: T): T => (values as readonly string[]).includes(value) ? (value as T) : otherwise;

/** A stored row as the domain reads it; the one place the columns become a ReviewItem. */
export function reviewItemOf(row: ReviewRow): ReviewItem {
  return {
    id: row.id,
    userId: row.userId,
    lessonId: row.lessonId,
    activityId: row.activityId,
    errorType: oneOf(ERROR_TYPES, row.errorType, "other"),
    answer: row.answer,
    correction: row.correction,
    card: {
      due: row.due.toISOString(),
      stability: row.stability,
      difficulty: row.difficulty,
      scheduledDays: row.scheduledDays,
      learningSteps: row.learningSteps,
      reps: row.reps,
      lapses: row.lapses,
      // A state this version does not know (written by a newer one) reads as a card under review.
      state: oneOf(REVIEW_STATES, row.state, "review"),
      lastReview: row.lastReview ? row.lastReview.toISOString() : null,
    },
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Reads review items from the database, with this process's own saves still queued on top, so
 * a learner who fails a turn and starts a lesson again at once finds the item.
 */
export class PrismaReviewStore implements ReviewStore {
  readonly #db: Database;
  readonly #writes: WriteQueue;
  readonly #timeoutMs: number;

  constructor(db: Database, writes: WriteQueue, timeoutMs = 3_000) {
    this.#db = db;
    this.#writes = writes;
    this.#timeoutMs = timeoutMs;
  }

  async forLearner(userId: string): Promise<ReviewItem[]> {
    const pending = this.#writes.allPending((op): op is ReviewSaveOp => op.kind === "review.save" && op.item.userId === userId);
    const rows = await this.#read(userId);
    const items = new Map(rows.map((row) => [row.activityId, reviewItemOf(row)]));
    for (const { item } of pending) {
      const stored = items.get(item.activityId);
      if (!stored || stored.version < item.version) items.set(item.activityId, item);
    }
    return [...items.values()].sort((a, b) => a.card.due.localeCompare(b.card.due));
  }

  async #read(userId: string): Promise<ReviewRow[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ReviewsUnavailableError()), this.#timeoutMs);
    });
    try {
      return await Promise.race([this.#db.prisma.reviewItem.findMany({ where: { userId } }), timeout]);
    } catch (error) {
      throw error instanceof ReviewsUnavailableError ? error : new ReviewsUnavailableError({ cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A review item as its learner may read it (GET /api/v1/me/progress). */
export interface ReviewView {
  id: string;
  lessonId: string;
  activityId: string;
  errorType: ReviewItem["errorType"];
  answer: string;
  correction: string;
  due: string;
  /** Due now: the tutor brings it back when the learner next starts a lesson in its scene. */
  isDue: boolean;
  reps: number;
  lapses: number;
  lastReview: string | null;
}

export function reviewView(item: ReviewItem, now: Date): ReviewView {
  const { id, lessonId, activityId, errorType, answer, correction, card } = item;
  return { id, lessonId, activityId, errorType, answer, correction, due: card.due, isDue: isDue(item, now), reps: card.reps, lapses: card.lapses, lastReview: card.lastReview };
}
