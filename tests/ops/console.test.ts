import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureContent } from "../helpers/fixtureContent.ts";
import { query } from "../helpers/postgres.ts";
import { MONITOR_PASSWORD, startTestServer, type JoinedLearner, type TestServer } from "../helpers/testServer.ts";
import { nextMessage } from "../helpers/wait.ts";
import { ensureClientBuilt, enter, launch, Problems, SCREENSHOTS, visit } from "../web/browser.ts";
import { FROM, seed, TO } from "./seed.ts";

/**
 * The operator console in real Chromium over rows written through the real write path: the
 * numbers the page shows equal SQL over the same rows, a table's CSV holds them too, and a
 * moderation button reaches a real SDK client in the room.
 */

let server: TestServer;
let content: Awaited<ReturnType<typeof fixtureContent>>;
let browser: Browser;
let page: Page;
let problems: Problems;
const sql = <R extends Record<string, unknown>>(text: string) => query<R>(server.database!.url, text);
const pct = (part: number, whole: number) => `${((part / whole) * 100).toFixed(1)}%`;

beforeAll(async () => {
  ensureClientBuilt();
  content = await fixtureContent();
  server = await startTestServer({ database: "postgres", env: { AI_DAILY_BUDGET_USD: "0.01" }, overrides: { contentDir: content.dir } });
  await seed(server);
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, httpCredentials: { username: "admin", password: MONITOR_PASSWORD }, acceptDownloads: true });
  page = await context.newPage();
  // A missing element fails its step, well inside the test's own timeout.
  page.setDefaultTimeout(8_000);
  problems = new Problems(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await content?.remove();
});

const tile = (metric: string) => page.locator(`[data-metric=${metric}] .value`).innerText();
const cell = (table: string, rowText: string, col: string) =>
  page.locator(`[data-table=${table}] tbody tr`).filter({ hasText: rowText }).first().locator(`td[data-col=${col}]`).innerText();

async function open(tab: string, extra = ""): Promise<void> {
  await page.goto(`${server.baseUrl}/ops?tab=${tab}&from=${FROM}&to=${TO}${extra}`);
  await page.locator(`main[data-page=${tab}]`).waitFor();
  await page.locator("body[data-loading=false]").waitFor();
}

