import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Client, type Room } from "@colyseus/sdk";
import { freePort, startServerProcess, type ServerProcess } from "../../bench/serverProcess.ts";
import { Inbox } from "../helpers/inbox.ts";
import { createTempDatabase, type TempDatabase } from "../helpers/postgres.ts";
import { startRedis, type RedisServer } from "../helpers/processes.ts";

/**
 * Two KOTO processes sharing real Redis (presence, matchmaking) and real PostgreSQL, as
 * operators run them, with Caddy in front as the gateway.
 */

const SECRET = "cluster-test-jwt-secret-0123456789abcdef";
const OPERATOR = `Basic ${Buffer.from("admin:cluster-monitor-pw").toString("base64")}`;
let redis: RedisServer;
let database: TempDatabase;
let p1: ServerProcess;
let p2: ServerProcess;
let caddy: ChildProcess | undefined;
let gateway: string;

async function startProcess(port: number, publicAddress: string): Promise<ServerProcess> {
  return startServerProcess({
    PORT: String(port),
    PUBLIC_ADDRESS: publicAddress,
    REDIS_URL: redis.url,
    DATABASE_URL: database.url,
    JWT_SECRET: SECRET,
    MONITOR_PASSWORD: "cluster-monitor-pw",
    DRAIN_NOTICE_MS: "300",
  });
}

beforeAll(async () => {
  redis = await startRedis();
  database = await createTempDatabase("koto_cluster");
  const gatewayPort = await freePort();
  gateway = `127.0.0.1:${gatewayPort}`;
  const [port1, port2] = [await freePort(), await freePort()];
  // Each process names the gateway path that reaches it; the gateway routes /p1 and /p2.
  p1 = await startProcess(port1, `${gateway}/p1`);
  p2 = await startProcess(port2, `${gateway}/p2`);
  caddy = spawn("caddy", ["run", "--adapter", "caddyfile", "--config", "deploy/Caddyfile"], {
    env: { ...process.env, KOTO_SITE: `:${gatewayPort}`, KOTO_UPSTREAM_1: `127.0.0.1:${port1}`, KOTO_UPSTREAM_2: `127.0.0.1:${port2}`, KOTO_MEDIA_SITE: `:${await freePort()}`, HOME: process.env.HOME ?? "/tmp" },
    stdio: "ignore",
  });
  await vi.waitFor(async () => expect((await fetch(`http://${gateway}/health`)).status).toBe(200), { timeout: 20_000, interval: 200 });
}, 120_000);

afterAll(async () => {
  caddy?.kill("SIGTERM");
  await Promise.allSettled([p1?.stop(), p2?.stop()]);
  await redis?.stop();
  await database?.drop();
});

async function signIn(baseUrl: string, name: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/guest`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, lang: "en" }),
  });
  return ((await response.json()) as { token: string }).token;
}

async function join(baseUrl: string, token: string, roomName = "cafe"): Promise<Room> {
  const sdk = new Client(baseUrl);
  sdk.auth.token = token;
  return sdk.joinOrCreate(roomName, {});
}

const processOf = (room: Room) => /\/(p[12])\//.exec(room.connection.url ?? "")?.[1];

const avatars = (room: Room) => (room.state as { avatars: Map<string, { name: string }> }).avatars;

describe("two processes sharing Redis", () => {
  it("seats learners matchmade through either process in the same cafe", async () => {
    const [t1, t2] = [await signIn(p1.baseUrl, "Via-One"), await signIn(p2.baseUrl, "Via-Two")];
    // Matchmaking through each process's own HTTP endpoint; the seat names the room's process.
    const direct1 = await join(p1.baseUrl, t1);
    const direct2 = await join(p2.baseUrl, t2);
    expect(direct2.roomId).toBe(direct1.roomId);
    await vi.waitFor(() => expect(avatars(direct1).get(direct2.sessionId)?.name).toBe("Via-Two"));
    await vi.waitFor(() => expect(avatars(direct2).get(direct1.sessionId)?.name).toBe("Via-One"));

    // The monitor on either process lists the rooms of both.
    const list = async (p: ServerProcess) =>
      ((await (await fetch(`${p.baseUrl}/colyseus/api`, { headers: { authorization: OPERATOR } })).json()) as { rooms: Array<{ roomId: string }> }).rooms.map((r) => r.roomId);
    expect(await list(p1)).toContain(direct1.roomId);
    expect(await list(p2)).toContain(direct1.roomId);
    await Promise.all([direct1.leave(), direct2.leave()]);
  });

  it("carries learners through Caddy: matchmaking and each room's WebSocket", async () => {
    const viaGateway = `http://${gateway}`;
    const [ta, tb] = [await signIn(viaGateway, "Gate-A"), await signIn(viaGateway, "Gate-B")];
    const a = await join(viaGateway, ta, "airport");
    const b = await join(viaGateway, tb, "airport");
    expect(b.roomId).toBe(a.roomId);
    await vi.waitFor(() => expect(avatars(a).get(b.sessionId)?.name).toBe("Gate-B"));
    b.send("chat", { text: "through the gateway" });
    const inbox = new Inbox(a);
    expect(await inbox.next<{ text: string }>("chat")).toMatchObject({ text: "through the gateway" });
    await Promise.all([a.leave(), b.leave()]);
  });
});

