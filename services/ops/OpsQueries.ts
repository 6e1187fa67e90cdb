import type { LearnerLang } from "../../domain/learners/learner.ts";
import { filterRange, type OpsFilter } from "../../domain/ops/opsFilter.ts";
import type { CostRow, LearningCounts, TutorHealthCounts } from "../../domain/ops/reports.ts";
import type { Database } from "../database/database.ts";
import { Prisma } from "../database/generated/client.ts";
import { listRoleplays, type StoredRoleplay } from "../roleplay/RoleplayLog.ts";
import { DAY, EVENT_LESSON, EVENTS_FROM, eventsWhere, LANG, num, numOrNull, SESSIONS_FROM, sessionsWhere, usageWhere } from "./opsSql.ts";

/** An operator action as the audit trail shows it. */
export interface AuditEntry {
  id: string;
  operator: string;
  action: string;
  roomId: string | null;
  targetUserId: string | null;
  reason: string | null;
  outcome: string;
  createdAt: string;
}

/** A chat line the abuse filter held back, for review. */
export interface FilterDecision {
  id: string;
  userId: string;
  roomId: string;
  text: string;
  decision: string;
  matched: string[];
  createdAt: string;
}

/** What the operator console reads from the database: counts for its reports, the audit trail, the filter's decisions. */
export interface OpsQueries {
  learning(filter: OpsFilter): Promise<LearningCounts>;
  tutorHealth(filter: OpsFilter): Promise<TutorHealthCounts>;
  aiCost(filter: OpsFilter): Promise<CostRow[]>;
  audit(limit: number): Promise<AuditEntry[]>;
  filtered(limit: number): Promise<FilterDecision[]>;
  /** The latest stored roleplays, newest first. */
  roleplays(limit: number): Promise<StoredRoleplay[]>;
}

/** Answers shown per report: the most frequent failed answers. */
const FAILED_ANSWERS = 20;

type Rows = Array<Record<string, unknown>>;
const str = (value: unknown): string => String(value);

