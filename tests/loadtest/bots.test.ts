import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AnswerBook } from "../../loadtest/answerBook.ts";
import { newStats, SCENE_AREAS, startLearner, type RunningLearner } from "../../loadtest/learnerBot.ts";
import { Walker } from "../../loadtest/walker.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

/** A small seeded generator, so a run is the same every time. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("a bot's walk", () => {
  it("stays in the scene and moves at walking pace, ten steps a second", () => {
    const area = SCENE_AREAS.cafe!;
    const walker = new Walker(area, { x: 0, y: 0 }, 2.5, seeded(7));
    let previous = { x: 0, y: 0 };
    let travelled = 0;
    for (let i = 0; i < 600; i++) {
      const step = walker.step();
      const stride = Math.hypot(step.x - previous.x, step.y - previous.y);
      expect(stride).toBeLessThanOrEqual(0.25 + 1e-9);
      expect(step.x).toBeGreaterThanOrEqual(area.minX);
      expect(step.x).toBeLessThanOrEqual(area.maxX);
      expect(step.y).toBeGreaterThanOrEqual(area.minY);
      expect(step.y).toBeLessThanOrEqual(area.maxY);
      expect(step.seq).toBe((i + 1) % 100);
      travelled += stride;
      previous = step;
    }
    // A minute of walking with pauses: well over half of it on the move.
    expect(travelled).toBeGreaterThan(60);
  });
});

describe("a bot's answers", () => {
  it("mix right and wrong ones from the labelled learner answers, and choose among the options", () => {
    const labelled = readFileSync("tests/fixtures/teacher/relabelled.jsonl", "utf8")
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { activityId: string; text: string; expected: { pass: boolean } });
    const passes = new Map(labelled.map((l) => [`${l.activityId}|${l.text}`, l.expected.pass]));
    const book = new AnswerBook();
    const random = seeded(3);
    for (const activityId of ["cafe.order", "airport.destination", "cafe.thanks"]) {
      const verdicts = Array.from({ length: 200 }, () => {
        const answer = book.pick({ activityId, kind: "dialogue" }, random);
        expect(answer.type).toBe("tutor:answer");
        return passes.get(`${activityId}|${(answer.payload as { text: string }).text}`);
      });
      expect(verdicts).toContain(true);
      expect(verdicts).toContain(false);
    }
    const choices = new Set(Array.from({ length: 100 }, () => book.pick({ activityId: "cafe.temperature", kind: "choice", choices: ["a", "b"] }, random)).map((a) => JSON.stringify(a)));
    expect(choices).toEqual(new Set([JSON.stringify({ type: "tutor:choose", payload: { index: 0 } }), JSON.stringify({ type: "tutor:choose", payload: { index: 1 } })]));
  });

  it("choose among what a listen activity's line may mean, and type a gap for a fill activity", () => {
    const book = new AnswerBook();
    const random = seeded(5);
    const heard = new Set(Array.from({ length: 100 }, () => book.pick({ activityId: "x.listen", kind: "listen", choiceTranslations: ["a", "b", "c"] }, random)).map((a) => JSON.stringify(a)));
    expect(heard).toEqual(new Set([0, 1, 2].map((index) => JSON.stringify({ type: "tutor:choose", payload: { index } }))));
    const gaps = Array.from({ length: 100 }, () => book.pick({ activityId: "x.fill", kind: "fill" }, random));
    expect(gaps.every((answer) => answer.type === "tutor:answer")).toBe(true);
    expect(gaps.map((answer) => (answer.payload as { text: string }).text)).toEqual(expect.arrayContaining(["로", "으로"]));
  });
});

describe("bots against the real server", () => {
  let server: TestServer;
  const bots: RunningLearner[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.stop()));
    await server?.stop();
  });

  it("sign in, join, walk, chat and take the lesson, and the server accepts all of it", async () => {
    const watcher = await server.join("cafe", "Watcher", "en");
    const seen = new Map<string, Array<{ x: number; y: number; at: number }>>();
    const chats = new Set<string>();
    watcher.room.onMessage("chat", () => {});
    watcher.room.onStateChange((state: { avatars: Map<string, { name: string; x: number; y: number; chat: string }> }) => {
      for (const [id, avatar] of state.avatars) {
        if (!avatar.name.startsWith("bot-")) continue;
        if (avatar.chat) chats.add(avatar.name);
        const track = seen.get(id) ?? [];
        const last = track.at(-1);
        if (!last || last.x !== avatar.x || last.y !== avatar.y) track.push({ x: avatar.x, y: avatar.y, at: performance.now() });
        seen.set(id, track);
      }
    });
    const stats = newStats();
    const answers = new AnswerBook();
    for (let i = 0; i < 4; i++) {
      bots.push(
        await startLearner({ endpoint: server.baseUrl, scene: "cafe", name: `bot-${i}`, lang: "vi", answers, stats, lessons: true, chatEverySeconds: 2, random: seeded(i + 1) }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 12_000));

    expect(stats).toMatchObject({ joined: 4, failed: 0, dropped: 0 });
    expect(Object.keys(stats.errorCodes).filter((code) => code !== "tutor_busy")).toEqual([]);
    // Every bot walked, in small steps (no teleporting), and some chatted.
    expect(seen.size).toBe(4);
    for (const track of seen.values()) {
      expect(track.length).toBeGreaterThan(20);
      // From the spawn point the server walks the avatar to where the bot starts, so the
      // first few positions are skipped.
      const walked = track.slice(3);
      const jumps = walked.slice(1).map((p, i) => Math.hypot(p.x - walked[i]!.x, p.y - walked[i]!.y));
      expect(Math.max(...jumps)).toBeLessThan(1);
    }
    expect(chats.size).toBeGreaterThan(0);
    // They answered the tutor, and the answers were evaluated and stored.
    expect(stats.feedbackMs.length).toBeGreaterThanOrEqual(4);
    const sessions = await server.services.db.prisma.learningSession.findMany({ where: { user: { displayName: { startsWith: "bot-" } } }, select: { id: true } });
    expect(sessions).toHaveLength(4);
    await vi.waitFor(async () => {
      const evaluations = await server.services.db.prisma.sessionEvent.count({ where: { sessionId: { in: sessions.map((s) => s.id) }, eventType: "evaluation" } });
      expect(evaluations).toBeGreaterThanOrEqual(4);
    });
    await watcher.room.leave();
  }, 30_000);
});