describe("draining a process", () => {
  it("tells learners, saves their lesson, and lets them resume on the other process", async () => {
    const token = await signIn(`http://${gateway}`, "Mover");
    const first = await join(`http://${gateway}`, token, "cafe");
    const inbox = new Inbox(first);
    first.send("tutor:start", {});
    expect((await inbox.next<{ activityId: string }>("tutor:prompt")).activityId).toBe("cafe.greet");
    first.send("tutor:answer", { text: "안녕하세요" });
    await inbox.next("tutor:feedback");
    expect((await inbox.next<{ activityId: string }>("tutor:prompt")).activityId).toBe("cafe.order");
    first.send("tutor:answer", { text: "아메리카노 일 잔 주세요" });
    expect(await inbox.next("tutor:feedback")).toMatchObject({ outcome: "retry" });
    await inbox.next("tutor:prompt");

    // The room's WebSocket path names the process hosting it: drain that one.
    const [host, other] = processOf(first) === "p1" ? [p1, p2] : [p2, p1];
    const left = new Promise<number>((resolve) => first.onLeave((code) => resolve(code)));
    host.child.kill("SIGTERM");
    const notice = await inbox.next<{ code: string; message: string }>("server:draining");
    expect(notice.code).toBe("server_draining");
    expect(notice.message).toMatch(/restarting/);
    expect(await left).toBe(4001);
    await vi.waitFor(async () => expect((await fetch(`${host.baseUrl}/ready`).catch(() => ({ status: 0 }))).status).not.toBe(200));

    // The learner rejoins (through the gateway, which now only reaches the other process).
    const again = await join(`http://${gateway}`, token, "cafe");
    expect(processOf(again)).toBe(other === p1 ? "p1" : "p2");
    const inboxAgain = new Inbox(again);
    again.send("tutor:start", {});
    expect(await inboxAgain.next("tutor:prompt")).toMatchObject({ activityId: "cafe.order", attempt: 2 });
    await again.leave();
    if (host.child.exitCode === null) await new Promise((resolve) => host.child.once("exit", resolve));
    expect(host.child.exitCode).toBe(0);
    // Bring the drained process back for the remaining tests.
    const restarted = await startProcess(host.port, `${gateway}/${host === p1 ? "p1" : "p2"}`);
    if (host === p1) p1 = restarted;
    else p2 = restarted;
  }, 60_000);
});

describe("Redis restarting", () => {
  it("recovers matchmaking once Redis is back", async () => {
    await redis.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await redis.start();
    const viaGateway = `http://${gateway}`;
    const [tx, ty] = [await signIn(viaGateway, "After-X"), await signIn(viaGateway, "After-Y")];
    await vi.waitFor(
      async () => {
        const x = await join(viaGateway, tx, "airport");
        const y = await join(viaGateway, ty, "airport");
        try {
          expect(y.roomId).toBe(x.roomId);
        } finally {
          await Promise.all([x.leave(), y.leave()]);
        }
      },
      { timeout: 20_000, interval: 1_000 },
    );
  }, 40_000);
});
