import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { matchMaker } from "@colyseus/core";
import type { Room } from "@colyseus/sdk";
import type { EvaluatedTurn, TurnRequest } from "../../services/tutor/TurnEvaluator.ts";
import { Inbox } from "../helpers/inbox.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

interface Held {
  /** Resolves once the tutor has asked for an evaluation. */
  asked: Promise<void>;
  /** Lets the held evaluation finish; resolves when the evaluator has answered. */
  release(): Promise<void>;
  restore(): void;
}

/** Holds the next evaluation until the test releases it, as a slow AI provider would. */
function holdNextEvaluation(): Held {
  const evaluator = server.services.ai.evaluator;
  const original = evaluator.evaluate.bind(evaluator);
  let asked!: () => void;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let answered: Promise<EvaluatedTurn> | undefined;
  const askedPromise = new Promise<void>((resolve) => (asked = resolve));
  evaluator.evaluate = (request: TurnRequest) => {
    evaluator.evaluate = original;
    answered = gate.then(() => original(request));
    asked();
    return answered;
  };
  return {
    asked: askedPromise,
    async release() {
      open();
      await answered;
      // Whatever the room does with the answer runs in the callbacks queued behind it.
      await new Promise((resolve) => setImmediate(resolve));
    },
    restore() {
      evaluator.evaluate = original;
    },
  };
}

function npcOf(room: Room): { talkingTo: string; line: string } {
  return (room.state as { npc: { talkingTo: string; line: string } }).npc;
}

describe("a learner who leaves while the tutor is evaluating their answer", () => {
  it("does not leave the NPC talking to the departed session when the turn finishes", async () => {
    const leaver = await server.join("cafe", "Leaver", "en");
    const watcher = await server.join("cafe", "Watcher", "en");
    const inbox = new Inbox(leaver.room);
    leaver.room.send("tutor:start", {});
    await inbox.next("tutor:prompt");
    await vi.waitFor(() => expect(npcOf(watcher.room).talkingTo).toBe(leaver.room.sessionId));

    const held = holdNextEvaluation();
    try {
      leaver.room.send("tutor:answer", { text: "안녕하세요" });
      await held.asked;
      const departed = leaver.room.sessionId;
      await leaver.room.leave();
      const serverRoom = matchMaker.getLocalRoomById(watcher.room.roomId);
      await vi.waitFor(() => expect(serverRoom.clients.getById(departed)).toBeUndefined());
      await held.release();

      expect((serverRoom.state as { npc: { talkingTo: string } }).npc.talkingTo).not.toBe(departed);
      // And what every learner in the room sees, once a later patch has reached them.
      const watcherId = watcher.room.sessionId;
      watcher.room.send("emote", { name: "wave" });
      await vi.waitFor(() =>
        expect((watcher.room.state as { avatars: Map<string, { emote: string }> }).avatars.get(watcherId)?.emote).toBe("wave"),
      );
      expect(npcOf(watcher.room).talkingTo).not.toBe(departed);
      expect((serverRoom.state as { lessons: Map<string, unknown> }).lessons.has(departed)).toBe(false);
    } finally {
      held.restore();
    }
    await watcher.room.leave();
  });
});

describe("the lesson named when joining", () => {
  it("is the one tutor:start starts when it names none", async () => {
    const traveller = await server.join("airport", "Traveller", "en", { lessonId: "airport-checkin" });
    const inbox = new Inbox(traveller.room);
    traveller.room.send("tutor:start", {});
    expect(await inbox.next("tutor:prompt")).toMatchObject({ lessonId: "airport-checkin", activityId: "airport.greet" });
    await traveller.room.leave();
  });

  it("is refused clearly when it is not this scene's, and the learner can still start another", async () => {
    const lost = await server.join("cafe", "Lost", "en", { lessonId: "airport-checkin" });
    const inbox = new Inbox(lost.room);
    lost.room.send("tutor:start", {});
    expect(await inbox.next("error")).toEqual({ code: "unknown_lesson", message: server.services.catalog.pack("en").ui["tutor.unknown_lesson"] });
    lost.room.send("tutor:start", { lessonId: "cafe-order" });
    expect(await inbox.next("tutor:prompt")).toMatchObject({ lessonId: "cafe-order", activityId: "cafe.greet" });
    await lost.room.leave();
  });
});

