import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { ROOM_CAPACITY: "2", RECONNECT_SECONDS: "1" } });
});
afterAll(async () => {
  await server?.stop();
});

describe("room capacity", () => {
  it("opens another cafe beside a full one", async () => {
    const a = await server.join("cafe", "A");
    const b = await server.join("cafe", "B");
    const c = await server.join("cafe", "C");
    expect(b.room.roomId).toBe(a.room.roomId);
    expect(c.room.roomId).not.toBe(a.room.roomId);
    const listed = await fetch(`${server.baseUrl}/colyseus/api`, {
      headers: { authorization: `Basic ${Buffer.from("admin:test-monitor-password").toString("base64")}` },
    });
    const body = (await listed.json()) as { rooms: Array<{ name: string; clients: number }> };
    expect(body.rooms.filter((r) => r.name === "cafe").map((r) => r.clients).sort()).toEqual([1, 2]);
    await Promise.all([a.room.leave(), b.room.leave(), c.room.leave()]);
  });
});

describe("reconnection window", () => {
  it("removes the avatar and ends the session when the learner does not come back in time", async () => {
    const dropper = await server.join("airport", "Gone");
    const watcher = await server.join("airport", "Stays");
    const id = dropper.room.sessionId;
    const avatars = () => (watcher.room.state as { avatars: Map<string, { connected: boolean }> }).avatars;
    await vi.waitFor(() => expect(avatars().get(id)?.connected).toBe(true));
    const { matchMaker } = await import("@colyseus/core");
    const serverRoom = matchMaker.getLocalRoomById(dropper.room.roomId);
    (serverRoom.clients.getById(id) as unknown as { ref: { terminate(): void } }).ref.terminate();
    await vi.waitFor(() => expect(avatars().get(id)?.connected).toBe(false));
    await vi.waitFor(() => expect(avatars().get(id)).toBeUndefined(), { timeout: 5_000 });
    await vi.waitFor(async () => {
      const row = await server.services.db.prisma.learningSession.findFirstOrThrow({
        where: { userId: dropper.auth.learner.userId },
      });
      expect(row).toMatchObject({ status: "ended", endReason: "connection_lost" });
    });
    await watcher.room.leave();
  });
});
