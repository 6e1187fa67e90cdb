import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { matchMaker } from "@colyseus/core";
import { Client, type Room } from "@colyseus/sdk";
import { Inbox } from "../helpers/inbox.ts";
import { leaveCode, sleep } from "../helpers/wait.ts";
import { startTestServer, type JoinedLearner, type TestServer } from "../helpers/testServer.ts";

/**
 * One seat per learner per scene: a second connection with the same learner's token takes
 * the seat over; the first is told why and closed with 4004, and its lesson carries on in the
 * new connection from where the first left it.
 */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

interface Prompt {
  activityId: string;
  index: number;
}
interface Feedback {
  activityId: string;
  pass: boolean;
  outcome: string;
}

const inboxes = new WeakMap<Room, Inbox>();
function inbox(room: Room): Inbox {
  let box = inboxes.get(room);
  if (!box) inboxes.set(room, (box = new Inbox(room)));
  return box;
}

async function exchange<T>(room: Room, type: string, payload: unknown, reply: string): Promise<T> {
  inbox(room);
  room.send(type, payload);
  return inbox(room).next<T>(reply);
}

/** Another device or tab of the same learner: a new SDK client with the same token. */
async function again(learner: JoinedLearner, roomName = "cafe", how: "joinOrCreate" | "create" = "joinOrCreate"): Promise<Room> {
  const sdk = new Client(server.baseUrl);
  sdk.auth.token = learner.auth.token;
  const room = await sdk[how](roomName, { lang: "en" });
  inbox(room);
  return room;
}

type Avatars = Map<string, { userId: string; connected: boolean }>;
const avatars = (room: Room) => (room.state as { avatars: Avatars }).avatars;
const avatarsOf = (room: Room, userId: string) => [...avatars(room).entries()].filter(([, a]) => a.userId === userId).map(([id]) => id);

/** The learner's seats the server holds in every room of a scene. */
async function seatsOnServer(userId: string, roomName: string): Promise<string[]> {
  const listings = await matchMaker.query({ name: roomName });
  return listings.flatMap((listing) => {
    const state = matchMaker.getLocalRoomById(listing.roomId).state as { avatars: Avatars };
    return [...state.avatars.entries()].filter(([, a]) => a.userId === userId).map(([id]) => id);
  });
}

