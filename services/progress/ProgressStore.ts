import { z } from "zod";
import { activityResultSchema, type ProgressStatus, type SavedProgress } from "../../domain/lessons/lessonEngine.ts";
import type { Database } from "../database/database.ts";
import type { ProgressSaveOp } from "../writes/writeOps.ts";
import type { WriteQueue } from "../writes/WriteQueue.ts";

/** Where learners' lesson progress is read back from when they return. */
export interface ProgressStore {
  load(userId: string, lessonId: string): Promise<StoredProgress | undefined>;
}

/** Progress as read, with the version its reader's saves build on (see ProgressSaveOp). */
export interface StoredProgress {
  saved: SavedProgress;
  version: number;
}

export class ProgressUnavailableError extends Error {
  constructor(options?: { cause?: unknown }) {
    super("lesson progress cannot be read right now", options);
    this.name = "ProgressUnavailableError";
  }
}

const resultsSchema = z.record(z.string(), activityResultSchema);

/** The columns of a stored progress row that make up a learner's place in a lesson. */
export interface ProgressRow {
  currentActivityId: string | null;
  attempts: number;
  hintsUsed: number;
  results: unknown;
  status: ProgressStatus;
}

/** A stored row as the lesson engine reads it; the one place the row's columns become SavedProgress. */
export function savedProgressOf(row: ProgressRow): SavedProgress {
  return {
    currentActivityId: row.currentActivityId,
    attempts: row.attempts,
    hints: row.hintsUsed,
    // A row written by another version may not match; per-activity results then restart.
    results: resultsSchema.safeParse(row.results).data ?? {},
    status: row.status,
  };
}

function fromOp(op: ProgressSaveOp): SavedProgress {
  return { currentActivityId: op.currentActivityId, attempts: op.attempts, hints: op.hints, results: op.results, status: op.status };
}

/**
 * Reads progress from the database, but sees this process's own saves that are still queued
 * first, so a learner who leaves and rejoins at once never gets an older position.
 */
export class PrismaProgressStore implements ProgressStore {
  readonly #db: Database;
  readonly #writes: WriteQueue;
  readonly #timeoutMs: number;

  constructor(db: Database, writes: WriteQueue, timeoutMs = 3_000) {
    this.#db = db;
    this.#writes = writes;
    this.#timeoutMs = timeoutMs;
  }

  async load(userId: string, lessonId: string): Promise<StoredProgress | undefined> {
    const pending = this.#writes.latestPending(
      (op): op is ProgressSaveOp => op.kind === "progress.save" && op.userId === userId && op.lessonId === lessonId,
    );
    if (pending) return { saved: fromOp(pending), version: pending.version };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProgressUnavailableError()), this.#timeoutMs);
    });
    try {
      const row = await Promise.race([
        this.#db.prisma.lessonProgress.findUnique({ where: { userId_lessonId: { userId, lessonId } } }),
        timeout,
      ]);
      return row ? { saved: savedProgressOf(row), version: row.version } : undefined;
    } catch (error) {
      throw error instanceof ProgressUnavailableError ? error : new ProgressUnavailableError({ cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}
