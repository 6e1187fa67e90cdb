import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Client, type Room } from "@colyseus/sdk";
import { freePort, startServerProcess, type ServerProcess } from "../../bench/serverProcess.ts";
import { Inbox } from "../helpers/inbox.ts";
import { createTempDatabase, query, type TempDatabase } from "../helpers/postgres.ts";

/**
 * `kill -9` leaves sessions open. At its next start a process closes the ones it left
 * (`interrupted`, ended at their last event), and with several processes on one database,
 * only its own: each is known across restarts by its PUBLIC_ADDRESS, or by an id kept in
 * its data folder.
 */

const SECRET = "interrupted-test-jwt-secret-0123456789abcdef";
const folders: string[] = [];
const running: ServerProcess[] = [];

afterAll(async () => {
  await Promise.allSettled(running.filter((p) => p.child.exitCode === null && p.child.signalCode === null).map((p) => p.stop()));
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function dataFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "koto-crash-"));
  folders.push(dir);
  return dir;
}

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const server = await startServerProcess({ JWT_SECRET: SECRET, ...env });
  running.push(server);
  return server;
}

async function kill9(server: ServerProcess): Promise<void> {
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGKILL");
  await exited;
}

interface Learner {
  token: string;
  userId: string;
  room: Room;
}

/** A learner in the cafe who has had one answer graded (a skip): the session has an event. */
async function learnerWithAnEvent(server: ServerProcess, name: string): Promise<Learner> {
  const response = await fetch(`${server.baseUrl}/api/v1/auth/guest`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, lang: "en" }),
  });
  const { token, learner } = (await response.json()) as { token: string; learner: { userId: string } };
  const sdk = new Client(server.baseUrl);
  sdk.auth.token = token;
  const room = await sdk.joinOrCreate("cafe", {});
  const inbox = new Inbox(room);
  room.send("tutor:start", {});
  await inbox.next("tutor:prompt");
  room.send("tutor:skip");
  await inbox.next("tutor:feedback");
  return { token, userId: learner.userId, room };
}

interface SessionRow {
  id: string;
  status: string;
  end_reason: string | null;
  ended_at: Date | null;
  last_event: Date | null;
}

async function sessionsOf(database: TempDatabase, userId: string): Promise<SessionRow[]> {
  return query<SessionRow>(
    database.url,
    `SELECT s.id, s.status::text, s.end_reason, s.ended_at,
            (SELECT max(e.created_at) FROM session_events e WHERE e.session_id = s.id) AS last_event
     FROM learning_sessions s WHERE s.user_id = $1`,
    [userId],
  );
}

describe("sessions closed after a crash, each process its own (PostgreSQL, PUBLIC_ADDRESS)", () => {
  let database: TempDatabase;
  const ports: number[] = [];
  const envOf = (i: number): Record<string, string> => ({
    PORT: String(ports[i]),
    PUBLIC_ADDRESS: `127.0.0.1:${ports[i]}`,
    DATABASE_URL: database.url,
  });

  beforeAll(async () => {
    database = await createTempDatabase("koto_crash");
    ports.push(await freePort(), await freePort());
  });
  afterAll(async () => {
    await Promise.allSettled(running.filter((p) => p.child.exitCode === null && p.child.signalCode === null).map((p) => p.stop()));
    await database?.drop();
  });

  it("closes on restart only the sessions the restarted process left open", async () => {
    const first = await start({ ...envOf(0), KOTO_DATA_DIR: await dataFolder() });
    const second = await start({ ...envOf(1), KOTO_DATA_DIR: await dataFolder() });
    const [ana, ben] = [await learnerWithAnEvent(first, "Ana"), await learnerWithAnEvent(second, "Ben")];
    // Everything graded is in the database before the crash.
    await vi.waitFor(async () => {
      for (const who of [ana, ben]) expect((await sessionsOf(database, who.userId))[0]?.last_event).toBeInstanceOf(Date);
    }, { timeout: 10_000, interval: 100 });
    await kill9(first);
    await kill9(second);

    // The first process comes back (same address, a new data folder: the address is its identity).
    const firstAgain = await start({ ...envOf(0), KOTO_DATA_DIR: await dataFolder() });
    await vi.waitFor(async () => expect((await sessionsOf(database, ana.userId))[0]?.status).toBe("interrupted"), { timeout: 10_000, interval: 100 });
    const [closed] = await sessionsOf(database, ana.userId);
    expect(closed).toMatchObject({ status: "interrupted", end_reason: "server_crash" });
    expect(closed!.ended_at).toEqual(closed!.last_event);
    // The other process's session is not this one's to close, and a new one here stays open.
    expect((await sessionsOf(database, ben.userId))[0]).toMatchObject({ status: "active", ended_at: null });
    const cleo = await learnerWithAnEvent(firstAgain, "Cleo");
    await vi.waitFor(async () => expect(await sessionsOf(database, cleo.userId)).toHaveLength(1), { timeout: 10_000, interval: 100 });

    await start({ ...envOf(1), KOTO_DATA_DIR: await dataFolder() });
    await vi.waitFor(async () => expect((await sessionsOf(database, ben.userId))[0]?.status).toBe("interrupted"), { timeout: 10_000, interval: 100 });
    const [benClosed] = await sessionsOf(database, ben.userId);
    expect(benClosed!.ended_at).toEqual(benClosed!.last_event);
    expect((await sessionsOf(database, cleo.userId))[0]).toMatchObject({ status: "active", ended_at: null });
    await cleo.room.leave();
  }, 90_000);
});

describe("sessions closed after a crash (embedded database, identity kept in the data folder)", () => {
  it("closes them at the next start on the same data folder", async () => {
    const dataDir = await dataFolder();
    const server = await start({ KOTO_DATA_DIR: dataDir });
    const dan = await learnerWithAnEvent(server, "Dan");
    const sessions = async (at: ServerProcess) => {
      const response = await fetch(`${at.baseUrl}/api/v1/me/sessions`, { headers: { authorization: `Bearer ${dan.token}` } });
      return ((await response.json()) as { sessions: Array<{ id: string; status: string; endReason: string | null; endedAt: string | null; events: number }> }).sessions;
    };
    await vi.waitFor(async () => expect((await sessions(server))[0]?.events).toBeGreaterThan(0), { timeout: 10_000, interval: 100 });
    await kill9(server);

    const again = await start({ KOTO_DATA_DIR: dataDir });
    const [closed] = await sessions(again);
    expect(closed).toMatchObject({ status: "interrupted", endReason: "server_crash" });
    const detail = await fetch(`${again.baseUrl}/api/v1/me/sessions/${closed!.id}`, { headers: { authorization: `Bearer ${dan.token}` } });
    const { events } = (await detail.json()) as { events: Array<{ createdAt: string }> };
    expect(closed!.endedAt).toBe(events.map((e) => e.createdAt).sort().at(-1));
  }, 120_000);
});
