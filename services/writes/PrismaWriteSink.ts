import type { Database, Prisma as PrismaClient } from "../database/database.ts";
import type { Logger } from "../logger.ts";
import { Prisma } from "../database/generated/client.ts";
import { planBatch, type BatchPlan } from "./planBatch.ts";
import { saveReviews } from "./reviewWrites.ts";
import type { AiUsageOp, ChatFilterOp, OperatorActionOp, ProgressSaveOp, SessionEndOp, SessionEventOp, SessionLessonOp, SessionStartOp, WriteOp } from "./writeOps.ts";
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
  return Prisma.sql`(${op.id}::uuid, ${op.userId}::uuid, ${op.scene}, ${op.roomId}, ${op.processId}, ${op.lessonId},
    ${op.lang ?? null}::"LearnerLang", ${at(op.startedAt)})`;
}
const START_COLUMNS = ["id", "user_id", "scene", "room_id", "process_id", "lesson_id", "lang", "started_at"];

function eventRow(op: SessionEventOp): Sql {
  return Prisma.sql`(${op.id}::uuid, ${op.sessionId}::uuid, ${op.activityId}, ${op.eventType}, ${op.userInput}, ${op.tutorResponse},
    ${op.score}::smallint, ${op.passFail}::boolean, ${op.primaryErrorType}::"ErrorType", ${op.provider}, ${op.modelId},
    ${op.latencyMs}::integer, ${jsonb(op.evaluationDetail)}, ${jsonb(op.metadata)}, ${at(op.createdAt)},
    ${op.roleplayId ?? null}::uuid, ${op.roleplayRole ?? null})`;
}
const EVENT_COLUMNS = [
  "id", "session_id", "activity_id", "event_type", "user_input", "tutor_response", "score", "pass_fail",
  "primary_error_type", "provider", "model_id", "latency_ms", "evaluation_detail", "metadata", "created_at",
  "roleplay_id", "roleplay_role",
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

function auditRow(op: OperatorActionOp): Sql {
  return Prisma.sql`(${op.id}::uuid, ${op.operator}, ${op.action}, ${op.roomId}, ${op.targetUserId}::uuid, ${op.reason},
    ${jsonb(op.detail)}, ${op.outcome}, ${at(op.createdAt)})`;
}
const AUDIT_COLUMNS = ["id", "operator", "action", "room_id", "target_user_id", "reason", "detail", "outcome", "created_at"];

function filteredRow(op: ChatFilterOp): Sql {
  return Prisma.sql`(${op.id}::uuid, ${op.sessionId}::uuid, ${op.userId}::uuid, ${op.roomId}, ${op.text}, ${op.decision},
    ${jsonb(op.matched)}, ${at(op.createdAt)})`;
}
const FILTERED_COLUMNS = ["id", "session_id", "user_id", "room_id", "text", "decision", "matched", "created_at"];

const PROGRESS_COLUMNS = [
  "user_id", "lesson_id", "status", "current_activity_id", "attempts", "hints_used", "results",
  "started_at", "updated_at", "completed_at", "version", "writer_session_id",
];

const completedAt = (op: ProgressSaveOp): Sql => (op.completedAt ? at(op.completedAt) : Prisma.sql`NULL::timestamptz`);

function progressRow(op: ProgressSaveOp): Sql {
  return Prisma.sql`(${op.userId}::uuid, ${op.lessonId}, ${op.status}::"ProgressStatus", ${op.currentActivityId}, ${op.attempts}::integer,
    ${op.hints}::integer, ${jsonb(op.results)}, ${at(op.updatedAt)}, ${at(op.updatedAt)}, ${completedAt(op)}, ${op.version}::integer, ${op.writerId}::uuid)`;
}

function progressUpdateRow(op: ProgressSaveOp): Sql {
  return Prisma.sql`(${op.userId}::uuid, ${op.lessonId}, ${op.status}::"ProgressStatus", ${op.currentActivityId}, ${op.attempts}::integer,
    ${op.hints}::integer, ${jsonb(op.results)}, ${at(op.updatedAt)}, ${completedAt(op)}, ${op.version}::integer, ${op.baseVersion}::integer, ${op.writerId}::uuid)`;
}

interface ProgressKey {
  user_id: string;
  lesson_id: string;
}
const keyOf = (userId: string, lessonId: string) => `${userId}:${lessonId}`;

/** A save that did not land because another writer's save is stored (see ProgressSaveOp). */
export interface StaleProgress {
  userId: string;
  lessonId: string;
  writerId: string;
  baseVersion: number;
  version: number;
  storedVersion: number;
  storedWriterId: string | null;
}

/**
 * One round of progress saves (at most one per learner and lesson): a new row is inserted;
 * an existing one is updated only if this save's writer read its version or wrote it, and
 * this save is newer. Returns the saves that did not land for being stale.
 */
async function saveProgress(tx: Tx, round: readonly ProgressSaveOp[]): Promise<StaleProgress[]> {
  const head = Prisma.raw(`INSERT INTO "lesson_progress" (${PROGRESS_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES `);
  const inserted = await tx.$queryRaw<ProgressKey[]>`${head}${Prisma.join(round.map(progressRow))}
    ON CONFLICT DO NOTHING RETURNING "user_id", "lesson_id"`;
  const updated = await tx.$queryRaw<ProgressKey[]>`
    UPDATE "lesson_progress" AS p SET
      "status" = v.status, "current_activity_id" = v.current_activity_id, "attempts" = v.attempts,
      "hints_used" = v.hints_used, "results" = v.results, "updated_at" = v.updated_at,
      "completed_at" = v.completed_at, "version" = v.version, "writer_session_id" = v.writer_id
    FROM (VALUES ${Prisma.join(round.map(progressUpdateRow))}) AS v (user_id, lesson_id, status, current_activity_id,
      attempts, hints_used, results, updated_at, completed_at, version, base_version, writer_id)
    WHERE p."user_id" = v.user_id AND p."lesson_id" = v.lesson_id AND p."version" < v.version
      AND (p."version" = v.base_version OR p."writer_session_id" = v.writer_id)
    RETURNING p."user_id", p."lesson_id"`;
  const landed = new Set([...inserted, ...updated].map((row) => keyOf(row.user_id, row.lesson_id)));
  const missed = round.filter((op) => !landed.has(keyOf(op.userId, op.lessonId)));
  return missed.length === 0 ? [] : staleAmong(tx, missed);
}

/**
 * Of the saves that did not land, the stale ones: the rest had landed before, or a later save
 * of the same writer has (a retried batch, or the write log replayed after a crash).
 */
async function staleAmong(tx: Tx, missed: readonly ProgressSaveOp[]): Promise<StaleProgress[]> {
  const keys = missed.map((op) => Prisma.sql`(${op.userId}::uuid, ${op.lessonId})`);
  const rows = await tx.$queryRaw<Array<ProgressKey & { version: number; writer_session_id: string | null }>>`
    SELECT "user_id", "lesson_id", "version", "writer_session_id" FROM "lesson_progress"
    WHERE ("user_id", "lesson_id") IN (VALUES ${Prisma.join(keys)})`;
  const stored = new Map(rows.map((row) => [keyOf(row.user_id, row.lesson_id), row]));
  return missed.flatMap((op) => {
    const row = stored.get(keyOf(op.userId, op.lessonId));
    if (row && row.version >= op.version && row.writer_session_id === op.writerId) return [];
    const { userId, lessonId, writerId, baseVersion, version } = op;
    return [{ userId, lessonId, writerId, baseVersion, version, storedVersion: row?.version ?? 0, storedWriterId: row?.writer_session_id ?? null }];
  });
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

async function applyPlan(tx: Tx, plan: BatchPlan): Promise<StaleProgress[]> {
  await insertRows(tx, "learning_sessions", START_COLUMNS, plan.starts.map(startRow));
  await insertRows(tx, "session_events", EVENT_COLUMNS, plan.events.map(eventRow));
  await insertRows(tx, "ai_usage_log", USAGE_COLUMNS, plan.usage.map(usageRow));
  await insertRows(tx, "operator_actions", AUDIT_COLUMNS, plan.audit.map(auditRow));
  await insertRows(tx, "chat_filter_decisions", FILTERED_COLUMNS, plan.filtered.map(filteredRow));
  await updateSessions(tx, plan.sessionUpdates);
  await saveReviews(tx, plan.reviews);
  const stale: StaleProgress[] = [];
  for (const round of plan.progress) stale.push(...(await saveProgress(tx, round)));
  return stale;
}

/**
 * Writes queued ops to PostgreSQL (or the embedded database): a batch in one transaction,
 * each kind of row in one statement. Every op is idempotent (ids from the server, progress
 * versioned), so a retried batch changes nothing twice.
 */
export class PrismaWriteSink implements WriteSink {
  readonly #db: Database;
  readonly #logger: Logger;

  constructor(db: Database, logger: Logger) {
    this.#db = db;
    this.#logger = logger;
  }

  async apply(batch: readonly WriteOp[]): Promise<void> {
    const plan = planBatch(batch);
    // Waiting for a busy connection is contention, not an outage: only a database that does
    // not answer should send the queue into its retry-and-hold mode.
    const stale = await this.#db.prisma.$transaction((tx) => applyPlan(tx, plan), { maxWait: 15_000, timeout: 30_000 });
    // A stale save is expected (a connection another one took over), not a failure to retry.
    for (const save of stale) this.#logger.warn(save, "stale lesson progress rejected");
  }

  isReachable(): Promise<boolean> {
    return this.#db.ping(2_000);
  }
}
