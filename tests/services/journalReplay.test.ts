import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../services/clock.ts";
import { journalLine } from "../../services/writes/journalLines.ts";
import { MemoryWriteJournal } from "../../services/writes/WriteJournal.ts";
import { FileWriteLog } from "../../services/writes/WriteLog.ts";
import type { WriteOp } from "../../services/writes/writeOps.ts";
import { PrismaWriteSink } from "../../services/writes/PrismaWriteSink.ts";
import { WriteQueue } from "../../services/writes/WriteQueue.ts";
import { query } from "../helpers/postgres.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

/**
 * Replaying the write log after a crash applies again writes the database may already have
 * (the log lets go of them only once they are written, and not at once): against real
 * PostgreSQL, that adds no row twice, moves no progress back, and raises no alarm.
 */

let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startTestServer({ database: "postgres" });
  dir = await mkdtemp(path.join(os.tmpdir(), "koto-replay-"));
});
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Captured {
  level: number;
  msg: string;
}

function queueOn(log: FileWriteLog, lines: Captured[]): WriteQueue {
  const logger = pino({ level: "warn" }, { write: (line: string) => lines.push(JSON.parse(line) as Captured) });
  const sink = new PrismaWriteSink(server.services.db, logger);
  return new WriteQueue({ sink, journal: new MemoryWriteJournal(), log, logger, clock: systemClock, capacity: 10_000 });
}

/** One learner's lesson: the session, and per turn its event, AI call, progress save and lesson position. */
function lessonOps(userId: string, turns: number): WriteOp[] {
  const sessionId = randomUUID();
  const at = (i: number) => new Date(Date.UTC(2026, 10, 1, 12, 0, i)).toISOString();
  const ops: WriteOp[] = [
    { kind: "session.start", id: sessionId, userId, scene: "cafe", roomId: "r1", processId: null, lessonId: "cafe-order", startedAt: at(0) },
  ];
  for (let i = 1; i <= turns; i += 1) {
    const eventId = randomUUID();
    ops.push(
      {
        kind: "event", id: eventId, sessionId, activityId: "cafe.greet", eventType: "evaluation", userInput: `안녕 ${i}`, tutorResponse: "Try again",
        score: 40, passFail: false, primaryErrorType: "formality", provider: "rules", modelId: null, latencyMs: 3, evaluationDetail: null, metadata: null, createdAt: at(i),
      },
      {
        kind: "ai.usage", id: randomUUID(), sessionId, eventId, providerType: "eval", providerName: "rules", modelId: null, tokensIn: null, tokensOut: null,
        audioDurationMs: null, latencyMs: 1, success: true, errorCode: null, errorMessage: null, estimatedCostUsd: 0, createdAt: at(i),
      },
      {
        kind: "progress.save", userId, lessonId: "cafe-order", currentActivityId: "cafe.greet", attempts: i, hints: 0, results: {}, status: "in_progress",
        completedAt: null, updatedAt: at(i), writerId: sessionId, baseVersion: 0, version: i,
      },
      { kind: "session.lesson", id: sessionId, lessonId: "cafe-order", currentStageId: "cafe-order.greeting", currentActivityId: "cafe.greet" },
    );
  }
  return ops;
}

async function counts(userId: string): Promise<Record<string, number>> {
  const [row] = await query<Record<string, number>>(
    server.database!.url,
    `SELECT (SELECT count(*)::int FROM learning_sessions WHERE user_id = $1) AS sessions,
            (SELECT count(*)::int FROM session_events e JOIN learning_sessions s ON s.id = e.session_id WHERE s.user_id = $1) AS events,
            (SELECT count(*)::int FROM ai_usage_log u JOIN learning_sessions s ON s.id = u.session_id WHERE s.user_id = $1) AS usage,
            (SELECT attempts FROM lesson_progress WHERE user_id = $1) AS attempts,
            (SELECT version FROM lesson_progress WHERE user_id = $1) AS version`,
    [userId],
  );
  return row!;
}

describe("replaying the write log into a database that already has its rows", () => {
  it("adds nothing twice, keeps the newest progress, and logs no stale progress", async () => {
    const { learner } = await server.signIn("Replayed");
    // 300 turns (1,201 ops): more than one batch, so a learner's saves reach the database in
    // several, and the first a full 1,000 ops in one transaction against real PostgreSQL.
    const ops = lessonOps(learner.userId, 300);
    const lines: Captured[] = [];
    // A segment is let go of a while after the database has it: here, not before the crash.
    const first = queueOn(await FileWriteLog.open(dir, pino({ level: "silent" }), systemClock, { segmentMs: 60_000 }), lines);
    ops.forEach((op) => first.enqueue(op));
    expect(await first.flush(10_000)).toBe(true);
    const written = await counts(learner.userId);
    expect(written).toEqual({ sessions: 1, events: 300, usage: 300, attempts: 300, version: 300 });
    // The process dies here, before the log could let go of what the database has.

    const again = queueOn(await FileWriteLog.open(dir, pino({ level: "silent" }), systemClock), lines);
    expect((await again.replay()).ops).toBe(ops.length);
    expect(await again.flush(10_000)).toBe(true);
    expect(await counts(learner.userId)).toEqual(written);
    expect(again.stats()).toMatchObject({ written: ops.length, journaled: 0 });
    expect(lines.filter((line) => line.level >= 40)).toEqual([]);
    await again.close();
    await first.close();
  });
});

describe("npm run db:replay on a segment of the write log", () => {
  it("applies its whole lines and says how many it skipped", async () => {
    const { learner } = await server.signIn("Copied");
    const ops = lessonOps(learner.userId, 2);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "koto-replay-script-"));
    try {
      const segment = path.join(dataDir, "000000000007.jsonl");
      await writeFile(segment, ops.map((op) => journalLine(op)).join("") + '{"op":{"kind":"event","id":"cut sh');
      const replay = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", "scripts/db-replay.ts", "--file", segment], {
        env: { ...process.env, DATABASE_URL: server.database!.url, KOTO_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
        encoding: "utf8",
      });
      expect(replay.status, replay.stderr).toBe(0);
      expect(replay.stdout.trim()).toBe(`replayed ${ops.length} of ${ops.length} writes; 1 lines that are not a whole entry skipped`);
      expect(await counts(learner.userId)).toEqual({ sessions: 1, events: 2, usage: 2, attempts: 2, version: 2 });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
