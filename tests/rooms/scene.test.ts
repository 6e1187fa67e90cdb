import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { collect, leaveCode, nextMessage, sleep } from "../helpers/wait.ts";
import { MONITOR_PASSWORD, startTestServer, type TestServer } from "../helpers/testServer.ts";

interface AvatarView {
  userId: string;
  name: string;
  x: number;
  y: number;
  facing: number;
  anim: string;
  emote: string;
  chat: string;
  connected: boolean;
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

function avatarOf(room: { state: unknown }, sessionId: string): AvatarView | undefined {
  const state = room.state as { avatars: { get(id: string): AvatarView | undefined } };
  return state.avatars.get(sessionId);
}

describe("a shared scene", () => {
  it("shows each learner the others: joining, moving, chatting, emoting and leaving", async () => {
    const mina = await server.join("cafe", "민아", "en");
    const budi = await server.join("cafe", "Budi", "id");
    expect(budi.room.roomId).toBe(mina.room.roomId);

    await vi.waitFor(() => expect(avatarOf(mina.room, budi.room.sessionId)?.name).toBe("Budi"));
    expect(avatarOf(budi.room, mina.room.sessionId)?.name).toBe("민아");
    expect(avatarOf(budi.room, mina.room.sessionId)?.userId).toBe(mina.auth.learner.userId);

    const start = avatarOf(mina.room, budi.room.sessionId)!;
    const startX = start.x;
    budi.room.send("move", { x: startX + 1, y: start.y, facing: 90, anim: "walk" });
    await vi.waitFor(() => expect(avatarOf(mina.room, budi.room.sessionId)?.x).toBeCloseTo(startX + 1, 3));
    expect(avatarOf(mina.room, budi.room.sessionId)?.facing).toBeCloseTo(90);
    expect(avatarOf(mina.room, budi.room.sessionId)?.anim).toBe("walk");

    const chat = nextMessage<{ sessionId: string; text: string }>(mina.room, "chat");
    budi.room.send("chat", { text: "  안녕하세요!\u202E\n  " });
    expect(await chat).toMatchObject({ sessionId: budi.room.sessionId, text: "안녕하세요!" });
    await vi.waitFor(() => expect(avatarOf(mina.room, budi.room.sessionId)?.chat).toBe("안녕하세요!"));

    budi.room.send("emote", { name: "bow" });
    await vi.waitFor(() => expect(avatarOf(mina.room, budi.room.sessionId)?.emote).toBe("bow"));

    await budi.room.leave();
    await vi.waitFor(() => expect(avatarOf(mina.room, budi.room.sessionId)).toBeUndefined());
    await mina.room.leave();
  });

  it("keeps scenes apart: a learner in the airport does not see the cafe", async () => {
    const cafe = await server.join("cafe", "Lan", "vi");
    const airport = await server.join("airport", "Tom", "en");
    expect(airport.room.roomId).not.toBe(cafe.room.roomId);
    await sleep(150);
    expect(avatarOf(airport.room, cafe.room.sessionId)).toBeUndefined();
    expect((airport.room.state as { scene: string }).scene).toBe("airport");
    await Promise.all([cafe.room.leave(), airport.room.leave()]);
  });
});

describe("authoritative movement", () => {
  it("never lets an avatar leave the scene or outrun walking speed", async () => {
    const walker = await server.join("cafe", "Runner");
    const watcher = await server.join("cafe", "Watcher");
    const id = walker.room.sessionId;
    await vi.waitFor(() => expect(avatarOf(watcher.room, id)).toBeDefined());
    const from = { ...avatarOf(watcher.room, id)! };

    // A teleport far outside the cafe: the server grants at most one second of walking.
    walker.room.send("move", { x: 500, y: 500 });
    await vi.waitFor(() => expect(avatarOf(watcher.room, id)?.x).not.toBe(from.x));
    const after = avatarOf(watcher.room, id)!;
    const travelled = Math.hypot(after.x - from.x, after.y - from.y);
    expect(travelled).toBeLessThanOrEqual(4.001);
    expect(after.x).toBeLessThanOrEqual(12);
    expect(after.y).toBeLessThanOrEqual(8);

    // Ten more teleports in a burst add almost nothing: the allowance is spent.
    for (let i = 0; i < 10; i += 1) walker.room.send("move", { x: 500, y: 500 });
    await sleep(200);
    const burst = avatarOf(watcher.room, id)!;
    expect(Math.hypot(burst.x - after.x, burst.y - after.y)).toBeLessThan(1.5);

    // Given time, the avatar reaches the corner of the scene and stops at the bounds.
    for (let i = 0; i < 8; i += 1) {
      await sleep(1_000);
      walker.room.send("move", { x: 500, y: 500 });
    }
    await vi.waitFor(() => {
      expect(avatarOf(watcher.room, id)?.x).toBeCloseTo(12, 3);
      expect(avatarOf(watcher.room, id)?.y).toBeCloseTo(8, 3);
    });
    await Promise.all([walker.room.leave(), watcher.room.leave()]);
  }, 20_000);
});

describe("malformed messages", () => {
  it("refuses bad payloads with a clear error while the room keeps serving everyone", async () => {
    const bad = await server.join("cafe", "Mallory");
    const good = await server.join("cafe", "Alice");
    const errors = collect<{ code: string; message: string }>(bad.room, "error");
    await vi.waitFor(() => expect(avatarOf(good.room, bad.room.sessionId)).toBeDefined());
    const before = { ...avatarOf(good.room, bad.room.sessionId)! };

    bad.room.send("move", { x: "abc", y: 1 });
    bad.room.send("move", { x: Number.NaN, y: 1 });
    bad.room.send("move", { y: 1 });
    bad.room.send("move", "left");
    bad.room.send("chat", { text: "가".repeat(3_000) });
    bad.room.send("chat", { text: 42 });
    bad.room.send("emote", { name: "rm -rf /" });
    bad.room.send("chat", { text: "\u0000\u200B   " });
    bad.room.send("chat", { text: "가".repeat(201) });

    await vi.waitFor(() => expect(errors).toHaveLength(9));
    expect(errors.slice(0, 7).every((e) => e.code === "invalid_message")).toBe(true);
    expect(errors[0]?.message).toMatch(/^move: x:/);
    expect(errors[7]?.code).toBe("chat_empty");
    expect(errors[8]?.code).toBe("chat_too_long");
    expect(errors.every((e) => !/at .*\.ts|Error:/.test(e.message))).toBe(true);
    // Nothing reached the state.
    expect(avatarOf(good.room, bad.room.sessionId)?.x).toBe(before.x);
    expect(avatarOf(good.room, bad.room.sessionId)?.chat).toBe("");

    // The room still works for everyone, the offender included.
    good.room.send("chat", { text: "still here" });
    expect(await nextMessage<{ text: string }>(bad.room, "chat")).toMatchObject({ text: "still here" });
    await Promise.all([bad.room.leave(), good.room.leave()]);
  });

  it("disconnects a client that keeps sending invalid payloads with 4002, and only that client", async () => {
    const bad = await server.join("cafe", "Spammer");
    const good = await server.join("cafe", "Bystander");
    const closed = leaveCode(bad.room);
    for (let i = 0; i < 10; i += 1) bad.room.send("move", { x: "nope" });
    expect(await closed).toBe(4002);
    await vi.waitFor(() => expect(avatarOf(good.room, bad.room.sessionId)).toBeUndefined());
    good.room.send("emote", { name: "wave" });
    await vi.waitFor(() => expect(avatarOf(good.room, good.room.sessionId)?.emote).toBe("wave"));
    await good.room.leave();
  });

  it("disconnects a client that sends an unknown message type with 4002", async () => {
    const bad = await server.join("airport", "Prober");
    const closed = leaveCode(bad.room);
    bad.room.send("teleport", { x: 1 });
    expect(await closed).toBe(4002);
  });

  it("closes the connection of a client sending an oversized frame, without harming others", async () => {
    const bad = await server.join("cafe", "Flooder");
    const good = await server.join("cafe", "Neighbour");
    const closed = leaveCode(bad.room);
    bad.room.send("chat", { text: "x".repeat(64 * 1024) });
    expect(await closed).toBeGreaterThan(1000);
    // The server sees a dropped connection: the avatar waits, disconnected, for a reconnection.
    await vi.waitFor(() => expect(avatarOf(good.room, bad.room.sessionId)?.connected).toBe(false));
    good.room.send("emote", { name: "clap" });
    await vi.waitFor(() => expect(avatarOf(good.room, good.room.sessionId)?.emote).toBe("clap"));
    await good.room.leave();
  });
});

describe("a failing handler", () => {
  it("is contained: the sender gets internal_error without details and the room keeps running", async () => {
    const sender = await server.join("cafe", "Unlucky");
    const other = await server.join("cafe", "Other");
    const { matchMaker } = await import("@colyseus/core");
    const serverRoom = matchMaker.getLocalRoomById(sender.room.roomId);
    // A handler that throws stands in for any bug that slips past validation.
    serverRoom.onMessage("explode", () => {
      throw new Error("secret internal detail at /srv/koto/rooms/SceneRoom.ts:42");
    });
    const error = nextMessage<{ code: string; message: string }>(sender.room, "error");
    sender.room.send("explode", {});
    expect(await error).toEqual({ code: "internal_error", message: "Something went wrong; please try again." });
    sender.room.send("chat", { text: "still standing" });
    expect(await nextMessage<{ text: string }>(other.room, "chat")).toMatchObject({ text: "still standing" });
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
    await Promise.all([sender.room.leave(), other.room.leave()]);
  });
});

describe("reconnection", () => {
  it("keeps a dropped learner's avatar, marked disconnected, and gives it back on reconnection", async () => {
    const dropper = await server.join("cafe", "Flaky");
    const watcher = await server.join("cafe", "Steady");
    const id = dropper.room.sessionId;
    await vi.waitFor(() => expect(avatarOf(watcher.room, id)?.connected).toBe(true));
    dropper.room.reconnection.minUptime = 0;
    const reconnected = new Promise<void>((resolve) => dropper.room.onReconnect(() => resolve()));

    // Cut the connection the way a network does (no close handshake).
    const { matchMaker } = await import("@colyseus/core");
    const serverRoom = matchMaker.getLocalRoomById(dropper.room.roomId);
    const serverClient = serverRoom.clients.getById(id) as unknown as { ref: { terminate(): void } };
    serverClient.ref.terminate();

    await vi.waitFor(() => expect(avatarOf(watcher.room, id)?.connected).toBe(false));
    await reconnected;
    await vi.waitFor(() => expect(avatarOf(watcher.room, id)?.connected).toBe(true));
    expect(dropper.room.sessionId).toBe(id);
    dropper.room.send("chat", { text: "back again" });
    expect(await nextMessage<{ text: string }>(watcher.room, "chat")).toMatchObject({ text: "back again" });
    await Promise.all([dropper.room.leave(), watcher.room.leave()]);
  });
});

describe("sign-in and operator endpoints", () => {
  it("refuses to seat a learner without a valid token", async () => {
    const { Client } = await import("@colyseus/sdk");
    const anonymous = new Client(server.baseUrl);
    await expect(anonymous.joinOrCreate("cafe", { name: "x", lang: "en" })).rejects.toThrow(/token/);
    const forged = new Client(server.baseUrl);
    forged.auth.token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    await expect(forged.joinOrCreate("cafe", { name: "x", lang: "en" })).rejects.toThrow(/invalid token/);
    const expired = await server.services.tokens.issue({ userId: crypto.randomUUID(), name: "Old", lang: "en" }, -10);
    const late = new Client(server.baseUrl);
    late.auth.token = expired.token;
    await expect(late.joinOrCreate("cafe", { name: "x", lang: "en" })).rejects.toThrow(/expired/);
  });

  it("rejects a guest sign-in with a bad body", async () => {
    const post = (body: string) =>
      fetch(`${server.baseUrl}/api/v1/auth/guest`, { method: "POST", headers: { "content-type": "application/json" }, body });
    const noName = await post(JSON.stringify({ lang: "en" }));
    expect(noName.status).toBe(400);
    expect(await noName.json()).toMatchObject({ error: { code: "invalid_body" } });
    const badLang = await post(JSON.stringify({ name: "A", lang: "fr" }));
    expect(badLang.status).toBe(400);
    const malformed = await post("{ not json");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: "malformed_json" } });
  });

  it("answers /health and /ready, and keeps the monitor behind operator credentials", async () => {
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
    const ready = await fetch(`${server.baseUrl}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ database: true });
    const anonymous = await fetch(`${server.baseUrl}/colyseus/`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/Basic/);
    const wrong = await fetch(`${server.baseUrl}/colyseus/`, {
      headers: { authorization: `Basic ${Buffer.from("admin:wrong").toString("base64")}` },
    });
    expect(wrong.status).toBe(401);
    const operator = await fetch(`${server.baseUrl}/colyseus/api`, {
      headers: { authorization: `Basic ${Buffer.from(`admin:${MONITOR_PASSWORD}`).toString("base64")}` },
    });
    expect(operator.status).toBe(200);
  });
});
