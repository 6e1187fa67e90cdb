import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import * as schemas from "../../http/openapi/opsSchemas.ts";
import { fixtureContent } from "../helpers/fixtureContent.ts";
import { query } from "../helpers/postgres.ts";
import { MONITOR_PASSWORD, startTestServer, type TestServer } from "../helpers/testServer.ts";
import { FROM, seed, TO } from "./seed.ts";

/**
 * The operator API over known rows written through the real write path into PostgreSQL: its
 * numbers against SQL written independently here (and against what the seed plan makes
 * obvious), its filters, its refusals of bad input, and its credentials.
 */

let server: TestServer;
let content: Awaited<ReturnType<typeof fixtureContent>>;
const OPERATOR = { authorization: `Basic ${Buffer.from(`admin:${MONITOR_PASSWORD}`).toString("base64")}` };
const sql = <R extends Record<string, unknown>>(text: string, params: unknown[] = []) => query<R>(server.database!.url, text, params);

async function get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
  const response = await fetch(`${server.baseUrl}${path}`, { headers: OPERATOR });
  expect(response.status, path).toBe(200);
  return schema.parse(await response.json());
}

async function refused(path: string, init: RequestInit = {}): Promise<{ status: number; code: string; message: string }> {
  const response = await fetch(`${server.baseUrl}${path}`, { ...init, headers: { ...OPERATOR, "content-type": "application/json", ...init.headers } });
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, ...body.error };
}

