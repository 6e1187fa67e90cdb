import { randomBytes } from "node:crypto";
import { Client } from "@colyseus/sdk";
import { describe, expect, it, vi } from "vitest";
import { startServerProcess } from "../../bench/serverProcess.ts";
import * as schemas from "../../http/openapi/schemas.ts";
import { fixtureContent } from "../helpers/fixtureContent.ts";
import { ManualClock } from "../helpers/manualClock.ts";
import { createTempDatabase } from "../helpers/postgres.ts";
import { startTestServer } from "../helpers/testServer.ts";
import { exchange, failThePayment, inbox, reviewPersistenceSuite, RIGHT_PAY, storedItem, WRONG_PAY } from "./reviewSuite.ts";

reviewPersistenceSuite("postgres");

const DAY = 24 * 60 * 60 * 1000;

describe("review items across server processes", () => {
  it("a second server process on the same database brings back the item the first one made", { timeout: 60_000 }, async () => {
    const db = await createTempDatabase();
    const content = await fixtureContent();
    const env = { DATABASE_URL: db.url, JWT_SECRET: randomBytes(32).toString("hex") };
    // The first server's clock runs two days behind the real one: by the second's (real) clock, its item is due.
    const first = await startTestServer({ env, overrides: { clock: new ManualClock(new Date(Date.now() - 2 * DAY)), contentDir: content.dir } });
    try {
      const learner = await first.join("cafe", "Lan", "vi");
      inbox(learner.room);
      expect(await failThePayment(learner.room)).toMatchObject({ pass: false });
      const { userId } = learner.auth.learner;
      const made = await vi.waitFor(
        async () => {
          const row = await storedItem(first.services, userId);
          if (!row) throw new Error("no review item stored yet");
          return row;
        },
        { timeout: 5_000 },
      );
      await learner.room.leave();

      const second = await startServerProcess(env);
      try {
        const response = await fetch(`${second.baseUrl}/api/v1/me/progress`, { headers: { authorization: `Bearer ${learner.auth.token}` } });
        const progress = schemas.responses.progress.parse(await response.json());
        expect(progress).toMatchObject({ reviewsDue: 1, reviews: [{ id: made.id, answer: WRONG_PAY, isDue: true }] });

        const sdk = new Client(second.baseUrl);
        sdk.auth.token = learner.auth.token;
        const room = await sdk.joinOrCreate("cafe", { lang: "vi" });
        const review = await exchange<{ review?: { itemId: string }; task: string }>(room, "tutor:start", {}, "tutor:prompt");
        expect(review.review?.itemId).toBe(made.id);
        expect(review.task).toContain(`Lần trước bạn đã nói "${WRONG_PAY}"`);
        expect(await exchange(room, "tutor:answer", { text: RIGHT_PAY }, "tutor:feedback")).toMatchObject({ pass: true });
        await vi.waitFor(async () => expect((await storedItem(first.services, userId))?.version).toBe(2), { timeout: 5_000 });
        await room.leave();
      } finally {
        await second.stop();
      }
    } finally {
      await first.stop();
      await content.remove();
      await db.drop();
    }
  });
});

describe("review items that cannot be read", () => {
  it("do not keep a learner from their lesson", { timeout: 30_000 }, async () => {
    const content = await fixtureContent();
    const server = await startTestServer({ database: "postgres", overrides: { contentDir: content.dir } });
    try {
      // The table out of the way: every read of review items fails, as in a partial outage.
      await server.services.db.prisma.$executeRawUnsafe(`ALTER TABLE "review_items" RENAME TO "review_items_away"`);
      const learner = await server.join("cafe", "Tuan", "vi");
      expect(await exchange(learner.room, "tutor:start", {}, "tutor:prompt")).toMatchObject({ activityId: "cafe.greet" });
      await learner.room.leave();
      await server.services.db.prisma.$executeRawUnsafe(`ALTER TABLE "review_items_away" RENAME TO "review_items"`);
    } finally {
      await server.stop();
      await content.remove();
    }
  });
});
