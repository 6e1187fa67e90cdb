import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Inbox } from "../helpers/inbox.ts";
import { MONITOR_PASSWORD, startTestServer, type TestServer } from "../helpers/testServer.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe("/metrics", () => {
  it("is open to the private network and needs operator credentials through a proxy", async () => {
    expect((await fetch(`${server.baseUrl}/metrics`)).status).toBe(200);
    const relayed = await fetch(`${server.baseUrl}/metrics`, { headers: { "x-forwarded-for": "203.0.113.9" } });
    expect(relayed.status).toBe(401);
    const operator = await fetch(`${server.baseUrl}/metrics`, {
      headers: { "x-forwarded-for": "203.0.113.9", authorization: `Basic ${Buffer.from(`admin:${MONITOR_PASSWORD}`).toString("base64")}` },
    });
    expect(operator.status).toBe(200);
  });

  it("reports learners, rooms, messages, patch bytes, tutor turns, AI calls, the write queue and event-loop lag", async () => {
    const learner = await server.join("cafe", "Counted");
    const inbox = new Inbox(learner.room);
    learner.room.send("move", { x: 1, y: -5 });
    learner.room.send("tutor:start", {});
    await inbox.next("tutor:prompt");
    learner.room.send("tutor:answer", { text: "안녕하세요" });
    await inbox.next("tutor:feedback");
    const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
    const value = (series: string) => Number(text.split("\n").find((line) => line.startsWith(series))?.split(" ").at(-1));
    expect(value('koto_learners_connected{scene="cafe"}')).toBe(1);
    expect(value('koto_rooms{scene="cafe"}')).toBe(1);
    expect(value('koto_room_messages_total{type="move"}')).toBe(1);
    expect(value('koto_room_messages_total{type="tutor:answer"}')).toBe(1);
    expect(value("koto_patch_bytes_total")).toBeGreaterThan(0);
    expect(value("koto_sent_bytes_total")).toBeGreaterThanOrEqual(value("koto_patch_bytes_total"));
    expect(value('koto_tutor_turn_seconds_count{provider="rules",outcome="advance"}')).toBe(1);
    expect(value('koto_ai_calls_total{type="tts",provider="espeak",outcome="ok"}')).toBeGreaterThan(0);
    expect(text).toMatch(/^koto_ai_call_seconds_bucket\{le="0.05",type="tts",provider="espeak"\}/m);
    expect(value("koto_write_queue_depth")).toBeGreaterThanOrEqual(0);
    expect(value("koto_nodejs_eventloop_lag_p99_seconds")).toBeGreaterThanOrEqual(0);
    await learner.room.leave();
  });
});