/** PostgreSQL's percentile_cont, in JavaScript. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  return sorted[low]! + (sorted[Math.ceil(rank)]! - sorted[low]!) * (rank - low);
}

beforeAll(async () => {
  content = await fixtureContent();
  server = await startTestServer({ database: "postgres", env: { AI_DAILY_BUDGET_USD: "0.01" }, overrides: { contentDir: content.dir } });
  await seed(server);
});

afterAll(async () => {
  await server?.stop();
  await content?.remove();
});

const range = `from=${FROM}&to=${TO}`;

describe("the learning report", () => {
  it("counts sessions, learners and turns per day as SQL over the same rows does", async () => {
    const report = await get(`/api/v1/ops/learning?${range}`, schemas.learningReport);
    const sessions = await sql<{ day: string; n: number; learners: number }>(
      `SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS n, count(DISTINCT user_id)::int AS learners FROM learning_sessions GROUP BY 1`,
    );
    const turns = await sql<{ day: string; n: number; passes: number }>(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS n, count(*) FILTER (WHERE pass_fail)::int AS passes
       FROM session_events WHERE event_type = 'evaluation' GROUP BY 1`,
    );
    expect(report.daily.map((row) => row.day)).toEqual([FROM, "2026-11-21", TO]);
    for (const row of report.daily) {
      const s = sessions.find((r) => r.day === row.day)!;
      const e = turns.find((r) => r.day === row.day)!;
      expect({ sessions: row.sessions, learners: row.learners, turns: row.turns, passRate: row.passRate }).toEqual({
        sessions: s.n, learners: s.learners, turns: e.n, passRate: Math.round((e.passes / e.n) * 10_000) / 10_000,
      });
    }
    // What the plan makes obvious: three learners at once on the 20th, two lessons completed.
    expect(report.daily.map((row) => row.peakConcurrent)).toEqual([3, 1, 1]);
    expect(report.totals).toMatchObject({ sessions: 5, learners: 3, turns: 17, lessonsCompleted: 2, peakConcurrent: 3 });
  });

  it("gives pass rates and attempts per activity, and errors per activity and language", async () => {
    const report = await get(`/api/v1/ops/learning?${range}`, schemas.learningReport);
    const activities = await sql<{ activity_id: string; n: number; passes: number; attempts: number | null }>(
      `SELECT activity_id, count(*)::int AS n, count(*) FILTER (WHERE pass_fail)::int AS passes,
         avg((metadata->>'attempt')::int) FILTER (WHERE pass_fail)::float8 AS attempts
       FROM session_events WHERE event_type = 'evaluation' GROUP BY 1`,
    );
    expect(report.activities).toHaveLength(activities.length);
    for (const row of activities) {
      const shown = report.activities.find((a) => a.activityId === row.activity_id)!;
      expect(shown).toMatchObject({ turns: row.n, passes: row.passes, meanAttemptsToPass: row.attempts === null ? null : Math.round(row.attempts * 100) / 100 });
    }
    expect(report.activities.find((a) => a.activityId === "cafe.order")).toMatchObject({ turns: 7, passes: 3, meanAttemptsToPass: 2 });
    const errors = (activity: string, lang: string) => report.errors.filter((e) => e.activityId === activity && e.lang === lang).map((e) => [e.errorType, e.count]);
    expect(errors("cafe.order", "en")).toEqual([["particle", 2]]);
    expect(errors("cafe.order", "id")).toEqual([["formality", 1], ["particle", 1]]);
    expect(errors("airport.destination", "vi")).toEqual([["vocabulary", 1]]);
    expect(report.failedAnswers[0]).toEqual({ activityId: "cafe.order", answer: "아메리카노을 주세요", count: 3, errorType: "particle" });
    // Both completions came 7 minutes after the lesson's start event.
    expect(report.lessons).toEqual([{ lessonId: "cafe-order", completed: 2, medianSeconds: 420 }]);
  });

  it("filters by learner language, scene and lesson", async () => {
    const indonesian = await get(`/api/v1/ops/learning?${range}&lang=id`, schemas.learningReport);
    expect(indonesian.totals).toMatchObject({ sessions: 2, learners: 1, turns: 9 });
    expect(new Set(indonesian.errors.map((e) => e.lang))).toEqual(new Set(["id"]));
    const airport = await get(`/api/v1/ops/learning?${range}&scene=airport`, schemas.learningReport);
    expect(airport.totals).toMatchObject({ sessions: 1, learners: 1, turns: 2, lessonsCompleted: 0, peakConcurrent: 1 });
    const lesson = await get(`/api/v1/ops/learning?${range}&lessonId=airport-checkin`, schemas.learningReport);
    expect(lesson.totals).toEqual(airport.totals);
    const oneDay = await get(`/api/v1/ops/learning?from=2026-11-21&to=2026-11-21`, schemas.learningReport);
    expect(oneDay.totals).toMatchObject({ sessions: 1, turns: 1, passRate: 0 });
  });
});

describe("tutor health and AI cost", () => {
  it("reports latency percentiles, the LLM's share and agreement, fallbacks and provider errors", async () => {
    const health = await get(`/api/v1/ops/tutor-health?${range}`, schemas.tutorHealthReport);
    const latencies = (await sql<{ latency_ms: number }>(`SELECT latency_ms FROM session_events WHERE event_type = 'evaluation'`)).map((r) => r.latency_ms);
    expect(health.latency.turns).toBe(latencies.length);
    for (const [key, p] of [["p50", 0.5], ["p90", 0.9], ["p95", 0.95], ["p99", 0.99]] as const) expect(health.latency[key]).toBeCloseTo(percentile(latencies, p), 6);
    expect(health.latency.max).toBe(Math.max(...latencies));
    expect(health).toMatchObject({ llmAsked: 3, llmDecided: 2, llmAgreed: 1, llmAgreement: 0.5, fallbacks: [{ reason: "timeout", count: 1 }] });
    expect(health.llmAskedShare).toBeCloseTo(3 / 17, 4);
    expect(health.errors).toEqual(
      expect.arrayContaining([
        { providerType: "tts", errorCode: "unavailable", count: 1 },
        { providerType: "stt", errorCode: "deadline_exceeded", count: 1 },
        { providerType: "eval", errorCode: "timeout", count: 1 },
      ]),
    );
    expect(health.providers.find((p) => p.providerType === "stt")).toEqual({ providerType: "stt", providerName: "google-stt", calls: 2, failures: 1, errorRate: 0.5 });
  });

  it("sums AI cost per day and provider against the daily budget", async () => {
    const cost = await get(`/api/v1/ops/ai-cost?${range}`, schemas.aiCostReport);
    const perDay = await sql<{ day: string; cost: string }>(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, sum(estimated_cost_usd)::text AS cost FROM ai_usage_log GROUP BY 1`,
    );
    expect(cost.budgetUsd).toBe(0.01);
    for (const row of cost.days) expect(row.costUsd).toBeCloseTo(Number(perDay.find((r) => r.day === row.day)?.cost ?? 0), 6);
    expect(cost.days.map((row) => row.budgetShare)).toEqual([0.31, 0, 0.24]);
    expect(cost.totalUsd).toBeCloseTo(0.0055, 6);
    expect(cost.byProvider.find((row) => row.day === FROM && row.providerName === "gemini")).toMatchObject({ calls: 3, costUsd: 0.0027 });
  });
});

describe("the operator API's guard", () => {
  it("asks for operator credentials, for the page and every endpoint", async () => {
    for (const path of ["/ops", "/api/v1/ops/live", `/api/v1/ops/learning?${range}`, "/api/v1/ops/tutor-health", "/api/v1/ops/ai-cost", "/api/v1/ops/audit", "/api/v1/ops/chat-filter"]) {
      const response = await fetch(`${server.baseUrl}${path}`);
      expect({ path, status: response.status, challenge: response.headers.get("www-authenticate")?.split(" ")[0] }).toEqual({ path, status: 401, challenge: "Basic" });
    }
    const wrong = await fetch(`${server.baseUrl}/api/v1/ops/live`, { headers: { authorization: `Basic ${Buffer.from("admin:nope").toString("base64")}` } });
    expect(wrong.status).toBe(401);
    const action = await fetch(`${server.baseUrl}/api/v1/ops/rooms/abc/actions`, { method: "POST", body: JSON.stringify({ action: "lock", reason: "x" }), headers: { "content-type": "application/json" } });
    expect(action.status).toBe(401);
  });

  it("refuses bad input with a clear 4xx naming what is wrong", async () => {
    expect(await refused("/api/v1/ops/learning?from=2026-13-01")).toMatchObject({ status: 400, code: "invalid_query", message: expect.stringContaining("from") as string });
    expect(await refused("/api/v1/ops/learning?from=2026-11-22&to=2026-11-20")).toMatchObject({ status: 400, message: "from: from must not be after to" });
    expect(await refused("/api/v1/ops/learning?from=2020-01-01&to=2026-11-20")).toMatchObject({ status: 400, message: expect.stringContaining("366 days") as string });
    expect(await refused("/api/v1/ops/learning?lang=fr")).toMatchObject({ status: 400, message: expect.stringContaining("lang") as string });
    expect(await refused("/api/v1/ops/learning?scene=Robert');DROP")).toMatchObject({ status: 400, message: expect.stringContaining("scene") as string });
    expect(await refused("/api/v1/ops/learning?colour=red")).toMatchObject({ status: 400, code: "invalid_query" });
    expect(await refused("/api/v1/ops/ai-cost?scene=cafe")).toMatchObject({ status: 400, code: "invalid_query" });
    expect(await refused("/api/v1/ops/audit?limit=0")).toMatchObject({ status: 400, code: "invalid_query" });
    expect(await refused("/api/v1/ops/chat-filter?limit=many")).toMatchObject({ status: 400, code: "invalid_query" });
    const post = (body: string) => refused("/api/v1/ops/rooms/some-room/actions", { method: "POST", body });
    expect(await post(JSON.stringify({ action: "explode", reason: "x" }))).toMatchObject({ status: 400, code: "invalid_body", message: expect.stringContaining("action") as string });
    expect(await post(JSON.stringify({ action: "mute", sessionId: "abc" }))).toMatchObject({ status: 400, message: expect.stringContaining("reason") as string });
    expect(await post(JSON.stringify({ action: "mute", sessionId: "abc", reason: "spam", minutes: -5 }))).toMatchObject({ status: 400, message: expect.stringContaining("minutes") as string });
    expect(await post(JSON.stringify({ action: "delete_chat", messageId: "not-a-uuid", reason: "x" }))).toMatchObject({ status: 400, message: expect.stringContaining("messageId") as string });
    expect(await post("{not json")).toMatchObject({ status: 400, code: "malformed_json" });
    expect(await post(JSON.stringify({ action: "lock", reason: "drill" }))).toMatchObject({ status: 404, code: "no_such_room" });
  });

  it("writes even a refused action to the audit trail, with who asked", async () => {
    // Written through the durable write queue: there once it is flushed.
    await vi.waitFor(async () => {
      const trail = await get("/api/v1/ops/audit?limit=10", schemas.audit);
      expect(trail.actions[0]).toMatchObject({ operator: "admin", action: "lock", roomId: "some-room", reason: "drill", outcome: "no_such_room" });
    });
    const rows = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM operator_actions WHERE outcome = 'no_such_room'`);
    expect(rows[0]!.n).toBe(1);
  });

  it("lists the chat lines the abuse filter held back", async () => {
    const { decisions } = await get("/api/v1/ops/chat-filter?limit=5", schemas.chatFilter);
    expect(decisions).toEqual([expect.objectContaining({ text: "you fucking idiot", matched: ["fuck"], decision: "blocked", roomId: "room-airport" }) as unknown]);
  });
});
