import { filterRange, type OpsFilter } from "../../domain/ops/opsFilter.ts";
import { Prisma } from "../database/generated/client.ts";

/**
 * The SQL pieces every operator query shares: which events and sessions a filter selects.
 * An event belongs to a lesson through its activity, or (a completed lesson has none) through
 * the lesson id its metadata names; a learner's language is the one they joined with, or their
 * account's for sessions stored before that was recorded.
 */

export type Sql = ReturnType<typeof Prisma.sql>;

const and = (parts: Sql[]): Sql => (parts.length === 0 ? Prisma.sql`TRUE` : Prisma.join(parts, " AND "));

export const LANG = Prisma.sql`COALESCE(s."lang", u."lang")::text`;
export const EVENT_LESSON = Prisma.sql`COALESCE(a."lesson_id", e."metadata"->>'lessonId')`;
export const DAY = (column: Sql) => Prisma.sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

/** Events of the filter's days, scene, lesson and language (aliases e, s, u, a). */
export function eventsWhere(filter: OpsFilter): Sql {
  const { start, end } = filterRange(filter);
  const parts = [Prisma.sql`e."created_at" >= ${start}::timestamptz`, Prisma.sql`e."created_at" < ${end}::timestamptz`];
  if (filter.scene) parts.push(Prisma.sql`s."scene" = ${filter.scene}`);
  if (filter.lang) parts.push(Prisma.sql`${LANG} = ${filter.lang}`);
  if (filter.lessonId) parts.push(Prisma.sql`${EVENT_LESSON} = ${filter.lessonId}`);
  return and(parts);
}

export const EVENTS_FROM = Prisma.sql`"session_events" e
  JOIN "learning_sessions" s ON s."id" = e."session_id"
  JOIN "users" u ON u."id" = s."user_id"
  LEFT JOIN "activities" a ON a."id" = e."activity_id"`;

/** Sessions of the filter's scene, lesson and language (aliases s, u); days are the caller's. */
export function sessionsWhere(filter: OpsFilter): Sql {
  const parts: Sql[] = [];
  if (filter.scene) parts.push(Prisma.sql`s."scene" = ${filter.scene}`);
  if (filter.lang) parts.push(Prisma.sql`${LANG} = ${filter.lang}`);
  if (filter.lessonId) parts.push(Prisma.sql`s."lesson_id" = ${filter.lessonId}`);
  return and(parts);
}

export const SESSIONS_FROM = Prisma.sql`"learning_sessions" s JOIN "users" u ON u."id" = s."user_id"`;

/** AI calls of the filter's days (the usage log knows no scene or lesson; prompts' audio has no learner). */
export function usageWhere(filter: OpsFilter): Sql {
  const { start, end } = filterRange(filter);
  return Prisma.sql`l."created_at" >= ${start}::timestamptz AND l."created_at" < ${end}::timestamptz`;
}

/** A SQL number (bigint, numeric) as a JS number. */
export const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
export const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
