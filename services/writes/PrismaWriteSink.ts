import type { Database, Prisma } from "../database/database.ts";
import type { ErrorType } from "../database/generated/enums.ts";
import type { AiUsageOp, ProgressSaveOp, SessionEventOp, WriteOp } from "./writeOps.ts";
import type { WriteSink } from "./WriteSink.ts";

type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];
type Json = NonNullable<Parameters<Prisma["sessionEvent"]["create"]>[0]["data"]["metadata"]>;

function json(value: unknown): Json | undefined {
  return value === null || value === undefined ? undefined : (value as Json);
}

async function saveProgress(tx: Tx, op: ProgressSaveOp): Promise<void> {
  // Upsert that keeps the newest save: a late retry of an older save changes nothing.
  await tx.$executeRaw`
    INSERT INTO "lesson_progress"
      ("user_id", "lesson_id", "status", "current_activity_id", "attempts", "hints_used", "results",
       "started_at", "updated_at", "completed_at")
    VALUES (${op.userId}::uuid, ${op.lessonId}, ${op.status}::"ProgressStatus", ${op.currentActivityId}, ${op.attempts},
            ${op.hints}, ${JSON.stringify(op.results)}::jsonb, ${new Date(op.updatedAt)}, ${new Date(op.updatedAt)},
            ${op.completedAt ? new Date(op.completedAt) : null})
    ON CONFLICT ("user_id", "lesson_id") DO UPDATE SET
      "status" = EXCLUDED."status",
      "current_activity_id" = EXCLUDED."current_activity_id",
      "attempts" = EXCLUDED."attempts",
      "hints_used" = EXCLUDED."hints_used",
      "results" = EXCLUDED."results",
      "updated_at" = EXCLUDED."updated_at",
      "completed_at" = EXCLUDED."completed_at"
    WHERE "lesson_progress"."updated_at" <= EXCLUDED."updated_at"`;
}

async function saveEvent(tx: Tx, op: SessionEventOp): Promise<void> {
  await tx.sessionEvent.createMany({
    data: [
      {
        id: op.id,
        sessionId: op.sessionId,
        activityId: op.activityId,
        eventType: op.eventType,
        userInput: op.userInput,
        tutorResponse: op.tutorResponse,
        score: op.score,
        passFail: op.passFail,
        primaryErrorType: op.primaryErrorType as ErrorType | null,
        provider: op.provider,
        modelId: op.modelId,
        latencyMs: op.latencyMs,
        evaluationDetail: json(op.evaluationDetail),
        metadata: json(op.metadata),
        createdAt: new Date(op.createdAt),
      },
    ],
    skipDuplicates: true,
  });
}

async function saveUsage(tx: Tx, op: AiUsageOp): Promise<void> {
  const { kind: _kind, createdAt, ...row } = op;
  await tx.aiUsageLog.createMany({ data: [{ ...row, createdAt: new Date(createdAt) }], skipDuplicates: true });
}

async function applyOne(tx: Tx, op: WriteOp): Promise<void> {
  switch (op.kind) {
    case "session.start":
      await tx.learningSession.createMany({
        data: [
          {
            id: op.id,
            userId: op.userId,
            scene: op.scene,
            roomId: op.roomId,
            processId: op.processId,
            lessonId: op.lessonId,
            startedAt: new Date(op.startedAt),
          },
        ],
        skipDuplicates: true,
      });
      return;
    case "session.end":
      await tx.learningSession.updateMany({
        where: { id: op.id },
        data: { status: op.status, endReason: op.endReason, endedAt: new Date(op.endedAt) },
      });
      return;
    case "session.lesson":
      await tx.learningSession.updateMany({
        where: { id: op.id },
        data: { lessonId: op.lessonId, currentStageId: op.currentStageId, currentActivityId: op.currentActivityId },
      });
      return;
    case "progress.save":
      return saveProgress(tx, op);
    case "event":
      return saveEvent(tx, op);
    case "ai.usage":
      return saveUsage(tx, op);
  }
}

export class PrismaWriteSink implements WriteSink {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async apply(batch: readonly WriteOp[]): Promise<void> {
    await this.#db.prisma.$transaction(async (tx) => {
      for (const op of batch) await applyOne(tx, op);
    });
  }

  isReachable(): Promise<boolean> {
    return this.#db.ping(2_000);
  }
}
