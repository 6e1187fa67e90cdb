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
  it("is the lesson engine's saved progress, its results read as resuming reads them, with its times", async () => {
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
    const time = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as string;
    expect(views.sort((a, b) => a.lessonId.localeCompare(b.lessonId))).toEqual([
      // Unreadable results restart, as they do when the learner resumes the lesson.
      { lessonId: "airport-checkin", currentActivityId: null, attempts: 0, hintsUsed: 0, results: {}, status: "completed", startedAt: time, updatedAt: time, completedAt: "2026-11-02T00:00:00.000Z" },
      { lessonId: "cafe-order", currentActivityId: "cafe.order", attempts: 2, hintsUsed: 1, results: { "cafe.greet": greeted }, status: "in_progress", startedAt: time, updatedAt: time, completedAt: null },
    ]);

    const response = await fetch(`${server.baseUrl}/api/v1/me/progress`, { headers: { authorization: `Bearer ${learner.token}` } });
    const { progress } = (await response.json()) as { progress: typeof views };
    expect(progress.sort((a, b) => a.lessonId.localeCompare(b.lessonId))).toEqual(views);
  });
});
