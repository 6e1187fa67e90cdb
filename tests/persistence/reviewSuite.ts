import type { Room } from "@colyseus/sdk";
import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { grade, newItem } from "../../domain/review/reviewItem.ts";
import type { Services } from "../../services/index.ts";
import { createLogger } from "../../services/logger.ts";
import { PrismaWriteSink } from "../../services/writes/PrismaWriteSink.ts";
import * as schemas from "../../http/openapi/schemas.ts";
import { SERVER_MESSAGES } from "../../rooms/serverMessages.ts";
import { fixtureContent } from "../helpers/fixtureContent.ts";
import { Inbox } from "../helpers/inbox.ts";
import { ManualClock } from "../helpers/manualClock.ts";
import { startTestServer, type JoinedLearner, type TestServer } from "../helpers/testServer.ts";

const DAY = 24 * 60 * 60 * 1000;
export const WRONG_PAY = "카드으로 할게요";
export const RIGHT_PAY = "카드로 할게요";

interface Prompt {
  activityId: string;
  task: string;
  index: number;
  total: number;
  review?: { itemId: string; said: string };
}
interface Feedback {
  activityId: string;
  pass: boolean;
  outcome: string;
  errorType: string;
  correction?: string;
  review?: { itemId: string; grade: string; due: string; days: number };
}
interface ReviewDone {
  reviewed: number;
  passed: number;
  feedback: string;
  nextDue?: string;
}

const inboxes = new WeakMap<Room, Inbox>();
export function inbox(room: Room): Inbox {
  let box = inboxes.get(room);
  if (!box) inboxes.set(room, (box = new Inbox(room)));
  return box;
}

/** Sends a message and resolves with the next reply of `reply`, checked against its protocol schema. */
export async function exchange<T>(room: Room, type: string, payload: unknown, reply: keyof typeof SERVER_MESSAGES): Promise<T> {
  const box = inbox(room);
  room.send(type, payload);
  const message = await box.next<T>(reply);
  SERVER_MESSAGES[reply].parse(message);
  return message;
}

const LESSON_ANSWERS: Record<string, [string, unknown]> = {
  "cafe.greet": ["tutor:answer", { text: "안녕하세요!" }],
  "cafe.order": ["tutor:answer", { text: "아메리카노 두 잔 주세요" }],
  "cafe.temperature": ["tutor:choose", { index: 1 }],
};

/** Plays the cafe lesson up to its payment and gets that wrong once (the learner may then retry). */
export async function failThePayment(room: Room): Promise<Feedback> {
  let prompt = await exchange<Prompt>(room, "tutor:start", {}, "tutor:prompt");
  while (prompt.activityId !== "cafe.pay") {
    const [type, payload] = LESSON_ANSWERS[prompt.activityId]!;
    expect(await exchange<Feedback>(room, type, payload, "tutor:feedback")).toMatchObject({ pass: true });
    prompt = await inbox(room).next<Prompt>("tutor:prompt");
  }
  return exchange<Feedback>(room, "tutor:answer", { text: WRONG_PAY }, "tutor:feedback");
}

export function storedItem(services: Services, userId: string, activityId = "cafe.pay") {
  return services.db.prisma.reviewItem.findUnique({ where: { userId_activityId: { userId, activityId } } });
}

/** The item as stored once the write queue has written it. */
async function itemOnceStored(services: Services, userId: string, version: number) {
  return vi.waitFor(
    async () => {
      const row = await storedItem(services, userId);
      expect(row?.version).toBe(version);
      return row!;
    },
    { timeout: 5_000 },
  );
}

