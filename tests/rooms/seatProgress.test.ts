import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import type { ActivityResult } from "../../domain/lessons/lessonEngine.ts";
import { PrismaProgressStore } from "../../services/progress/ProgressStore.ts";
import { PrismaWriteSink } from "../../services/writes/PrismaWriteSink.ts";
import type { ProgressSaveOp } from "../../services/writes/writeOps.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

/**
 * Lesson progress never moves backwards: every save carries the version its writer (one
 * learning session) read and the version it writes. A save from a writer whose reading is
 * out of date, such as a connection another one has taken over, is rejected and logged.
 */

let server: TestServer;
const logged: Array<Record<string, unknown>> = [];
let sink: PrismaWriteSink;

beforeAll(async () => {
  server = await startTestServer({ database: "postgres" });
  const logger = pino({ level: "warn" }, { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) });
  sink = new PrismaWriteSink(server.services.db, logger);
});
afterAll(async () => {
  await server?.stop();
});

const PASS: ActivityResult = { score: 100, pass: true, attempts: 1, hints: 0, skipped: false, revealed: false };
const SKIP: ActivityResult = { score: 0, pass: false, attempts: 0, hints: 0, skipped: true, revealed: true };

let clock = Date.parse("2026-12-01T10:00:00.000Z");

function save(userId: string, writerId: string, baseVersion: number, version: number, results: Record<string, ActivityResult>, at: string): ProgressSaveOp {
  clock += 1_000;
  return {
    kind: "progress.save",
    userId,
    lessonId: "cafe-order",
    currentActivityId: at,
    attempts: 0,
    hints: 0,
    results,
    status: "in_progress",
    completedAt: null,
    // A stale writer's clock may well be later: the version decides, never the time.
    updatedAt: new Date(clock).toISOString(),
    writerId,
    baseVersion,
    version,
  };
}

async function stored(userId: string) {
  return server.services.db.prisma.lessonProgress.findUniqueOrThrow({ where: { userId_lessonId: { userId, lessonId: "cafe-order" } } });
}

const staleLines = () => logged.filter((line) => line.msg === "stale lesson progress rejected");

describe("versioned progress writes", () => {
  it("rejects and logs a save from a writer whose reading is out of date", async () => {
    const { learner } = await server.signIn("Versioned");
    const [a, b] = [randomUUID(), randomUUID()];
    // A and B both read the lesson when it had no progress (version 0).
    await sink.apply([save(learner.userId, a, 0, 1, { "cafe.greet": PASS }, "cafe.order")]);
    await sink.apply([save(learner.userId, a, 0, 2, { "cafe.greet": PASS, "cafe.order": PASS }, "cafe.temperature")]);
    await sink.apply([save(learner.userId, b, 0, 1, { "cafe.greet": SKIP }, "cafe.order")]);
    await sink.apply([save(learner.userId, b, 0, 3, { "cafe.greet": SKIP }, "cafe.order")]);

    const row = await stored(learner.userId);
    expect(row).toMatchObject({ version: 2, writerSessionId: a, currentActivityId: "cafe.temperature" });
    expect(row.results).toEqual({ "cafe.greet": PASS, "cafe.order": PASS });
    expect(staleLines().filter((line) => line.writerId === b)).toHaveLength(2);
    expect(staleLines()[0]).toMatchObject({ userId: learner.userId, lessonId: "cafe-order", writerId: b, baseVersion: 0, storedVersion: 2 });
  });

  it("lets a writer that read the newest version take over, and then rejects the old writer", async () => {
    const { learner } = await server.signIn("Takeover");
    const [old, fresh] = [randomUUID(), randomUUID()];
    await sink.apply([save(learner.userId, old, 0, 1, { "cafe.greet": PASS }, "cafe.order")]);
    await sink.apply([save(learner.userId, fresh, 1, 2, { "cafe.greet": PASS, "cafe.order": PASS }, "cafe.temperature")]);
    const before = staleLines().length;
    await sink.apply([save(learner.userId, old, 0, 2, { "cafe.greet": PASS, "cafe.order": SKIP }, "cafe.temperature")]);
    await sink.apply([save(learner.userId, old, 0, 5, { "cafe.greet": PASS, "cafe.order": SKIP }, "cafe.temperature")]);
    expect(await stored(learner.userId)).toMatchObject({ version: 2, writerSessionId: fresh, results: { "cafe.order": PASS } });
    expect(staleLines().length - before).toBe(2);
  });

  it("applies one batch's saves in order, from several writers, and rejects the stale one among them", async () => {
    const { learner } = await server.signIn("Batched");
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const before = staleLines().length;
    await sink.apply([
      save(learner.userId, a, 0, 1, { "cafe.greet": PASS }, "cafe.order"),
      save(learner.userId, a, 0, 2, { "cafe.greet": PASS, "cafe.order": PASS }, "cafe.temperature"),
      // B read A's second save (while it was still queued) and goes on from there.
      save(learner.userId, b, 2, 3, { "cafe.greet": PASS, "cafe.order": PASS, "cafe.temperature": PASS }, "cafe.pay"),
      // C read nothing newer than version 0: whatever it says is stale.
      save(learner.userId, c, 0, 9, { "cafe.greet": SKIP }, "cafe.order"),
    ]);
    expect(await stored(learner.userId)).toMatchObject({ version: 3, writerSessionId: b, currentActivityId: "cafe.pay" });
    expect(staleLines().slice(before).map((line) => line.writerId)).toEqual([c]);
  });

  it("changes nothing and logs nothing when a batch that landed is applied again", async () => {
    const { learner } = await server.signIn("Retried");
    const writer = randomUUID();
    const op = save(learner.userId, writer, 0, 1, { "cafe.greet": PASS }, "cafe.order");
    await sink.apply([op]);
    const before = staleLines().length;
    await sink.apply([op]);
    expect(await stored(learner.userId)).toMatchObject({ version: 1, writerSessionId: writer });
    expect(staleLines().length).toBe(before);
  });

  it("reads the version back with the progress", async () => {
    const { learner } = await server.signIn("Reader");
    const progress = new PrismaProgressStore(server.services.db, server.services.writes);
    expect(await progress.load(learner.userId, "cafe-order")).toBeUndefined();
    await sink.apply([save(learner.userId, randomUUID(), 0, 4, { "cafe.greet": PASS }, "cafe.order")]);
    expect(await progress.load(learner.userId, "cafe-order")).toMatchObject({ version: 4, saved: { currentActivityId: "cafe.order", results: { "cafe.greet": PASS } } });
  });
});
