import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { matchMaker } from "@colyseus/core";
import { Client, type Room } from "@colyseus/sdk";
import { WebSocket } from "ws";
import { nextMessage, sleep } from "../helpers/wait.ts";
import { startTestServer, type JoinedLearner, type TestServer } from "../helpers/testServer.ts";

/**
 * A reconnection token names a seat; it is not an identity. Taking a seat back needs the
 * token of the learner who holds it. A stolen reconnection token, alone or with another
 * learner's token, is refused, whether its learner has dropped (the avatar keeps waiting for
 * them) or is still online (they stay connected).
 */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

type Avatars = Map<string, { connected: boolean }>;
const avatarOf = (room: Room, sessionId: string) => (room.state as { avatars: Avatars }).avatars.get(sessionId);

/** Cuts the learner's connection as a network would; their SDK does not reconnect by itself. */
async function drop(victim: JoinedLearner, watcher: JoinedLearner): Promise<void> {
  victim.room.reconnection.enabled = false;
  const serverRoom = matchMaker.getLocalRoomById(victim.room.roomId);
  (serverRoom.clients.getById(victim.room.sessionId) as unknown as { ref: { terminate(): void } }).ref.terminate();
  await vi.waitFor(() => expect(avatarOf(watcher.room, victim.room.sessionId)?.connected).toBe(false));
}

function thief(token?: string): Client {
  const sdk = new Client(server.baseUrl);
  if (token) sdk.auth.token = token;
  return sdk;
}

/** A WebSocket straight to the room, as a hand-written client would open it; resolves with its close code. */
function rawReconnect(room: Room, query: Record<string, string>): Promise<{ code: number; joined: boolean }> {
  const params = new URLSearchParams({ sessionId: room.sessionId, ...query });
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/${matchMaker.processId}/${room.roomId}?${params.toString()}`);
  let joined = false;
  socket.on("message", (data: Buffer) => {
    // Protocol.JOIN_ROOM (10): the server handed the seat over.
    if (data[0] === 10) joined = true;
  });
  return new Promise((resolve) => socket.on("close", (code) => resolve({ code, joined })));
}

describe("reconnecting to a dropped learner's seat", () => {
  it("refuses a stolen reconnection token without the learner's token; the learner can still come back", async () => {
    const victim = await server.join("cafe", "Victim");
    const watcher = await server.join("cafe", "Witness");
    const stolen = victim.room.reconnectionToken;
    await drop(victim, watcher);

    await expect(thief().reconnect(stolen)).rejects.toThrow("sign in first: no token");
    const other = await server.signIn("Thief");
    await expect(thief(other.token).reconnect(stolen)).rejects.toThrow("reconnection refused: sign in as the learner of this seat");
    const expired = await server.services.tokens.issue(victim.auth.learner, -10);
    await expect(thief(expired.token).reconnect(stolen)).rejects.toThrow("token expired");
    const raw = await rawReconnect(victim.room, { reconnectionToken: stolen.split(":")[1]! });
    expect(raw).toEqual({ code: 4003, joined: false });

    // Nothing was handed over: the avatar still waits, and its learner takes it back.
    await sleep(200);
    expect(avatarOf(watcher.room, victim.room.sessionId)?.connected).toBe(false);
    const back = await victim.sdk.reconnect(stolen);
    expect(back.sessionId).toBe(victim.room.sessionId);
    await vi.waitFor(() => expect(avatarOf(watcher.room, back.sessionId)?.connected).toBe(true));
    await Promise.all([back.leave(), watcher.room.leave()]);
  });
});

describe("presenting a learner's reconnection token while they are online", () => {
  it("refuses it and leaves the learner connected", async () => {
    const victim = await server.join("cafe", "Online");
    const watcher = await server.join("cafe", "Bystander");
    let left: number | undefined;
    victim.room.onLeave((code) => (left = code));
    const stolen = victim.room.reconnectionToken;

    await expect(thief().reconnect(stolen)).rejects.toThrow("sign in first: no token");
    const other = await server.signIn("Kicker");
    await expect(thief(other.token).reconnect(stolen)).rejects.toThrow("reconnection refused: sign in as the learner of this seat");
    expect(await rawReconnect(victim.room, { reconnectionToken: stolen.split(":")[1]! })).toEqual({ code: 4003, joined: false });
    expect(await rawReconnect(victim.room, { reconnectionToken: stolen.split(":")[1]!, _authToken: other.token })).toEqual({
      code: 4003,
      joined: false,
    });

    await sleep(200);
    expect(left).toBeUndefined();
    expect(avatarOf(watcher.room, victim.room.sessionId)?.connected).toBe(true);
    const heard = nextMessage<{ text: string }>(watcher.room, "chat");
    victim.room.send("chat", { text: "still here" });
    expect(await heard).toMatchObject({ text: "still here" });
    await Promise.all([victim.room.leave(), watcher.room.leave()]);
  });
});
