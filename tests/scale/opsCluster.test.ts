import { Client, type Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freePort, startServerProcess, type ServerProcess } from "../../bench/serverProcess.ts";
import * as schemas from "../../http/openapi/opsSchemas.ts";
import { createTempDatabase, type TempDatabase } from "../helpers/postgres.ts";
import { startRedis, type RedisServer } from "../helpers/processes.ts";
import { nextMessage } from "../helpers/wait.ts";

/**
 * The operator console across processes: two KOTO processes share real Redis and PostgreSQL;
 * each lists the rooms of both, and an action sent to either reaches the learner, wherever
 * their room lives (one of the two calls is necessarily a remote room call over Redis).
 */

const PASSWORD = "ops-cluster-monitor-pw";
const OPERATOR = { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString("base64")}`, "content-type": "application/json" };
let redis: RedisServer;
let database: TempDatabase;
let processes: ServerProcess[] = [];
let room: Room;

async function live(process: ServerProcess) {
  const response = await fetch(`${process.baseUrl}/api/v1/ops/live`, { headers: OPERATOR });
  return schemas.liveRooms.parse(await response.json());
}

beforeAll(async () => {
  redis = await startRedis();
  database = await createTempDatabase("koto_ops_cluster");
  const env = { REDIS_URL: redis.url, DATABASE_URL: database.url, JWT_SECRET: "ops-cluster-jwt-secret-0123456789abcdef", MONITOR_PASSWORD: PASSWORD };
  const ports = [await freePort(), await freePort()];
  processes = await Promise.all(ports.map((port) => startServerProcess({ ...env, PORT: String(port), PUBLIC_ADDRESS: `127.0.0.1:${port}` })));
  const signIn = await fetch(`${processes[0]!.baseUrl}/api/v1/auth/guest`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Lan", lang: "vi" }) });
  const { token } = (await signIn.json()) as { token: string };
  const client = new Client(processes[0]!.baseUrl);
  client.auth.token = token;
  room = await client.joinOrCreate("cafe", { lang: "vi" });
}, 120_000);

afterAll(async () => {
  await room?.leave().catch(() => {});
  await Promise.allSettled(processes.map((p) => p.stop()));
  await redis?.stop();
  await database?.drop();
});

describe("the operator console with two processes", () => {
  it("lists the same rooms, with their learners, from either process", async () => {
    await vi.waitFor(async () => {
      const [a, b] = await Promise.all(processes.map(live));
      expect(a!.rooms.map((r) => [r.roomId, r.reachable, r.learners?.map((l) => l.name)])).toEqual([[room.roomId, true, ["Lan"]]]);
      expect(b!.rooms.map((r) => r.roomId)).toEqual([room.roomId]);
    });
  });

  it("reaches the learner's room from either process", async () => {
    for (const [i, action] of [[0, "mute"], [1, "unmute"]] as const) {
      const told = nextMessage<{ code: string; reason: string; message: string }>(room, "moderation");
      const response = await fetch(`${processes[i]!.baseUrl}/api/v1/ops/rooms/${room.roomId}/actions`, {
        method: "POST",
        headers: OPERATOR,
        body: JSON.stringify({ action, sessionId: room.sessionId, reason: `from process ${i + 1}` }),
      });
      expect(response.status).toBe(200);
      expect(await told).toMatchObject({ code: action === "mute" ? "muted" : "unmuted", reason: `from process ${i + 1}` });
    }
  });

  it("lists a roleplay under way in the room from either process", async () => {
    const signIn = await fetch(`${processes[1]!.baseUrl}/api/v1/auth/guest`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Minh", lang: "en" }) });
    const client = new Client(processes[1]!.baseUrl);
    client.auth.token = ((await signIn.json()) as { token: string }).token;
    const partner = await client.joinById(room.roomId, { lang: "en" });
    try {
      const invited = nextMessage<{ inviteId: string }>(partner, "roleplay:invited");
      room.send("roleplay:invite", { sessionId: partner.sessionId });
      const cued = nextMessage(partner, "roleplay:cue");
      partner.send("roleplay:accept", { inviteId: (await invited).inviteId });
      await cued;
      await vi.waitFor(async () => {
        for (const listing of await Promise.all(processes.map(live))) {
          const [roleplay] = listing.rooms.find((r) => r.roomId === room.roomId)?.roleplays ?? [];
          expect(roleplay?.players.map((p) => [p.name, p.role])).toEqual([["Lan", "customer"], ["Minh", "staff"]]);
        }
      });
    } finally {
      await partner.leave();
    }
  });
});
