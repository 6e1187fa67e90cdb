import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schemas from "../../http/openapi/opsSchemas.ts";
import { fixtureContent } from "../helpers/fixtureContent.ts";
import { Inbox } from "../helpers/inbox.ts";
import { query } from "../helpers/postgres.ts";
import { MONITOR_PASSWORD, startTestServer, type JoinedLearner, type TestServer } from "../helpers/testServer.ts";
import { ensureClientBuilt, launch, Problems, SCREENSHOTS } from "../web/browser.ts";

/**
 * Roleplays in the operator console: two SDK clients play a roleplay in a real server on
 * PostgreSQL; while it is under way, the Live API and page show it in its room (a remote room
 * call, as for the room's own snapshot); once it is over, the Roleplays API, page and CSV show
 * the numbers SQL gives over the stored events.
 */

interface Cue {
  role: "customer" | "staff";
  activityId: string;
}

const OPERATOR = { authorization: `Basic ${Buffer.from(`admin:${MONITOR_PASSWORD}`).toString("base64")}` };
const RIGHT: Record<string, { staff: string; customer: string }> = {
  "cafe.greet": { staff: "어서 오세요! 안녕하세요?", customer: "안녕하세요" },
  "cafe.order": { staff: "주문하시겠어요?", customer: "아메리카노 한 잔 주세요" },
};

let server: TestServer;
let content: Awaited<ReturnType<typeof fixtureContent>>;
let browser: Browser;
let page: Page;
let problems: Problems;
const inboxes = new Map<JoinedLearner, Inbox>();

beforeAll(async () => {
  ensureClientBuilt();
  content = await fixtureContent();
  server = await startTestServer({ database: "postgres", overrides: { contentDir: content.dir } });
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, httpCredentials: { username: "admin", password: MONITOR_PASSWORD }, acceptDownloads: true });
  page = await context.newPage();
  page.setDefaultTimeout(8_000);
  problems = new Problems(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await content?.remove();
});

async function join(name: string, lang: "en" | "vi"): Promise<JoinedLearner> {
  const learner = await server.join("cafe", name, lang);
  inboxes.set(learner, new Inbox(learner.room));
  return learner;
}
const next = <T>(learner: JoinedLearner, type: string) => inboxes.get(learner)!.next<T>(type);

/** The speaker's cue, then their answer (the right one unless given) and its verdict. */
async function say(speaker: JoinedLearner, text?: string): Promise<{ pass: boolean }> {
  const cue = await next<Cue>(speaker, "roleplay:cue");
  speaker.room.send("roleplay:answer", { text: text ?? RIGHT[cue.activityId]![cue.role] });
  return next<{ pass: boolean }>(speaker, "roleplay:feedback");
}

