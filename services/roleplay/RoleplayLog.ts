import type { LearnerLang } from "../../domain/learners/learner.ts";
import type { Database } from "../database/database.ts";
import { Prisma } from "../database/generated/client.ts";

/** A stored roleplay, as the operator console lists it: built from its players' events. */
export interface StoredRoleplay {
  id: string;
  scene: string;
  roomId: string;
  lessonId: string | null;
  startedAt: string;
  lastAt: string;
  /** completed: both rounds played; left: someone left before the end; open: under way or cut short. */
  status: "completed" | "left" | "open";
  answers: number;
  passed: number;
  /** Lines the NPC said for a player who was slow, away or gone. */
  npcLines: number;
  players: Array<{ userId: string; name: string; lang: LearnerLang | null; firstRole: string | null }>;
}

type Row = {
  id: string;
  scene: string;
  room_id: string;
  lesson_id: string | null;
  started_at: Date;
  last_at: Date;
  completed: boolean;
  left: boolean;
  answers: bigint | number;
  passed: bigint | number;
  npc_lines: bigint | number;
  players: Array<{ userId: string; name: string; lang: LearnerLang | null; firstRole: string | null }>;
};

/**
 * The most recent roleplays (newest first), for the operator console: one row per roleplay id
 * in the session events, with its players (the role they started in), how many lines were
 * judged and passed, and how many the NPC said for someone. The latest ids are picked first
 * from their start events, so only those roleplays' events are read and grouped (with every
 * roleplay grouped before the limit, 5,000 stored roleplays took 3.5 s; see docs/OPERATIONS.md).
 */
export async function listRoleplays(db: Database, limit = 50): Promise<StoredRoleplay[]> {
  const rows = await db.prisma.$queryRaw<Row[]>(Prisma.sql`
    WITH latest AS (
      SELECT "roleplay_id", min("created_at") AS started_at FROM "session_events"
      WHERE "roleplay_id" IS NOT NULL AND "event_type" = 'roleplay_start'
      GROUP BY "roleplay_id" ORDER BY started_at DESC LIMIT ${limit}
    ),
    events AS (
      SELECT e.*, s."scene", s."room_id", s."user_id", COALESCE(s."lang", u."lang")::text AS lang, u."display_name"
      FROM latest l
      JOIN "session_events" e ON e."roleplay_id" = l."roleplay_id"
      JOIN "learning_sessions" s ON s."id" = e."session_id"
      JOIN "users" u ON u."id" = s."user_id"
    ),
    players AS (
      SELECT "roleplay_id", json_agg(json_build_object('userId', "user_id", 'name', "display_name", 'lang', lang, 'firstRole', "roleplay_role") ORDER BY "roleplay_role") AS players
      FROM (
        SELECT DISTINCT ON ("roleplay_id", "user_id") "roleplay_id", "user_id", "display_name", lang, "roleplay_role"
        FROM events WHERE "event_type" = 'roleplay_start' ORDER BY "roleplay_id", "user_id", "created_at"
      ) starts
      GROUP BY "roleplay_id"
    )
    SELECT e."roleplay_id"::text AS id, min(e."scene") AS scene, min(e."room_id") AS room_id,
      min(e."metadata"->>'lessonId') FILTER (WHERE e."event_type" = 'roleplay_start') AS lesson_id,
      min(e."created_at") AS started_at, max(e."created_at") AS last_at,
      bool_or(e."event_type" = 'roleplay_complete') AS completed,
      bool_or(e."event_type" = 'roleplay_leave') AS left,
      count(*) FILTER (WHERE e."event_type" = 'evaluation') AS answers,
      count(*) FILTER (WHERE e."event_type" = 'evaluation' AND e."pass_fail") AS passed,
      count(*) FILTER (WHERE e."event_type" = 'roleplay_npc_line') AS npc_lines,
      COALESCE(min(p."players"::text)::json, '[]'::json) AS players
    FROM events e
    LEFT JOIN players p ON p."roleplay_id" = e."roleplay_id"
    GROUP BY e."roleplay_id"
    ORDER BY started_at DESC`);
  return rows.map((row) => ({
    id: row.id,
    scene: row.scene,
    roomId: row.room_id,
    lessonId: row.lesson_id,
    startedAt: row.started_at.toISOString(),
    lastAt: row.last_at.toISOString(),
    status: row.completed ? "completed" : row.left ? "left" : "open",
    answers: Number(row.answers),
    passed: Number(row.passed),
    npcLines: Number(row.npc_lines),
    players: row.players,
  }));
}
