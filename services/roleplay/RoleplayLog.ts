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
 * judged and passed, and how many the NPC said for someone.
 */
export async function listRoleplays(db: Database, limit = 50): Promise<StoredRoleplay[]> {
  const rows = await db.prisma.$queryRaw<Row[]>(Prisma.sql`
    WITH events AS (
      SELECT e.*, s."scene", s."room_id", s."user_id", COALESCE(s."lang", u."lang")::text AS lang, u."display_name"
      FROM "session_events" e
      JOIN "learning_sessions" s ON s."id" = e."session_id"
      JOIN "users" u ON u."id" = s."user_id"
      WHERE e."roleplay_id" IS NOT NULL
    ),
    players AS (
      SELECT DISTINCT ON ("roleplay_id", "user_id") "roleplay_id", "user_id", "display_name", lang, "roleplay_role"
      FROM events WHERE "event_type" = 'roleplay_start' ORDER BY "roleplay_id", "user_id", "created_at"
    )
    SELECT e."roleplay_id"::text AS id, min(e."scene") AS scene, min(e."room_id") AS room_id,
      min(e."metadata"->>'lessonId') FILTER (WHERE e."event_type" = 'roleplay_start') AS lesson_id,
      min(e."created_at") AS started_at, max(e."created_at") AS last_at,
      bool_or(e."event_type" = 'roleplay_complete') AS completed,
      bool_or(e."event_type" = 'roleplay_leave') AS left,
      count(*) FILTER (WHERE e."event_type" = 'evaluation') AS answers,
      count(*) FILTER (WHERE e."event_type" = 'evaluation' AND e."pass_fail") AS passed,
      count(*) FILTER (WHERE e."event_type" = 'roleplay_npc_line') AS npc_lines,
      (SELECT COALESCE(json_agg(json_build_object('userId', p."user_id", 'name', p."display_name", 'lang', p.lang, 'firstRole', p."roleplay_role")
         ORDER BY p."roleplay_role"), '[]'::json) FROM players p WHERE p."roleplay_id" = e."roleplay_id") AS players
    FROM events e
    GROUP BY e."roleplay_id"
    ORDER BY started_at DESC
    LIMIT ${limit}`);
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
