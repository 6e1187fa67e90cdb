import { Client, type Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TURN_NUDGE_MS } from "../../domain/roleplay/roleplaySession.ts";
import { SERVER_MESSAGES } from "../../rooms/serverMessages.ts";
import type { ReviewSaveOp } from "../../services/writes/writeOps.ts";
import { fixtureContent } from "../helpers/fixtureContent.ts";
import { ManualClock } from "../helpers/manualClock.ts";
import { startTestServer, type JoinedLearner, type TestServer } from "../helpers/testServer.ts";
import { exchange, failThePayment, inbox, RIGHT_PAY, storedItem, WRONG_PAY } from "../persistence/reviewSuite.ts";

/**
 * A failed roleplay line becomes a review item of that learner, as a failed solo turn does
 * (docs/review.md): two SDK clients play, the customer misses the payment, and the next day
 * (an injected clock) the tutor brings it back first.
 */

interface Cue {
  role: "customer" | "staff";
  activityId: string;
  attempt: number;
}
interface Feedback {
  pass: boolean;
  outcome: string;
  errorType: string;
}

const DAY = 24 * 60 * 60 * 1000;
const RIGHT: Record<string, { staff: string; customer: string }> = {
  "cafe.greet": { staff: "어서 오세요! 안녕하세요?", customer: "안녕하세요" },
  "cafe.order": { staff: "주문하시겠어요?", customer: "아메리카노 한 잔 주세요" },
  "cafe.pay": { staff: "결제는 어떻게 하시겠어요?", customer: RIGHT_PAY },
};

let server: TestServer;
let content: Awaited<ReturnType<typeof fixtureContent>>;
const clock = new ManualClock("2026-11-02T09:00:00Z");

beforeAll(async () => {
  content = await fixtureContent();
  server = await startTestServer({ database: "postgres", overrides: { contentDir: content.dir, clock } });
});
afterAll(async () => {
  await server?.stop();
  await content?.remove();
});

async function next<T>(room: Room, type: keyof typeof SERVER_MESSAGES): Promise<T> {
  const message = await inbox(room).next<T>(type);
  SERVER_MESSAGES[type].parse(message);
  return message;
}

async function join(name: string, lang: "en" | "vi"): Promise<JoinedLearner> {
  const learner = await server.join("cafe", name, lang);
  inbox(learner.room);
  return learner;
}

/** The speaker's cue, their answer, and the verdict they alone get. */
async function line(speaker: JoinedLearner, text?: string): Promise<{ cue: Cue; feedback: Feedback }> {
  const cue = await next<Cue>(speaker.room, "roleplay:cue");
  const feedback = await exchange<Feedback>(speaker.room, "roleplay:answer", { text: text ?? RIGHT[cue.activityId]![cue.role] }, "roleplay:feedback");
  return { cue, feedback };
}

async function itemOnceStored(userId: string, version: number) {
  return vi.waitFor(
    async () => {
      const row = await storedItem(server.services, userId);
      expect(row?.version).toBe(version);
      return row!;
    },
    { timeout: 5_000 },
  );
}

/** Ana invites Binh, who accepts: Ana plays the customer in round one. */
async function pair(customer: JoinedLearner, staff: JoinedLearner): Promise<void> {
  customer.room.send("roleplay:invite", { sessionId: staff.room.sessionId });
  const invited = await next<{ inviteId: string }>(staff.room, "roleplay:invited");
  staff.room.send("roleplay:accept", { inviteId: invited.inviteId });
}

/** Round one up to the customer's payment line, every line right. */
async function upToThePayment(customer: JoinedLearner, staff: JoinedLearner): Promise<void> {
  for (let i = 0; i < 5; i += 1) expect((await line(i % 2 === 0 ? staff : customer)).feedback).toMatchObject({ pass: true });
}