describe("a second connection with the same learner", () => {
  it("replaces the first: told why, closed with 4004, one avatar, and the lesson keeps the first's passes", async () => {
    const first = await server.join("cafe", "Jisoo");
    const watcher = await server.join("cafe", "Watcher");
    const userId = first.auth.learner.userId;
    expect((await exchange<Prompt>(first.room, "tutor:start", {}, "tutor:prompt")).activityId).toBe("cafe.greet");
    expect(await exchange<Feedback>(first.room, "tutor:answer", { text: "안녕하세요!" }, "tutor:feedback")).toMatchObject({ pass: true });
    await inbox(first.room).next<Prompt>("tutor:prompt");
    expect(await exchange<Feedback>(first.room, "tutor:answer", { text: "아메리카노 두 잔 주세요" }, "tutor:feedback")).toMatchObject({ pass: true });
    expect((await inbox(first.room).next<Prompt>("tutor:prompt")).activityId).toBe("cafe.temperature");

    const closed = leaveCode(first.room);
    const second = await again(first);
    expect(await closed).toBe(4004);
    expect(await inbox(first.room).next("session:replaced")).toMatchObject({ code: "session_replaced", message: server.services.catalog.pack("en").ui["session.replaced"] });
    await vi.waitFor(() => expect(avatarsOf(watcher.room, userId)).toEqual([second.sessionId]));
    expect(await seatsOnServer(userId, "cafe")).toEqual([second.sessionId]);

    // The new connection resumes where the first stopped, with the first's passes kept.
    expect(await exchange<Prompt>(second, "tutor:start", {}, "tutor:prompt")).toMatchObject({ activityId: "cafe.temperature", index: 2 });
    // The replaced connection can no longer act: a skip sent on it reveals and changes nothing.
    try {
      first.room.send("tutor:skip");
    } catch {
      // The SDK may refuse to send on a closed connection: the same outcome.
    }
    await sleep(300);
    expect(inbox(first.room).unread("tutor:feedback")).toEqual([]);
    expect(await server.services.writes.flush(5_000)).toBe(true);
    const row = await server.services.db.prisma.lessonProgress.findUniqueOrThrow({ where: { userId_lessonId: { userId, lessonId: "cafe-order" } } });
    expect(row.currentActivityId).toBe("cafe.temperature");
    expect(row.results).toMatchObject({ "cafe.greet": { pass: true, skipped: false }, "cafe.order": { pass: true, skipped: false } });
    expect(row.results).not.toHaveProperty("cafe.temperature");

    const sessions = await server.services.db.prisma.learningSession.findMany({ where: { userId }, orderBy: { startedAt: "asc" } });
    expect(sessions.map((s) => [s.status, s.endReason])).toEqual([
      ["ended", "replaced"],
      ["active", null],
    ]);
    await Promise.all([second.leave(), watcher.room.leave()]);
  });

  it("takes the seat over from another room of the same scene", async () => {
    const first = await server.join("cafe", "Roomhopper");
    const closed = leaveCode(first.room);
    const second = await again(first, "cafe", "create");
    expect(second.roomId).not.toBe(first.room.roomId);
    expect(await closed).toBe(4004);
    await vi.waitFor(async () => expect(await seatsOnServer(first.auth.learner.userId, "cafe")).toEqual([second.sessionId]));
    await second.leave();
  });

  it("takes over a dropped seat: the avatar waiting for a reconnection goes, and that reconnection is refused", async () => {
    const first = await server.join("cafe", "Dropper");
    const watcher = await server.join("cafe", "Onlooker");
    const userId = first.auth.learner.userId;
    first.room.reconnection.enabled = false;
    const token = first.room.reconnectionToken;
    const serverRoom = matchMaker.getLocalRoomById(first.room.roomId);
    (serverRoom.clients.getById(first.room.sessionId) as unknown as { ref: { terminate(): void } }).ref.terminate();
    await vi.waitFor(() => expect(avatars(watcher.room).get(first.room.sessionId)?.connected).toBe(false));

    const second = await again(first);
    await vi.waitFor(() => expect(avatarsOf(watcher.room, userId)).toEqual([second.sessionId]));
    await expect(first.sdk.reconnect(token)).rejects.toThrow();
    expect(avatarsOf(watcher.room, userId)).toEqual([second.sessionId]);
    await Promise.all([second.leave(), watcher.room.leave()]);
  });

  it("leaves exactly one seat when three connections join at once", async () => {
    const first = await server.join("cafe", "Triplet");
    const userId = first.auth.learner.userId;
    const joins = await Promise.allSettled([again(first), again(first), again(first)]);
    const rooms = [first.room, ...joins.flatMap((j) => (j.status === "fulfilled" ? [j.value] : []))];
    await vi.waitFor(async () => expect(await seatsOnServer(userId, "cafe")).toHaveLength(1));
    const [seat] = await seatsOnServer(userId, "cafe");
    const open = rooms.filter((room) => room.connection.isOpen);
    expect(open.map((room) => room.sessionId)).toEqual([seat]);
    await Promise.all(open.map((room) => room.leave()));
  });

  it("keeps a seat in each scene: the cafe and the airport are different places", async () => {
    const first = await server.join("cafe", "Traveller");
    let left = false;
    first.room.onLeave(() => (left = true));
    const airport = await again(first, "airport");
    await sleep(300);
    expect(left).toBe(false);
    expect(await seatsOnServer(first.auth.learner.userId, "cafe")).toEqual([first.room.sessionId]);
    await Promise.all([first.room.leave(), airport.leave()]);
  });
});