export class PrismaOpsQueries implements OpsQueries {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  #query(sql: ReturnType<typeof Prisma.sql>): Promise<Rows> {
    return this.#db.prisma.$queryRaw<Rows>(sql);
  }

  async learning(filter: OpsFilter): Promise<LearningCounts> {
    const [totals, daily, peaks, activities, errors, failedAnswers, lessons] = await Promise.all([
      this.#totals(filter),
      this.#daily(filter),
      this.#peaks(filter),
      this.#activities(filter),
      this.#errors(filter),
      this.#failedAnswers(filter),
      this.#lessons(filter),
    ]);
    const days = new Map(daily.map((row) => [row.day, row]));
    for (const [day, peak] of peaks) {
      const row = days.get(day) ?? { day, sessions: 0, learners: 0, turns: 0, passes: 0, lessonsCompleted: 0, peakConcurrent: 0 };
      days.set(day, { ...row, peakConcurrent: peak });
    }
    return { totals, daily: [...days.values()], activities, errors, failedAnswers, lessons };
  }

  async #totals(filter: OpsFilter): Promise<LearningCounts["totals"]> {
    const { start, end } = filterRange(filter);
    const [sessions] = await this.#query(Prisma.sql`
      SELECT COUNT(*)::int AS sessions, COUNT(DISTINCT s."user_id")::int AS learners FROM ${SESSIONS_FROM}
      WHERE s."started_at" >= ${start}::timestamptz AND s."started_at" < ${end}::timestamptz AND ${sessionsWhere(filter)}`);
    const [turns] = await this.#query(Prisma.sql`
      SELECT COUNT(*) FILTER (WHERE e."event_type" = 'evaluation')::int AS turns,
        COUNT(*) FILTER (WHERE e."event_type" = 'evaluation' AND e."pass_fail")::int AS passes,
        COUNT(*) FILTER (WHERE e."event_type" = 'lesson_complete')::int AS completed
      FROM ${EVENTS_FROM} WHERE ${eventsWhere(filter)}`);
    return {
      sessions: num(sessions?.sessions),
      learners: num(sessions?.learners),
      turns: num(turns?.turns),
      passes: num(turns?.passes),
      lessonsCompleted: num(turns?.completed),
    };
  }

  async #daily(filter: OpsFilter): Promise<LearningCounts["daily"]> {
    const { start, end } = filterRange(filter);
    const sessions = await this.#query(Prisma.sql`
      SELECT ${DAY(Prisma.sql`s."started_at"`)} AS day, COUNT(*)::int AS sessions, COUNT(DISTINCT s."user_id")::int AS learners
      FROM ${SESSIONS_FROM}
      WHERE s."started_at" >= ${start}::timestamptz AND s."started_at" < ${end}::timestamptz AND ${sessionsWhere(filter)}
      GROUP BY 1`);
    const turns = await this.#query(Prisma.sql`
      SELECT ${DAY(Prisma.sql`e."created_at"`)} AS day,
        COUNT(*) FILTER (WHERE e."event_type" = 'evaluation')::int AS turns,
        COUNT(*) FILTER (WHERE e."event_type" = 'evaluation' AND e."pass_fail")::int AS passes,
        COUNT(*) FILTER (WHERE e."event_type" = 'lesson_complete')::int AS completed
      FROM ${EVENTS_FROM} WHERE ${eventsWhere(filter)} GROUP BY 1`);
    const days = new Map<string, LearningCounts["daily"][number]>();
    const dayOf = (day: string) => days.get(day) ?? { day, sessions: 0, learners: 0, turns: 0, passes: 0, lessonsCompleted: 0, peakConcurrent: 0 };
    for (const row of sessions) days.set(str(row.day), { ...dayOf(str(row.day)), sessions: num(row.sessions), learners: num(row.learners) });
    for (const row of turns) {
      days.set(str(row.day), { ...dayOf(str(row.day)), turns: num(row.turns), passes: num(row.passes), lessonsCompleted: num(row.completed) });
    }
    return [...days.values()];
  }

  /**
   * The most learners in sessions at once, per day: every session start counts +1 and every end
   * -1 (an end before a start at the same instant), with a 0 at each day's start so a day
   * without changes still reads the sessions carried over into it.
   */
  async #peaks(filter: OpsFilter): Promise<Map<string, number>> {
    const { start, end } = filterRange(filter);
    const rows = await this.#query(Prisma.sql`
      WITH picked AS (
        SELECT GREATEST(s."started_at", ${start}::timestamptz) AS t0,
               LEAST(COALESCE(s."ended_at", LEAST(now(), ${end}::timestamptz)), ${end}::timestamptz) AS t1
        FROM ${SESSIONS_FROM}
        WHERE s."started_at" < ${end}::timestamptz AND (s."ended_at" IS NULL OR s."ended_at" > ${start}::timestamptz)
          AND ${sessionsWhere(filter)}
      ), points AS (
        SELECT t0 AS t, 1 AS d FROM picked WHERE t1 > t0
        UNION ALL SELECT t1, -1 FROM picked WHERE t1 > t0
        UNION ALL SELECT day, 0 FROM generate_series(${start}::timestamptz, ${end}::timestamptz - interval '1 day', interval '1 day') AS day
      ), running AS (
        SELECT t, d, SUM(d) OVER (ORDER BY t, d ROWS UNBOUNDED PRECEDING) AS c FROM points
      )
      SELECT ${DAY(Prisma.sql`t`)} AS day, MAX(c)::int AS peak FROM running WHERE t < ${end}::timestamptz GROUP BY 1`);
    return new Map(rows.filter((row) => num(row.peak) > 0).map((row) => [str(row.day), num(row.peak)]));
  }

  async #activities(filter: OpsFilter): Promise<LearningCounts["activities"]> {
    const rows = await this.#query(Prisma.sql`
      SELECT e."activity_id" AS activity, a."lesson_id" AS lesson, COUNT(*)::int AS turns,
        COUNT(*) FILTER (WHERE e."pass_fail")::int AS passes,
        AVG((e."metadata"->>'attempt')::numeric) FILTER (WHERE e."pass_fail")::float8 AS attempts
      FROM ${EVENTS_FROM}
      WHERE e."event_type" = 'evaluation' AND e."activity_id" IS NOT NULL AND ${eventsWhere(filter)}
      GROUP BY 1, 2 ORDER BY 2, 1`);
    return rows.map((row) => ({
      activityId: str(row.activity),
      lessonId: row.lesson === null ? null : str(row.lesson),
      turns: num(row.turns),
      passes: num(row.passes),
      meanAttemptsToPass: row.attempts === null ? null : Math.round(num(row.attempts) * 100) / 100,
    }));
  }

  async #errors(filter: OpsFilter): Promise<LearningCounts["errors"]> {
    const rows = await this.#query(Prisma.sql`
      SELECT e."activity_id" AS activity, ${LANG} AS lang, e."primary_error_type"::text AS type, COUNT(*)::int AS count
      FROM ${EVENTS_FROM}
      WHERE e."event_type" = 'evaluation' AND e."pass_fail" = false AND e."activity_id" IS NOT NULL
        AND e."primary_error_type" IS NOT NULL AND ${eventsWhere(filter)}
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 4 DESC`);
    return rows.map((row) => ({ activityId: str(row.activity), lang: str(row.lang) as LearnerLang, errorType: str(row.type), count: num(row.count) }));
  }

  async #failedAnswers(filter: OpsFilter): Promise<LearningCounts["failedAnswers"]> {
    const rows = await this.#query(Prisma.sql`
      SELECT e."activity_id" AS activity, e."user_input" AS answer, COUNT(*)::int AS count,
        mode() WITHIN GROUP (ORDER BY e."primary_error_type"::text) AS type
      FROM ${EVENTS_FROM}
      WHERE e."event_type" = 'evaluation' AND e."pass_fail" = false AND e."activity_id" IS NOT NULL
        AND e."user_input" IS NOT NULL AND ${eventsWhere(filter)}
      GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ${FAILED_ANSWERS}`);
    return rows.map((row) => ({ activityId: str(row.activity), answer: str(row.answer), count: num(row.count), errorType: str(row.type ?? "other") }));
  }

  /** Completions in range; each timed from the learner's latest start of that lesson before it. */
  async #lessons(filter: OpsFilter): Promise<LearningCounts["lessons"]> {
    const rows = await this.#query(Prisma.sql`
      WITH done AS (
        SELECT s."user_id", ${EVENT_LESSON} AS lesson, e."created_at" AS t FROM ${EVENTS_FROM}
        WHERE e."event_type" = 'lesson_complete' AND ${eventsWhere(filter)}
      )
      SELECT d.lesson, COUNT(*)::int AS completed,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM d.t - st.t)) AS median
      FROM done d LEFT JOIN LATERAL (
        SELECT MAX(e2."created_at") AS t FROM "session_events" e2
        JOIN "learning_sessions" s2 ON s2."id" = e2."session_id" JOIN "activities" a2 ON a2."id" = e2."activity_id"
        WHERE e2."event_type" = 'lesson_start' AND s2."user_id" = d."user_id" AND a2."lesson_id" = d.lesson AND e2."created_at" <= d.t
      ) st ON true
      WHERE d.lesson IS NOT NULL GROUP BY 1 ORDER BY 1`);
    return rows.map((row) => ({ lessonId: str(row.lesson), completed: num(row.completed), medianSeconds: numOrNull(row.median) }));
  }

  async tutorHealth(filter: OpsFilter): Promise<TutorHealthCounts> {
    const [turns] = await this.#query(Prisma.sql`
      SELECT COUNT(*)::int AS turns,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY e."latency_ms") AS p50,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY e."latency_ms") AS p90,
        percentile_cont(0.95) WITHIN GROUP (ORDER BY e."latency_ms") AS p95,
        percentile_cont(0.99) WITHIN GROUP (ORDER BY e."latency_ms") AS p99,
        MAX(e."latency_ms") AS max,
        COUNT(*) FILTER (WHERE e."metadata"->>'llmAsked' = 'true')::int AS asked,
        COUNT(*) FILTER (WHERE e."provider" <> 'rules')::int AS decided,
        COUNT(*) FILTER (WHERE e."provider" <> 'rules' AND (e."metadata"->>'rulesPass')::boolean = e."pass_fail")::int AS agreed
      FROM ${EVENTS_FROM} WHERE e."event_type" = 'evaluation' AND ${eventsWhere(filter)}`);
    const fallbacks = await this.#query(Prisma.sql`
      SELECT e."evaluation_detail"->>'fallbackReason' AS reason, COUNT(*)::int AS count FROM ${EVENTS_FROM}
      WHERE e."event_type" = 'evaluation' AND e."evaluation_detail"->>'fallbackReason' IS NOT NULL AND ${eventsWhere(filter)}
      GROUP BY 1 ORDER BY 2 DESC, 1`);
    const providers = await this.#query(Prisma.sql`
      SELECT l."provider_type"::text AS type, l."provider_name" AS name, COUNT(*)::int AS calls,
        COUNT(*) FILTER (WHERE NOT l."success")::int AS failures
      FROM "ai_usage_log" l WHERE ${usageWhere(filter)} GROUP BY 1, 2 ORDER BY 1, 2`);
    const errors = await this.#query(Prisma.sql`
      SELECT l."provider_type"::text AS type, COALESCE(l."error_code", 'unknown') AS code, COUNT(*)::int AS count
      FROM "ai_usage_log" l WHERE NOT l."success" AND ${usageWhere(filter)} GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`);
    return {
      latency: { turns: num(turns?.turns), p50: numOrNull(turns?.p50), p90: numOrNull(turns?.p90), p95: numOrNull(turns?.p95), p99: numOrNull(turns?.p99), max: numOrNull(turns?.max) },
      llmAsked: num(turns?.asked),
      llmDecided: num(turns?.decided),
      llmAgreed: num(turns?.agreed),
      fallbacks: fallbacks.map((row) => ({ reason: str(row.reason), count: num(row.count) })),
      providers: providers.map((row) => ({ providerType: str(row.type), providerName: str(row.name), calls: num(row.calls), failures: num(row.failures) })),
      errors: errors.map((row) => ({ providerType: str(row.type), errorCode: str(row.code), count: num(row.count) })),
    };
  }

  async aiCost(filter: OpsFilter): Promise<CostRow[]> {
    const rows = await this.#query(Prisma.sql`
      SELECT ${DAY(Prisma.sql`l."created_at"`)} AS day, l."provider_type"::text AS type, l."provider_name" AS name,
        COUNT(*)::int AS calls, COALESCE(SUM(l."estimated_cost_usd"), 0) AS cost
      FROM "ai_usage_log" l WHERE ${usageWhere(filter)} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
    return rows.map((row) => ({ day: str(row.day), providerType: str(row.type), providerName: str(row.name), calls: num(row.calls), costUsd: num(row.cost) }));
  }

  async audit(limit: number): Promise<AuditEntry[]> {
    const rows = await this.#db.prisma.operatorAction.findMany({ orderBy: { createdAt: "desc" }, take: limit });
    return rows.map(({ id, operator, action, roomId, targetUserId, reason, outcome, createdAt }) => ({
      id, operator, action, roomId, targetUserId, reason, outcome, createdAt: createdAt.toISOString(),
    }));
  }

  async filtered(limit: number): Promise<FilterDecision[]> {
    const rows = await this.#db.prisma.chatFilterDecision.findMany({ orderBy: { createdAt: "desc" }, take: limit });
    return rows.map(({ id, userId, roomId, text, decision, matched, createdAt }) => ({
      id, userId, roomId, text, decision, matched: Array.isArray(matched) ? matched.map(String) : [], createdAt: createdAt.toISOString(),
    }));
  }

  roleplays(limit: number): Promise<StoredRoleplay[]> {
    return listRoleplays(this.#db, limit);
  }
}
