import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fixtureContent } from "../helpers/fixtureContent.ts";
import { Inbox } from "../helpers/inbox.ts";
import { startPostgresCluster, type PostgresCluster } from "../helpers/processes.ts";
import { startTestServer, type JoinedLearner, type TestServer } from "../helpers/testServer.ts";

/**
 * PostgreSQL stopped and started under a running server (a PostgreSQL of this test's own,
 * so other tests are not disturbed). Learners keep playing; no event is lost.
 */

let cluster: PostgresCluster;
let content: Awaited<ReturnType<typeof fixtureContent>>;

// The learners walk the airport lesson step by step: fixed fixture lessons, not the course.
beforeAll(async () => {
  cluster = await startPostgresCluster();
  content = await fixtureContent();
}, 60_000);
afterAll(async () => {
  await cluster?.destroy();
  await content?.remove();
});

async function metric(server: TestServer, name: string): Promise<number> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return Number(line?.split(" ")[1] ?? Number.NaN);
}

/** Plays `turns` wrong answers (each an evaluation event) and returns once all feedback is in. */
async function play(learner: JoinedLearner & { inbox: Inbox }, turns: number): Promise<void> {
  for (let i = 0; i < turns; i += 1) {
    learner.room.send("tutor:skip", {});
    await learner.inbox.next("tutor:feedback");
    const next = await learner.inbox.next<{ activityId: string } | undefined>("tutor:prompt", 5_000).catch(() => undefined);
    if (!next) break;
  }
}

async function startLesson(server: TestServer, name: string): Promise<JoinedLearner & { inbox: Inbox }> {
  const joined = await server.join("airport", name, "en");
  const inbox = new Inbox(joined.room);
  joined.room.send("tutor:start", {});
  await inbox.next("tutor:prompt");
  return { ...joined, inbox };
}

async function eventsOf(server: TestServer, userId: string): Promise<string[]> {
  const rows = await server.services.db.prisma.sessionEvent.findMany({
    where: { session: { userId } },
    orderBy: { createdAt: "asc" },
    select: { eventType: true },
  });
  return rows.map((r) => r.eventType);
}

describe("a database outage shorter than the write buffer", () => {
  let server: TestServer;
  beforeAll(async () => {
    await cluster.start().catch(() => {});
    server = await startTestServer({ overrides: { contentDir: content.dir }, env: { DATABASE_URL: cluster.url.replace(/\/postgres$/, "/postgres") } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop(5_000);
  });

  it("keeps learners playing, shows the held writes, and loses nothing once the database is back", async () => {
    const learner = await startLesson(server, "Steady");
    await cluster.stop();
    await play(learner, 4);
    learner.room.send("chat", { text: "still here" });
    await vi.waitFor(async () => expect(await metric(server, "koto_write_queue_failing")).toBe(1), { timeout: 10_000 });
    expect(await metric(server, "koto_write_queue_depth")).toBeGreaterThan(0);
    expect((await fetch(`${server.baseUrl}/ready`)).status).toBe(503);

    await cluster.start();
    await vi.waitFor(async () => expect(await metric(server, "koto_write_queue_depth")).toBe(0), { timeout: 20_000, interval: 250 });
    expect(await metric(server, "koto_write_queue_journaled")).toBe(0);
    expect(await eventsOf(server, learner.auth.learner.userId)).toEqual(["lesson_start", "skip", "skip", "skip", "skip"]);
    const progress = await server.services.db.prisma.lessonProgress.findFirstOrThrow({ where: { userId: learner.auth.learner.userId } });
    expect(progress.currentActivityId).toBe("airport.gate");
    await learner.room.leave();
  }, 60_000);
});

describe("a database outage longer than the write buffer", () => {
  let server: TestServer;
  beforeAll(async () => {
    await cluster.start().catch(() => {});
    server = await startTestServer({ overrides: { contentDir: content.dir }, env: { DATABASE_URL: cluster.url, WRITE_QUEUE_CAPACITY: "10" } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop(5_000);
  });

  it("journals the writes beyond the buffer to disk, and `npm run db:replay` restores them", async () => {
    const learner = await startLesson(server, "Overflow");
    await cluster.stop();
    await play(learner, 6);
    await learner.room.leave();
    await vi.waitFor(async () => expect(await metric(server, "koto_write_queue_journaled")).toBeGreaterThan(0), { timeout: 10_000 });
    expect(await metric(server, "koto_write_queue_depth")).toBe(10);

    await cluster.start();
    await vi.waitFor(async () => expect(await metric(server, "koto_write_queue_depth")).toBe(0), { timeout: 20_000, interval: 250 });
    const userId = learner.auth.learner.userId;
    const beforeReplay = await eventsOf(server, userId);
    expect(beforeReplay.length).toBeLessThan(8);

    const replay = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", "scripts/db-replay.ts"], {
      env: { ...process.env, DATABASE_URL: cluster.url, KOTO_DATA_DIR: server.services.config.dataDir },
      encoding: "utf8",
    });
    expect(replay.status, replay.stderr).toBe(0);
    expect(replay.stdout).toMatch(/^replayed (\d+) of \1 writes/);
    expect(await eventsOf(server, userId)).toEqual(["lesson_start", "skip", "skip", "skip", "skip", "skip", "skip", "lesson_complete"]);
    const session = await server.services.db.prisma.learningSession.findFirstOrThrow({ where: { userId } });
    expect(session).toMatchObject({ status: "ended", endReason: "left" });
  }, 60_000);
});