async function get(pathAndQuery: string, headers: Record<string, string> = OPERATOR): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.baseUrl}${pathAndQuery}`, { headers });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

async function open(tab: string): Promise<void> {
  await page.goto(`${server.baseUrl}/ops?tab=${tab}`);
  await page.locator(`main[data-page=${tab}]`).waitFor();
  await page.locator("body[data-loading=false]").waitFor();
}

const cell = (table: string, rowText: string, col: string) =>
  page.locator(`[data-table="${table}"] tbody tr`).filter({ hasText: rowText }).first().locator(`td[data-col=${col}]`).innerText();

describe("roleplays in the operator console", () => {
  let roleplayId = "";
  let roomId = "";

  it("lists a roleplay under way in its room, in the Live API and page", async () => {
    const ana = await join("Ana", "en");
    const binh = await join("Binh", "vi");
    roomId = ana.room.roomId;
    ana.room.send("roleplay:invite", { sessionId: binh.room.sessionId });
    const invited = await next<{ inviteId: string }>(binh, "roleplay:invited");
    binh.room.send("roleplay:accept", { inviteId: invited.inviteId });
    expect(await say(binh)).toMatchObject({ pass: true });
    expect(await say(ana, "안녕")).toMatchObject({ pass: false });
    expect(await say(ana)).toMatchObject({ pass: true });

    const live = await get("/api/v1/ops/live");
    expect(live.status).toBe(200);
    const room = schemas.liveRooms.parse(live.body).rooms.find((r) => r.roomId === roomId)!;
    expect(room.roleplays).toHaveLength(1);
    const [roleplay] = room.roleplays!;
    roleplayId = roleplay!.id;
    expect(roleplay).toMatchObject({ lessonId: "cafe-order", round: 1, index: 2, total: 6 });
    expect(roleplay!.players.map((p) => [p.name, p.lang, p.role, p.status])).toEqual([
      ["Ana", "en", "customer", "here"],
      ["Binh", "vi", "staff", "here"],
    ]);

    await open("live");
    const card = page.locator(`[data-room="${roomId}"]`);
    await expect.poll(() => card.locator("[data-count=roleplays]").innerText()).toBe("1 roleplay");
    expect(await cell(`roleplays-${roomId}`, roleplayId, "players")).toBe("Ana (customer, here), Binh (staff, here)");
    expect(await cell(`roleplays-${roomId}`, roleplayId, "line")).toBe("3/6");
    await page.screenshot({ path: path.join(SCREENSHOTS, "ops-live-roleplay.png"), fullPage: true });

    // Ana leaves; the NPC plays her part; Binh leaves too and the roleplay ends.
    ana.room.send("roleplay:leave");
    await next(binh, "roleplay:notice");
    binh.room.send("roleplay:leave");
    await expect.poll(async () => schemas.liveRooms.parse((await get("/api/v1/ops/live")).body).rooms.find((r) => r.roomId === roomId)?.roleplays).toEqual([]);
    await Promise.all([ana.room.leave(), binh.room.leave()]);
    problems.expectNone();
  });

  it("lists the stored roleplay with the numbers SQL gives, in the API, the page and its CSV", async () => {
    expect(await server.services.writes.flush(5_000)).toBe(true);
    const [counts] = await query<{ answers: number; passed: number; npc: number; left: number }>(
      server.database!.url,
      `SELECT count(*) FILTER (WHERE event_type = 'evaluation')::int AS answers, count(*) FILTER (WHERE event_type = 'evaluation' AND pass_fail)::int AS passed,
        count(*) FILTER (WHERE event_type = 'roleplay_npc_line')::int AS npc, count(*) FILTER (WHERE event_type = 'roleplay_leave')::int AS left
       FROM session_events WHERE roleplay_id = $1::uuid`,
      [roleplayId],
    );
    expect(counts).toMatchObject({ answers: 3, passed: 2 });
    expect(counts!.left).toBeGreaterThan(0);

    const listed = await get("/api/v1/ops/roleplays?limit=10");
    expect(listed.status).toBe(200);
    const [stored] = schemas.roleplays.parse(listed.body).roleplays;
    expect(stored).toMatchObject({ id: roleplayId, scene: "cafe", roomId, lessonId: "cafe-order", status: "left", answers: counts!.answers, passed: counts!.passed, npcLines: counts!.npc });
    expect(stored!.players.map((p) => [p.name, p.lang, p.firstRole])).toEqual([
      ["Ana", "en", "customer"],
      ["Binh", "vi", "staff"],
    ]);

    await open("roleplays");
    expect(await cell("roleplays", roleplayId, "answers")).toBe(String(counts!.answers));
    expect(await cell("roleplays", roleplayId, "passed")).toBe(String(counts!.passed));
    expect(await cell("roleplays", roleplayId, "npcLines")).toBe(String(counts!.npc));
    expect(await cell("roleplays", roleplayId, "status")).toBe("left");
    expect(await cell("roleplays", roleplayId, "players")).toBe("Ana (en, customer), Binh (vi, staff)");
    const download = page.waitForEvent("download");
    await page.locator("[data-csv=roleplays]").click();
    const lines = (await readFile(await (await download).path(), "utf8")).trim().split("\r\n");
    expect(lines[0]).toBe("startedAt,scene,lessonId,players,status,answers,passed,npcLines,lastAt,roomId,id");
    const row = lines.find((line) => line.endsWith(roleplayId))!;
    expect(row).toContain(`,left,${counts!.answers},${counts!.passed},${counts!.npc},`);
    await page.screenshot({ path: path.join(SCREENSHOTS, "ops-roleplays.png"), fullPage: true });
    problems.expectNone();
  });

  it("refuses bad input with a clear 400 and strangers with a 401", async () => {
    for (const bad of ["limit=0", "limit=501", "limit=many", "status=open"]) {
      const refused = await get(`/api/v1/ops/roleplays?${bad}`);
      expect({ bad, status: refused.status, body: refused.body }).toEqual({ bad, status: 400, body: { error: { code: "invalid_query", message: "roleplays takes only limit, 1-500." } } });
    }
    expect((await get("/api/v1/ops/roleplays", {})).status).toBe(401);
    expect((await get("/api/v1/ops/roleplays", { authorization: `Basic ${Buffer.from("admin:wrong").toString("base64")}` })).status).toBe(401);
  });
});
