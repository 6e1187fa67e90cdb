import type { Database, Prisma as PrismaClient } from "../database/database.ts";
import { Prisma } from "../database/generated/client.ts";
import { planBatch, type BatchPlan } from "./planBatch.ts";
import type { AiUsageOp, ProgressSaveOp, SessionEndOp, SessionEventOp, SessionLessonOp, SessionStartOp, WriteOp } from "./writeOps.ts";
import type { WriteSink } from "./WriteSink.ts";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
type Sql = ReturnType<typeof Prisma.sql>;

// Hot-path writes are hand-written multi-row statements: the same rows through the client's
// `createMany` cost about seven times the CPU on the game thread (query compilation per
// batch; measured in docs/BENCHMARKS.md). Every non-text value is cast, because parameters
// inside VALUES lists arrive untyped.

const jsonb = (value: unknown): Sql => (value === null || value === undefined ? Prisma.sql`NULL::jsonb` : Prisma.sql`${JSON.stringify(value)}::jsonb`);
const at = (iso: string): Sql => Prisma.sql`${new Date(iso)}::timestamptz`;

async function insertRows(tx: Tx, table: string, columns: readonly string[], rows: readonly Sql[]): Promise<void> {
  if (rows.length === 0) return;
  const head = Prisma.raw(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `);
  await tx.$executeRaw`${head}${Prisma.join(rows)} ON CONFLICT DO NOTHING`;
}

function startRow(op: SessionStartOp): Sql {
  return Prisma.sql`(${op.id}::uuid, ${op.userId}::uuid, ${op.scene}, ${op.roomId}, ${op.processId}, ${op.lessonId}, ${at(op.startedAt)})`;
}
const START_COLUMNS = ["id", "user_id", "scene", "room_id", "process_id", "lesson_id", "started_at"];

function eventRow(op: SessionEventOp): Sql {
  return Prisma.sql`(${op.id}::uuid, ${op.sessionId}::uuid, ${op.activityId}, ${op.eventType}, ${op.userInput}, ${op.tutorResponse},
    ${op.score}::smallint, ${op.passFail}::boolean, ${op.primaryErrorType}::"ErrorType", ${op.provider}, ${op.modelId},
    ${op.latencyMs}::integer, ${jsonb(op.evaluationDetail)}, ${jsonb(op.metadata)}, ${at(op.createdAt)})`;
}
const EVENT_COLUMNS = [
  "id", "session_id", "activity_id", "event_type", "user_input", "tutor_response", "score", "pass_fail",
  "primary_error_type", "provider", "model_id", "latency_ms", "evaluation_detail", "metadata", "created_at",
];

function usageRow(op: AiUsageOp): Sql {
  return Prisma.sql`(${op.id}::uuid, ${op.sessionId}::uuid, ${op.eventId}::uuid, ${op.providerType}::"AiProviderType", ${op.providerName},
    ${op.modelId}, ${op.tokensIn}::integer, ${op.tokensOut}::integer, ${op.audioDurationMs}::integer, ${op.latencyMs}::integer,
    ${op.success}::boolean, ${op.errorCode}, ${op.errorMessage}, ${op.estimatedCostUsd}::numeric, ${at(op.createdAt)})`;
}
const USAGE_COLUMNS = [
  "id", "session_id", "event_id", "provider_type", "provider_name", "model_id", "tokens_in", "tokens_out",
  "audio_duration_ms", "latency_ms", "success", "error_code", "error_message", "estimated_cost_usd", "created_at",
];

function progressRow(op: ProgressSaveOp): Sql {
  return Prisma.sql`(${op.userId}::uuid, ${op.lessonId}, ${op.status}::"ProgressStatus", ${op.currentActivityId}, ${op.attempts},
    ${op.hints}, ${jsonb(op.results)}, ${at(op.updatedAt)}, ${at(op.updatedAt)}, ${op.completedAt ? at(op.completedAt) : null})`;
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
  const values = rows.map((op) => Prisma.sql`(${op.id}::uuid, ${op.status}::"SessionStatus", ${op.endReason}, ${at(op.endedAt)})`);
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
  await insertRows(tx, "learning_sessions", START_COLUMNS, plan.starts.map(startRow));
  await insertRows(tx, "session_events", EVENT_COLUMNS, plan.events.map(eventRow));
  await insertRows(tx, "ai_usage_log", USAGE_COLUMNS, plan.usage.map(usageRow));
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
