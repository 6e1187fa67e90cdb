import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type SignedIn, type TestServer } from "../helpers/testServer.ts";

let server: TestServer;
let learner: SignedIn;

beforeAll(async () => {
  server = await startTestServer({ database: "postgres" });
  learner = await server.signIn("Minsu");
});
afterAll(async () => {
  await server?.stop();
});

describe("a learner's progress as they read it", () => {
  it("is the lesson engine's saved progress, read as resuming reads it, with its times", async () => {
    const userId = learner.learner.userId;
    const greeted = { score: 100, pass: true, attempts: 1, hints: 0, skipped: false, revealed: false };
    await server.services.db.prisma.lessonProgress.createMany({
      data: [
        { userId, lessonId: "cafe-order", currentActivityId: "cafe.order", attempts: 2, hintsUsed: 1, results: { "cafe.greet": greeted } },
        // Results another version wrote, in a shape this one does not know.
        { userId, lessonId: "airport-checkin", status: "completed", currentActivityId: null, attempts: 0, hintsUsed: 0, results: { "airport.hello": "passed" }, completedAt: new Date(Date.UTC(2026, 10, 2)) },
      ],
    });

    const views = await server.services.history.progress(userId);
    expect(views.map((v) => v.lessonId).sort()).toEqual(["airport-checkin", "cafe-order"]);
    for (const view of views) {
      const { lessonId, hintsUsed, startedAt, updatedAt, completedAt, ...saved } = view;
      const resumed = await server.services.progress.load(userId, lessonId);
      expect({ ...saved, hints: hintsUsed }).toEqual(resumed);
      expect([startedAt, updatedAt].every((time) => !Number.isNaN(Date.parse(time)))).toBe(true);
      expect(completedAt).toBe(lessonId === "airport-checkin" ? "2026-11-02T00:00:00.000Z" : null);
    }
    expect(views.find((v) => v.lessonId === "cafe-order")).toMatchObject({
      status: "in_progress",
      currentActivityId: "cafe.order",
      attempts: 2,
      hintsUsed: 1,
      results: { "cafe.greet": greeted },
    });
    expect(views.find((v) => v.lessonId === "airport-checkin")).toMatchObject({ status: "completed", results: {} });

    const response = await fetch(`${server.baseUrl}/api/v1/me/progress`, { headers: { authorization: `Bearer ${learner.token}` } });
    expect(await response.json()).toEqual({ progress: views });
  });
});
