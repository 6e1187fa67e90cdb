import type { SavedProgress } from "../../domain/lessons/lessonEngine.ts";
import type { Database } from "../database/database.ts";
import { savedProgressOf } from "../progress/ProgressStore.ts";

/**
 * A learner's progress in one lesson, as they may read it: the lesson engine's own record
 * (SavedProgress, read through the same function as for resuming), its hints under the name
 * the room state and the stored row give them, and when it started, last changed and ended.
 */
export type LessonProgressView = { lessonId: string } & Omit<SavedProgress, "hints"> & {
    hintsUsed: SavedProgress["hints"];
    startedAt: string;
    updatedAt: string;
    completedAt: string | null;
  };

export interface SessionView {
  id: string;
  scene: string;
  lessonId: string | null;
  roomId: string;
  status: string;
  endReason: string | null;
  startedAt: string;
  endedAt: string | null;
  events: number;
}

export interface SessionEventView {
  id: string;
  activityId: string | null;
  eventType: string;
  userInput: string | null;
  tutorResponse: string | null;
  score: number | null;
  pass: boolean | null;
  errorType: string | null;
  provider: string | null;
  latencyMs: number | null;
  createdAt: string;
}

export interface LearningHistory {
  progress(userId: string): Promise<LessonProgressView[]>;
  sessions(userId: string, limit: number, before?: Date): Promise<SessionView[]>;
  /** One of the learner's sessions with its events; undefined if it is not theirs. */
  session(userId: string, sessionId: string): Promise<(SessionView & { eventList: SessionEventView[] }) | undefined>;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

type SessionRow = Omit<SessionView, "startedAt" | "endedAt" | "events"> & { startedAt: Date; endedAt: Date | null };

function sessionView(row: SessionRow, events: number): SessionView {
  const { id, scene, lessonId, roomId, status, endReason } = row;
  return { id, scene, lessonId, roomId, status, endReason, startedAt: row.startedAt.toISOString(), endedAt: iso(row.endedAt), events };
}

export class PrismaLearningHistory implements LearningHistory {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async progress(userId: string): Promise<LessonProgressView[]> {
    const rows = await this.#db.prisma.lessonProgress.findMany({ where: { userId }, orderBy: { updatedAt: "desc" } });
    return rows.map((row) => {
      const { hints, ...saved } = savedProgressOf(row);
      return {
        lessonId: row.lessonId,
        ...saved,
        hintsUsed: hints,
        startedAt: row.startedAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
        completedAt: iso(row.completedAt),
      };
    });
  }

  async sessions(userId: string, limit: number, before?: Date): Promise<SessionView[]> {
    const rows = await this.#db.prisma.learningSession.findMany({
      where: { userId, ...(before ? { startedAt: { lt: before } } : {}) },
      orderBy: { startedAt: "desc" },
      take: limit,
      include: { _count: { select: { events: true } } },
    });
    return rows.map((row) => sessionView(row, row._count.events));
  }

  async session(userId: string, sessionId: string): Promise<(SessionView & { eventList: SessionEventView[] }) | undefined> {
    const row = await this.#db.prisma.learningSession.findFirst({
      where: { id: sessionId, userId },
      include: { events: { orderBy: { createdAt: "asc" } } },
    });
    if (!row) return undefined;
    return {
      ...sessionView(row, row.events.length),
      eventList: row.events.map((event) => ({
        id: event.id,
        activityId: event.activityId,
        eventType: event.eventType,
        userInput: event.userInput,
        tutorResponse: event.tutorResponse,
        score: event.score,
        pass: event.passFail,
        errorType: event.primaryErrorType,
        provider: event.provider,
        latencyMs: event.latencyMs,
        createdAt: event.createdAt.toISOString(),
      })),
    };
  }
}