describe("the operator console", () => {
  it("shows the learning numbers SQL gives over the same rows", async () => {
    await open("learning");
    const [sessions] = await sql<{ n: number; learners: number }>(`SELECT count(*)::int AS n, count(DISTINCT user_id)::int AS learners FROM learning_sessions`);
    const [turns] = await sql<{ n: number; passes: number; done: number }>(
      `SELECT count(*) FILTER (WHERE event_type = 'evaluation')::int AS n, count(*) FILTER (WHERE event_type = 'evaluation' AND pass_fail)::int AS passes,
        count(*) FILTER (WHERE event_type = 'lesson_complete')::int AS done FROM session_events`,
    );
    expect(await tile("sessions")).toBe(String(sessions!.n));
    expect(await tile("learners")).toBe(String(sessions!.learners));
    expect(await tile("turns")).toBe(String(turns!.n));
    expect(await tile("passRate")).toBe(pct(turns!.passes, turns!.n));
    expect(await tile("completed")).toBe(String(turns!.done));
    expect(await tile("peak")).toBe("3");
    const activities = await sql<{ activity_id: string; n: number; passes: number }>(
      `SELECT activity_id, count(*)::int AS n, count(*) FILTER (WHERE pass_fail)::int AS passes FROM session_events WHERE event_type = 'evaluation' GROUP BY 1`,
    );
    for (const row of activities) {
      expect(await cell("activities", row.activity_id, "turns")).toBe(String(row.n));
      expect(await cell("activities", row.activity_id, "passRate")).toBe(pct(row.passes, row.n));
    }
    await expect.poll(() => page.locator(".chart canvas").count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "ops-learning.png"), fullPage: true });
    problems.expectNone();
  });

  it("exports a table as CSV with the same numbers", async () => {
    const download = page.waitForEvent("download");
    await page.locator("[data-csv=activities]").click();
    const file = await (await download).path();
    const lines = (await readFile(file, "utf8")).trim().split("\r\n").map((line) => line.split(","));
    expect(lines[0]).toEqual(["lessonId", "activityId", "turns", "passRate", "meanAttemptsToPass"]);
    const order = lines.slice(1).find((line) => line[1] === "cafe.order")!;
    const [row] = await sql<{ n: number; passes: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE pass_fail)::int AS passes FROM session_events WHERE event_type = 'evaluation' AND activity_id = 'cafe.order'`,
    );
    expect(Number(order[2])).toBe(row!.n);
    expect(Number(order[3])).toBeCloseTo(row!.passes / row!.n, 4);
  });

  it("filters by learner language from the form", async () => {
    await page.locator("select[name=lang]").selectOption("id");
    await page.locator("form.filters button[type=submit]").click();
    await expect.poll(() => page.url()).toContain("lang=id");
    const [row] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM session_events e JOIN learning_sessions s ON s.id = e.session_id WHERE e.event_type = 'evaluation' AND s.lang = 'id'`,
    );
    await expect.poll(() => tile("turns")).toBe(String(row!.n));
  });

  it("shows tutor health and AI cost as SQL gives them", async () => {
    await open("health");
    const [latency] = await sql<{ p95: number; p50: number }>(
      `SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95, percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50 FROM session_events WHERE event_type = 'evaluation'`,
    );
    expect(await tile("p95")).toBe(`${Math.round(latency!.p95)} ms`);
    expect(await tile("p50")).toBe(`${Math.round(latency!.p50)} ms`);
    expect(await tile("llmAgreement")).toBe("50.0%");
    expect(await cell("providerErrors", "unavailable", "count")).toBe("1");
    await open("cost");
    const days = await sql<{ day: string; cost: string }>(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, sum(estimated_cost_usd)::text AS cost FROM ai_usage_log
       WHERE created_at < '2026-11-23' GROUP BY 1`,
    );
    for (const day of days) expect(await cell("costDays", day.day, "costUsd")).toBe(`$${Number(day.cost).toFixed(4)}`);
    expect(await cell("costDays", FROM, "budgetShare")).toBe("31.0%");
    problems.expectNone();
  });

  it("shows the audit trail and the chat filter's decisions", async () => {
    await open("audit");
    expect(await cell("chatFilter", "you fucking idiot", "matched")).toBe("fuck");
    problems.expectNone();
  });

  it("lists a live learner with their lesson, and mutes them from the page", async () => {
    const learner: JoinedLearner = await server.join("cafe", "Dewi", "id");
    const prompt = nextMessage(learner.room, "tutor:prompt");
    learner.room.send("tutor:start", {});
    await prompt;
    await open("live");
    const row = page.locator(`tr.learner[data-session="${learner.room.sessionId}"]`);
    await row.waitFor();
    await row.locator("button.link").click();
    const detail = page.locator(`tr.detail[data-detail="${learner.room.sessionId}"]`);
    await expect.poll(() => detail.innerText()).toContain("cafe-order");
    await page.locator(`[data-room="${learner.room.roomId}"] input[name=reason]`).fill("please keep the chat on topic");
    const told = nextMessage<{ code: string; reason: string; message: string }>(learner.room, "moderation");
    await row.locator("[data-action=mute]").click();
    expect(await told).toMatchObject({ code: "muted", reason: "please keep the chat on topic", message: expect.stringContaining("Moderator") as string });
    await expect.poll(() => row.innerText()).toContain("muted");
    await page.screenshot({ path: path.join(SCREENSHOTS, "ops-live.png"), fullPage: true });
    problems.expectNone();
    await learner.room.leave();
  });

  it("tells a learner in the browser client why they were removed", async () => {
    const learner = await visit(browser, server.baseUrl);
    await enter(learner.page, "Budi", { lang: "id" });
    const rooms = (await (await fetch(`${server.baseUrl}/api/v1/ops/live`, { headers: { authorization: `Basic ${Buffer.from(`admin:${MONITOR_PASSWORD}`).toString("base64")}` } })).json()) as {
      rooms: Array<{ roomId: string; learners?: Array<{ sessionId: string; name: string }> }>;
    };
    const room = rooms.rooms.find((r) => r.learners?.some((l) => l.name === "Budi"))!;
    const sessionId = room.learners!.find((l) => l.name === "Budi")!.sessionId;
    const removed = await fetch(`${server.baseUrl}/api/v1/ops/rooms/${room.roomId}/actions`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`admin:${MONITOR_PASSWORD}`).toString("base64")}`, "content-type": "application/json" },
      body: JSON.stringify({ action: "remove", sessionId, reason: "Spam berulang.", minutes: 0 }),
    });
    expect(removed.status).toBe(200);
    const notice = learner.page.locator(".status .notice.error");
    await expect.poll(() => notice.innerText()).toContain("Moderator telah mengeluarkan Anda dari ruangan ini. Spam berulang.");
    learner.problems.expectNone();
    await learner.page.context().close();
  });
});
