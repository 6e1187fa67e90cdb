import { matchMaker } from "@colyseus/core";
import type { Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Inbox } from "../helpers/inbox.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

/**
 * What a durable turn looks like from the room: the learner's feedback waits until the turn's
 * writes are on disk, the room keeps streaming meanwhile, and a learner who leaves while
 * their writes are on the way gets nothing more (the NPC is not left talking to them).
 * The write log is held here by hand, as a slow disk would hold it.
 */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { TTS_PROVIDER: "none" } });
});
afterAll(async () => {
  await server?.stop();
});

interface Held {
  /** Resolves once something waits for the log. */
  waited: Promise<void>;
  release(): void;
}

/** Holds every wait for the log until released. */
function holdTheLog(): Held {
  const writes = server.services.writes;
  const durable = writes.durable.bind(writes);
  let waited!: () => void;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const waitedFor = new Promise<void>((resolve) => (waited = resolve));
  writes.durable = () => {
    waited();
    return gate.then(durable);
  };
  return {
    waited: waitedFor,
    release() {
      writes.durable = durable;
      open();
    },
  };
}

async function learnerAtPrompt(name: string): Promise<{ room: Room; inbox: Inbox }> {
  const { room } = await server.join("cafe", name, "en");
  const inbox = new Inbox(room);
  room.send("tutor:start", {});
  await inbox.next("tutor:prompt");
  return { room, inbox };
}

const avatarX = (room: Room, sessionId: string) => (room.state as { avatars: Map<string, { x: number }> }).avatars.get(sessionId)?.x;

describe("feedback and the write log", () => {
  it("waits for the turn's writes to be on disk, while the room goes on", async () => {
    const learner = await learnerAtPrompt("Patient");
    const { room: walker } = await server.join("cafe", "Walker", "en");
    const held = holdTheLog();
    try {
      learner.room.send("tutor:answer", { text: "안녕하세요" });
      await held.waited;
      walker.send("move", { x: 2.5, y: -4 });
      // The learner sees the walker move while their feedback is held.
      await vi.waitFor(() => expect(avatarX(learner.room, walker.sessionId)).toBeCloseTo(2.5, 2));
      expect(learner.inbox.unread("tutor:feedback")).toEqual([]);
    } finally {
      held.release();
    }
    expect(await learner.inbox.next("tutor:feedback")).toMatchObject({ activityId: "cafe.greet", pass: true });
    expect(await learner.inbox.next("tutor:prompt")).toMatchObject({ activityId: "cafe.order" });
    await learner.room.leave();
    await walker.leave();
  });

  it("sends nothing to a learner who left meanwhile, and leaves the NPC to no one", async () => {
    const learner = await learnerAtPrompt("Leaving");
    const { room: watcher } = await server.join("cafe", "Watcher", "en");
    const departed = learner.room.sessionId;
    const serverRoom = matchMaker.getLocalRoomById(watcher.roomId);
    const held = holdTheLog();
    try {
      learner.room.send("tutor:answer", { text: "안녕하세요" });
      await held.waited;
      await learner.room.leave();
      await vi.waitFor(() => expect(serverRoom.clients.getById(departed)).toBeUndefined());
    } finally {
      held.release();
    }
    await server.services.writes.durable();
    // Once the released turn's effects had their chance to run, and a later patch reached the watcher.
    watcher.send("emote", { name: "wave" });
    await vi.waitFor(() => expect((watcher.state as { avatars: Map<string, { emote: string }> }).avatars.get(watcher.sessionId)?.emote).toBe("wave"));
    const state = serverRoom.state as { lessons: Map<string, unknown>; npc: { talkingTo: string } };
    expect(state.lessons.has(departed)).toBe(false);
    expect(state.npc.talkingTo).not.toBe(departed);
    expect((watcher.state as { npc: { talkingTo: string } }).npc.talkingTo).not.toBe(departed);
    await watcher.leave();
  });
});