describe("roleplay lines and review items", () => {
  it("the customer's missed payment becomes their review item, due the next day, and comes back first in a lesson", { timeout: 30_000 }, async () => {
    const ana = await join("Ana", "en");
    const binh = await join("Binh", "vi");
    await pair(ana, binh);
    const day0 = clock.now();

    // Round one: Binh the barista, Ana the customer; right up to the payment.
    for (let i = 0; i < 4; i += 1) expect((await line(i % 2 === 0 ? binh : ana)).feedback).toMatchObject({ pass: true });
    // Binh's staff line missed once: a repeat of the tutor's line, it makes no item.
    expect((await line(binh, "결제해요")).feedback).toMatchObject({ pass: false, outcome: "retry" });
    expect((await line(binh)).feedback).toMatchObject({ pass: true });
    const missed = await line(ana, WRONG_PAY);
    expect(missed.cue).toMatchObject({ role: "customer", activityId: "cafe.pay" });
    expect(missed.feedback).toMatchObject({ pass: false, outcome: "retry", errorType: "particle" });

    const { userId } = ana.auth.learner;
    const made = await itemOnceStored(userId, 1);
    expect(made).toMatchObject({ lessonId: "cafe-order", errorType: "particle", answer: WRONG_PAY, correction: RIGHT_PAY, reps: 1, lapses: 0 });
    expect(made.due.getTime()).toBe(day0.getTime() + DAY);

    // The retry a little later passes: the same day, so the schedule stays where it is. The
    // wait stays inside the turn (before its nudge, long before its time limit): the roleplay
    // checks its deadlines every 250 ms, so a longer one would time the turn out before the answer.
    clock.advance(TURN_NUDGE_MS / 2);
    expect((await line(ana)).feedback).toMatchObject({ pass: true });
    ana.room.send("roleplay:leave");
    await next(binh.room, "roleplay:notice");
    expect(await server.services.writes.flush(5_000)).toBe(true);
    expect(await storedItem(server.services, userId)).toMatchObject({ id: made.id, version: 1 });
    expect(await storedItem(server.services, binh.auth.learner.userId)).toBeNull();
    await Promise.all([ana.room.leave(), binh.room.leave()]);

    // The next day Ana starts the lesson: the tutor asks the payment first, as after a solo miss.
    clock.set(new Date(day0.getTime() + DAY + 60 * 60_000));
    const sdk = new Client(server.baseUrl);
    sdk.auth.token = ana.auth.token;
    const room = await sdk.joinOrCreate("cafe", { lang: "en" });
    inbox(room);
    const review = await exchange<{ activityId: string; task: string; review?: { itemId: string; said: string } }>(room, "tutor:start", {}, "tutor:prompt");
    expect(review).toMatchObject({ activityId: "cafe.pay", review: { itemId: made.id, said: WRONG_PAY } });
    expect(review.task).toContain(`Last time you said "${WRONG_PAY}"`);
    const feedback = await exchange<{ pass: boolean; review?: { days: number } }>(room, "tutor:answer", { text: RIGHT_PAY }, "tutor:feedback");
    expect(feedback).toMatchObject({ pass: true });
    expect(feedback.review!.days).toBeGreaterThanOrEqual(3);
    const after = await itemOnceStored(userId, 2);
    expect(after.due.getTime()).toBeGreaterThan(made.due.getTime() + 2 * DAY);
    await room.leave();
  });

  it("a roleplay line grades the item a solo miss made, as a lesson turn would", { timeout: 30_000 }, async () => {
    const chris = await join("Chris", "en");
    const { userId } = chris.auth.learner;
    expect(await failThePayment(chris.room)).toMatchObject({ pass: false });
    const made = await itemOnceStored(userId, 1);
    await chris.room.leave();

    clock.advance(DAY + 60 * 60_000);
    const sdk = new Client(server.baseUrl);
    sdk.auth.token = chris.auth.token;
    const back: JoinedLearner = { ...chris, room: await sdk.joinOrCreate("cafe", { lang: "en" }) };
    inbox(back.room);
    const dewi = await join("Dewi", "vi");
    await pair(back, dewi);
    await upToThePayment(back, dewi);
    expect((await line(back)).feedback).toMatchObject({ pass: true });
    const graded = await itemOnceStored(userId, 2);
    expect(graded).toMatchObject({ id: made.id, reps: 2, lapses: 0, answer: WRONG_PAY });
    expect(graded.due.getTime()).toBeGreaterThan(clock.now().getTime() + 2 * DAY);
    await Promise.all([back.room.leave(), dewi.room.leave()]);
  });

  it("a line whose review items cannot be read is still judged and played on", { timeout: 30_000 }, async () => {
    const eka = await join("Eka", "en");
    const fajar = await join("Fajar", "vi");
    await pair(eka, fajar);
    await server.services.db.prisma.$executeRawUnsafe(`ALTER TABLE "review_items" RENAME TO "review_items_away"`);
    try {
      expect((await line(fajar)).feedback).toMatchObject({ pass: true });
      expect((await line(eka, "안녕")).feedback).toMatchObject({ pass: false, outcome: "retry" });
      expect((await line(eka)).feedback).toMatchObject({ pass: true });
      expect(await next<Cue>(fajar.room, "roleplay:cue")).toMatchObject({ role: "staff", activityId: "cafe.order" });
      // No item was made from nothing: while the table is away, a save would still be queued.
      expect(server.services.writes.allPending((op): op is ReviewSaveOp => op.kind === "review.save" && op.item.userId === eka.auth.learner.userId)).toEqual([]);
    } finally {
      await server.services.db.prisma.$executeRawUnsafe(`ALTER TABLE "review_items_away" RENAME TO "review_items"`);
    }
    expect(await storedItem(server.services, eka.auth.learner.userId, "cafe.greet")).toBeNull();
    await Promise.all([eka.room.leave(), fajar.room.leave()]);
  });
});
