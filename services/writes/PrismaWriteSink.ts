import type { Database, Prisma as PrismaClient } from "../database/database.ts";
import type { ErrorType } from "../database/generated/enums.ts";
import { Prisma } from "../database/generated/client.ts";
import { planBatch, type BatchPlan } from "./planBatch.ts";
import type { ProgressSaveOp, SessionEndOp, SessionEventOp, SessionLessonOp, WriteOp } from "./writeOps.ts";
import type { WriteSink } from "./WriteSink.ts";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
type Json = NonNullable<Parameters<PrismaClient["sessionEvent"]["create"]>[0]["data"]["metadata"]>;

function json(value: unknown): Json | undefined {
  return value === null || value === undefined ? undefined : (value as Json);
}

function eventRow(op: SessionEventOp) {
  return {
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
  };
}

function progressRow(op: ProgressSaveOp) {
  const at = new Date(op.updatedAt);
  return Prisma.sql`(${op.userId}::uuid, ${op.lessonId}, ${op.status}::"ProgressStatus", ${op.currentActivityId}, ${op.attempts},
    ${op.hints}, ${JSON.stringify(op.results)}::jsonb, ${at}, ${at}, ${op.completedAt ? new Date(op.completedAt) : null})`;
}

/** One upsert for every learner's newest progress; an older save never overwrites a newer one. */
async function saveProgress(tx: Tx, rows: readonly ProgressSaveOp[]): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "lesson_progress"
      ("user_id", "lesson_id", "status", "current_activity_id", "attempts", "hints_used", "results",
       "started_at", "updated_at", "completed_at")
    VALUES ${Prisma.join(rows.map(progressRow))}
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

/** Every session's lesson position in one statement. */
async function moveSessions(tx: Tx, rows: readonly SessionLessonOp[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((op) => Prisma.sql`(${op.id}::uuid, ${op.lessonId}, ${op.currentStageId}, ${op.currentActivityId})`);
  await tx.$executeRaw`
    UPDATE "learning_sessions" AS s SET
      "lesson_id" = v.lesson_id, "current_stage_id" = v.stage_id, "current_activity_id" = v.activity_id
    FROM (VALUES ${Prisma.join(values)}) AS v (id, lesson_id, stage_id, activity_id)
    WHERE s."id" = v.id`;
}

/** Every ended session in one statement. */
async function endSessions(tx: Tx, rows: readonly SessionEndOp[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((op) => Prisma.sql`(${op.id}::uuid, ${op.status}::"SessionStatus", ${op.endReason}, ${new Date(op.endedAt)}::timestamptz)`);
  await tx.$executeRaw`
    UPDATE "learning_sessions" AS s SET "status" = v.status, "end_reason" = v.end_reason, "ended_at" = v.ended_at
    FROM (VALUES ${Prisma.join(values)}) AS v (id, status, end_reason, ended_at)
    WHERE s."id" = v.id`;
}

async function updateSessions(tx: Tx, updates: BatchPlan["sessionUpdates"]): Promise<void> {
  await moveSessions(tx, updates.filter((op): op is SessionLessonOp => op.kind === "session.lesson"));
  await endSessions(tx, updates.filter((op): op is SessionEndOp => op.kind === "session.end"));
}

async function applyPlan(tx: Tx, plan: BatchPlan): Promise<void> {
  if (plan.starts.length > 0) {
    const data = plan.starts.map(({ kind: _kind, startedAt, ...row }) => ({ ...row, startedAt: new Date(startedAt) }));
    await tx.learningSession.createMany({ data, skipDuplicates: true });
  }
  if (plan.events.length > 0) await tx.sessionEvent.createMany({ data: plan.events.map(eventRow), skipDuplicates: true });
  if (plan.usage.length > 0) {
    const data = plan.usage.map(({ kind: _kind, createdAt, ...row }) => ({ ...row, createdAt: new Date(createdAt) }));
    await tx.aiUsageLog.createMany({ data, skipDuplicates: true });
  }
  await updateSessions(tx, plan.sessionUpdates);
  if (plan.progress.length > 0) await saveProgress(tx, plan.progress);
}

/**
 * Writes queued ops to PostgreSQL (or the embedded database): a batch in one transaction,
 * each kind of row in one statement. Every op is idempotent (ids from the server, progress
 * stamped), so a retried batch changes nothing twice.
 */
export class PrismaWriteSink implements WriteSink {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async apply(batch: readonly WriteOp[]): Promise<void> {
    const plan = planBatch(batch);
    // Waiting for a busy connection is contention, not an outage: only a database that does
    // not answer should send the queue into its retry-and-hold mode.
    await this.#db.prisma.$transaction((tx) => applyPlan(tx, plan), { maxWait: 15_000, timeout: 30_000 });
  }

  isReachable(): Promise<boolean> {
    return this.#db.ping(2_000);
  }
}
