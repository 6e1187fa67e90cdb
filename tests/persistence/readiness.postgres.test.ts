import { readFile } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ database: "postgres" });
});
afterAll(async () => {
  await server?.stop(500);
});

describe("writes the database refuses", () => {
  it("are kept in the journal with the reason, and the writes around them still land", async () => {
    const learner = await server.join("cafe", "Real");
    const orphan = randomUUID();
    server.services.writes.enqueue({
      kind: "session.start",
      id: orphan,
      userId: randomUUID(), // no such learner: the foreign key refuses it
      scene: "cafe",
      roomId: "nowhere",
      processId: null,
      lessonId: null,
      startedAt: new Date().toISOString(),
    });
    await learner.room.leave();
    expect(await server.services.writes.flush(5_000)).toBe(true);
    const rows = await server.services.db.prisma.learningSession.findMany({ where: { userId: learner.auth.learner.userId } });
    expect(rows).toMatchObject([{ status: "ended" }]);
    const journal = await readFile(path.join(server.services.config.dataDir, "write-journal.jsonl"), "utf8");
    const entries = journal.trim().split("\n").map((line) => JSON.parse(line) as { reason: string; op: { id: string } });
    expect(entries).toMatchObject([{ reason: "rejected", op: { id: orphan } }]);
  });
});

describe("readiness", () => {
  it("turns /ready to 503 when the database goes away, while /health stays 200", async () => {
    expect((await fetch(`${server.baseUrl}/ready`)).status).toBe(200);
    await server.database!.drop();
    await vi.waitFor(async () => {
      const ready = await fetch(`${server.baseUrl}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: "not_ready", database: false });
    });
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
    const signIn = await fetch(`${server.baseUrl}/api/v1/auth/guest`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Late", lang: "en" }),
    });
    expect(signIn.status).toBe(503);
    expect(await signIn.json()).toEqual({
      error: { code: "unavailable", message: "Service temporarily unavailable; try again shortly." },
    });
  });
});