/** The same review checks, run once per database engine (one file each). */
export function reviewPersistenceSuite(database: "pglite" | "postgres"): void {
  describe(`the tutor remembers, in ${database}`, () => {
    let server: TestServer;
    let content: Awaited<ReturnType<typeof fixtureContent>>;
    const clock = new ManualClock("2026-11-02T09:00:00Z");

    beforeAll(async () => {
      content = await fixtureContent();
      server = await startTestServer({ database, overrides: { clock, contentDir: content.dir } });
    });
    afterAll(async () => {
      await server?.stop();
      await content?.remove();
    });

    /** The learner back in the cafe with a new connection (a new learning session). */
    async function rejoin(learner: JoinedLearner): Promise<Room> {
      const sdk = new Client(server.baseUrl);
      sdk.auth.token = learner.auth.token;
      const room = await sdk.joinOrCreate("cafe", { lang: learner.auth.learner.lang });
      inbox(room);
      return room;
    }

    async function failOnDayOne(name: string): Promise<{ learner: JoinedLearner; created: Date }> {
      const learner = await server.join("cafe", name, "en");
      inbox(learner.room);
      const created = clock.now();
      const feedback = await failThePayment(learner.room);
      expect(feedback).toMatchObject({ pass: false, outcome: "retry", errorType: "particle", correction: RIGHT_PAY });
      expect(feedback.review).toBeUndefined();
      const row = await itemOnceStored(server.services, learner.auth.learner.userId, 1);
      expect(row).toMatchObject({ lessonId: "cafe-order", errorType: "particle", answer: WRONG_PAY, correction: RIGHT_PAY, reps: 1, lapses: 0 });
      expect(row.due.getTime()).toBe(created.getTime() + DAY);
      // The retry right after, passed, is the same day: what is stored does not move.
      clock.advance(60_000);
      expect(await exchange<Feedback>(learner.room, "tutor:answer", { text: RIGHT_PAY }, "tutor:feedback")).toMatchObject({ pass: true });
      await learner.room.leave();
      return { learner, created };
    }

    it("a failed turn comes back first the next day; a pass schedules it further out", async () => {
      const { learner, created } = await failOnDayOne("Anna");
      const { userId } = learner.auth.learner;
      const before = await itemOnceStored(server.services, userId, 1);

      clock.set(new Date(created.getTime() + DAY + 60 * 60_000));
      const room = await rejoin(learner);
      const review = await exchange<Prompt>(room, "tutor:start", {}, "tutor:prompt");
      expect(review).toMatchObject({ activityId: "cafe.pay", index: 0, total: 1, review: { itemId: before.id, said: WRONG_PAY } });
      expect(review.task).toContain(`Last time you said "${WRONG_PAY}"`);

      const feedback = await exchange<Feedback>(room, "tutor:answer", { text: RIGHT_PAY }, "tutor:feedback");
      expect(feedback).toMatchObject({ pass: true, outcome: "advance", review: { itemId: before.id } });
      expect(["good", "easy"]).toContain(feedback.review!.grade);
      expect(feedback.review!.days).toBeGreaterThanOrEqual(3);
      const done = await inbox(room).next<ReviewDone>("tutor:review_done");
      expect(done).toMatchObject({ reviewed: 1, passed: 1, feedback: "Review finished: you got 1 of 1 right." });
      // Then the lesson, where the learner left it (the payment was passed on the retry).
      const resumed = await inbox(room).next<Prompt>("tutor:prompt");
      expect(resumed).toMatchObject({ activityId: "cafe.thanks" });
      expect(resumed.review).toBeUndefined();

      const after = await itemOnceStored(server.services, userId, 2);
      expect(after.due.getTime()).toBe(new Date(feedback.review!.due).getTime());
      expect(after.due.getTime()).toBeGreaterThan(before.due.getTime() + 2 * DAY);
      expect(after).toMatchObject({ reps: 2, lapses: 0, lastReview: clock.now() });
      await room.leave();
    });

    it("a missed review comes back sooner, remembering the newest mistake", async () => {
      const { learner, created } = await failOnDayOne("Budi");
      const { userId } = learner.auth.learner;
      clock.set(new Date(created.getTime() + DAY + 60 * 60_000));
      const room = await rejoin(learner);
      expect(await exchange<Prompt>(room, "tutor:start", {}, "tutor:prompt")).toMatchObject({ review: { said: WRONG_PAY } });
      const feedback = await exchange<Feedback>(room, "tutor:answer", { text: "카드를 할게요" }, "tutor:feedback");
      expect(feedback).toMatchObject({ pass: false, outcome: "reveal", review: { grade: "again", days: 1 } });
      expect(await inbox(room).next<ReviewDone>("tutor:review_done")).toMatchObject({ reviewed: 1, passed: 0 });
      const after = await itemOnceStored(server.services, userId, 2);
      expect(after).toMatchObject({ answer: "카드를 할게요", lapses: 1, reps: 2 });
      expect(after.due.getTime()).toBe(clock.now().getTime() + DAY);
      await room.leave();
    });

    it("a learner may ask for a review: nothing due is said so, with when the next is due; a due one is asked", async () => {
      const { learner, created } = await failOnDayOne("Chi");
      const room = await rejoin(learner);
      const none = await exchange<ReviewDone>(room, "tutor:review", {}, "tutor:review_done");
      expect(none).toMatchObject({ reviewed: 0, passed: 0, feedback: "There is nothing to review right now." });
      expect(new Date(none.nextDue!).getTime()).toBe(created.getTime() + DAY);
      expect(await exchange<Prompt>(room, "tutor:start", {}, "tutor:prompt")).toMatchObject({ activityId: "cafe.thanks" });

      clock.set(new Date(created.getTime() + DAY));
      const review = await exchange<Prompt>(room, "tutor:review", {}, "tutor:prompt");
      expect(review).toMatchObject({ activityId: "cafe.pay", review: { said: WRONG_PAY } });
      // An answer of the wrong kind is refused with a clear error and loses nothing.
      expect(await exchange<{ code: string }>(room, "tutor:choose", { index: 0 }, "error")).toMatchObject({ code: "type_answer" });
      expect(await exchange<Feedback>(room, "tutor:answer", { text: RIGHT_PAY }, "tutor:feedback")).toMatchObject({ pass: true });
      expect(await inbox(room).next<ReviewDone>("tutor:review_done")).toMatchObject({ reviewed: 1, passed: 1 });
      // The lesson it interrupted goes on.
      expect(await inbox(room).next<Prompt>("tutor:prompt")).toMatchObject({ activityId: "cafe.thanks" });
      await room.leave();
    });

    it("stores a review item through the write sink once: a replayed older save never moves the schedule back", async () => {
      const { learner } = await server.signIn("Fajar", "id");
      const sink = new PrismaWriteSink(server.services.db, createLogger("silent"));
      const made = newItem("7f1c2a64-5d8e-4c1b-9a3e-2b6f0d9c8e71", { userId: learner.userId, lessonId: "cafe-order", activityId: "cafe.greet", errorType: "formality", answer: "안녕", correction: "안녕하세요" }, clock.now());
      const reviewed = grade(made, "good", new Date(clock.now().getTime() + DAY));
      await sink.apply([{ kind: "review.save", item: made }, { kind: "review.save", item: reviewed }]);
      await sink.apply([{ kind: "review.save", item: made }]);
      const row = await storedItem(server.services, learner.userId, "cafe.greet");
      expect(row).toMatchObject({ id: made.id, version: 2, reps: 2, state: "review" });
      expect(row!.due.toISOString()).toBe(reviewed.card.due);
    });

    it("lists the learner's items in the progress endpoint, which are due, and nobody else's", async () => {
      const { learner, created } = await failOnDayOne("Dara");
      const other = await server.signIn("Eka", "id");
      const progress = async (token: string) => {
        const response = await fetch(`${server.baseUrl}/api/v1/me/progress`, { headers: { authorization: `Bearer ${token}` } });
        expect(response.status).toBe(200);
        return schemas.responses.progress.parse(await response.json());
      };
      clock.set(new Date(created.getTime() + DAY - 60_000));
      const early = await progress(learner.auth.token);
      expect(early.reviews).toEqual([
        expect.objectContaining({ activityId: "cafe.pay", lessonId: "cafe-order", errorType: "particle", answer: WRONG_PAY, correction: RIGHT_PAY, isDue: false }),
      ]);
      expect(early.reviewsDue).toBe(0);
      clock.advance(60_000);
      expect((await progress(learner.auth.token)).reviewsDue).toBe(1);
      expect(await progress(other.token)).toMatchObject({ reviews: [], reviewsDue: 0 });
    });
  });
}
