import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Client, type Room } from "@colyseus/sdk";
import { freePort, startServerProcess, type ServerProcess } from "../../bench/serverProcess.ts";
import { Inbox } from "../helpers/inbox.ts";
import { createTempDatabase, query, type TempDatabase } from "../helpers/postgres.ts";
import { startRedis, type RedisServer } from "../helpers/processes.ts";
import { leaveCode, sleep } from "../helpers/wait.ts";

/**
 * One seat per learner per scene across processes: the same learner joining the cafe on
 * another process takes the seat over. The process holding the old connection closes it
 * (4004) and stores its writes before the new one goes on, so the lesson resumes where the
 * old connection left it.
 */

const SECRET = "seat-test-jwt-secret-0123456789abcdef";
let redis: RedisServer;
let database: TempDatabase;
const processes: ServerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  database = await createTempDatabase("koto_seat");
  for (let i = 0; i < 2; i += 1) {
    const port = await freePort();
    // One after the other: the first applies the migrations.
    processes.push(
      await startServerProcess({
        PORT: String(port),
        PUBLIC_ADDRESS: `127.0.0.1:${port}`,
        REDIS_URL: redis.url,
        DATABASE_URL: database.url,
        JWT_SECRET: SECRET,
        // Two learners fill a room, so a third join opens a room on the emptier process.
        ROOM_CAPACITY: "2",
      }),
    );
  }
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(processes.map((p) => p.stop()));
  await redis?.stop();
  await database?.drop();
});

async function signIn(name: string): Promise<{ token: string; userId: string }> {
  const response = await fetch(`${processes[0]!.baseUrl}/api/v1/auth/guest`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, lang: "en" }),
  });
  const body = (await response.json()) as { token: string; learner: { userId: string } };
  return { token: body.token, userId: body.learner.userId };
}

async function join(via: ServerProcess, token: string): Promise<{ room: Room; inbox: Inbox }> {
  const sdk = new Client(via.baseUrl);
  sdk.auth.token = token;
  const room = await sdk.joinOrCreate("cafe", { lang: "en" });
  return { room, inbox: new Inbox(room) };
}

/** The process a room runs on: the seat names its public address. */
const processOf = (room: Room) => new URL(room.connection.url ?? "").port;

type Avatars = Map<string, { userId: string }>;
const avatarsOf = (room: Room, userId: string) =>
  [...(room.state as { avatars: Avatars }).avatars.entries()].filter(([, a]) => a.userId === userId).map(([id]) => id);

describe("the same learner joining on another process", () => {
  it("takes the seat over: the old connection is closed with 4004 and the lesson resumes where it stopped", async () => {
    const watcher = await join(processes[0]!, (await signIn("Watcher")).token);
    const learner = await signIn("Two-Tabs");
    const first = await join(processes[0]!, learner.token);
    expect(first.room.roomId).toBe(watcher.room.roomId);
    first.room.send("tutor:start", {});
    expect(await first.inbox.next("tutor:prompt")).toMatchObject({ activityId: "cafe.greet" });
    first.room.send("tutor:answer", { text: "안녕하세요!" });
    expect(await first.inbox.next("tutor:feedback")).toMatchObject({ pass: true });
    expect(await first.inbox.next("tutor:prompt")).toMatchObject({ activityId: "cafe.order" });
    first.room.send("tutor:answer", { text: "아메리카노 두 잔 주세요" });
    expect(await first.inbox.next("tutor:feedback")).toMatchObject({ pass: true });
    expect(await first.inbox.next("tutor:prompt")).toMatchObject({ activityId: "cafe.temperature" });

    // The first room is full; once the room counts are shared (every second), a new room opens
    // on the other process.
    await sleep(1_500);
    const closed = leaveCode(first.room);
    const second = await join(processes[1]!, learner.token);
    expect(processOf(second.room)).not.toBe(processOf(first.room));
    expect(await closed).toBe(4004);
    expect(await first.inbox.next("session:replaced")).toMatchObject({ code: "session_replaced" });
    await vi.waitFor(() => expect(avatarsOf(watcher.room, learner.userId)).toEqual([]));

    second.room.send("tutor:start", {});
    expect(await second.inbox.next("tutor:prompt")).toMatchObject({ activityId: "cafe.temperature", index: 2 });
    second.room.send("tutor:choose", { index: 1 });
    expect(await second.inbox.next("tutor:feedback")).toMatchObject({ pass: true });
    await second.inbox.next("tutor:prompt");
    // Both sessions' rows come through the write queue; wait for the new one to land.
    const sessions = await vi.waitFor(async () => {
      const rows = await query<{ id: string; end_reason: string | null }>(
        database.url,
        `SELECT id, end_reason FROM learning_sessions WHERE user_id = $1 ORDER BY started_at`,
        [learner.userId],
      );
      expect(rows.map((s) => s.end_reason)).toEqual(["replaced", null]);
      return rows;
    });
    // The new session's saves landed on top of the old one's: nothing of either was lost.
    await vi.waitFor(async () => {
      const [row] = await query<{ results: Record<string, { pass: boolean }>; writer_session_id: string }>(
        database.url,
        `SELECT results, writer_session_id FROM lesson_progress WHERE user_id = $1 AND lesson_id = 'cafe-order'`,
        [learner.userId],
      );
      expect(row?.writer_session_id).toBe(sessions[1]!.id);
      expect(Object.entries(row?.results ?? {}).map(([id, r]) => [id, r.pass])).toEqual([
        ["cafe.greet", true],
        ["cafe.order", true],
        ["cafe.temperature", true],
      ]);
    });
    await Promise.all([second.room.leave(), watcher.room.leave()]);
  });

  it("leaves one seat when the same learner joins on both processes at once", async () => {
    const learner = await signIn("Racer");
    const joins = await Promise.allSettled([join(processes[0]!, learner.token), join(processes[1]!, learner.token), join(processes[0]!, learner.token)]);
    const rooms = joins.flatMap((j) => (j.status === "fulfilled" ? [j.value.room] : []));
    expect(rooms.length).toBeGreaterThan(0);
    await vi.waitFor(() => expect(rooms.filter((room) => room.connection.isOpen)).toHaveLength(1), { timeout: 10_000 });
    await Promise.all(rooms.filter((room) => room.connection.isOpen).map((room) => room.leave()));
  });
});
