import { matchMaker } from "@colyseus/core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../bench/serverProcess.ts";
import { createTempDatabase, type TempDatabase } from "../helpers/postgres.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";
import { ensureClientBuilt, enter, launch, screenshot, visit } from "./browser.ts";

/**
 * The page outlives its connection: a dropped socket (the SDK reconnects to the same seat)
 * and a server restart (the drain notice, then a new join on the new process, where the
 * lesson goes on from the database).
 */

let db: TempDatabase;
let port: number;
let browser: Browser;
const servers: TestServer[] = [];

async function startServer(): Promise<TestServer> {
  const server = await startTestServer({
    env: { PORT: String(port), DATABASE_URL: db.url, JWT_SECRET: "web-restart-test-secret-of-32-characters", DRAIN_NOTICE_MS: "1500" },
  });
  servers.push(server);
  return server;
}

beforeAll(async () => {
  ensureClientBuilt();
  db = await createTempDatabase();
  port = await freePort();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  for (const server of servers) await server.stop();
  await db?.drop();
});

const notice = (page: Page) => page.locator(".status .notice");

/** Closes the learner's socket from the server side without a close frame, as a lost network would. */
async function dropConnections(): Promise<void> {
  for (const listing of await matchMaker.query({ name: "cafe" })) {
    const room = matchMaker.getLocalRoomById(listing.roomId);
    for (const client of room?.clients ?? []) (client.ref as unknown as { terminate(): void }).terminate();
  }
}

describe("a page in a lesson", () => {
  it("shows a dropped connection and comes back to the same seat", { timeout: 60_000 }, async () => {
    await startServer();
    const { page, problems } = await visit(browser, `http://127.0.0.1:${port}`);
    await enter(page, "Jun");
    await page.locator("#talk").click();
    await page.locator("#answer").fill("안녕하세요");
    await page.locator("#answer").press("Enter");
    await expect.poll(() => page.locator("#tutor .step").textContent()).toMatch(/^Step 2 of \d+$/);
    const seat = await page.locator("#people li[data-self=true]").getAttribute("data-session");

    // The SDK reconnects only after 5 s in the room.
    await page.waitForTimeout(5_500);
    await dropConnections();
    await expect.poll(() => notice(page).textContent()).toContain("Connection lost. Reconnecting…");
    await expect.poll(() => notice(page).textContent(), { timeout: 15_000 }).toBe("You're back.");
    expect(await page.locator("#people li[data-self=true]").getAttribute("data-session")).toBe(seat);
    expect(await page.locator("#tutor .step").textContent()).toMatch(/^Step 2 of \d+$/);
    problems.expectNone();
    await page.context().close();
  });

  it("survives a server restart: the drain notice, then back in the lesson where it was", { timeout: 90_000 }, async () => {
    // While the old process drains it refuses joins (503), and once it is gone until the new one
    // listens, connections are refused; the page retries calmly. Those are the only failures allowed.
    // What a restart does to a page by itself: refused joins, refused connections, and a tutor
    // voice line still downloading when the server stopped (the browser aborts that request).
    const restarting = [/^HTTP 503: POST \S+\/matchmake\/joinOrCreate\/cafe$/, /status of 503 \(Service Unavailable\)$/, /ERR_CONNECTION_REFUSED/, /^request failed: GET \S+\/media\/tts\/\S+ net::ERR_ABORTED$/];
    const { page, problems } = await visit(browser, `http://127.0.0.1:${port}`, restarting);
    await enter(page, "Hana");
    await page.locator("#talk").click();
    await page.locator("#answer").fill("안녕하세요");
    await page.locator("#answer").press("Enter");
    await expect.poll(() => page.locator("#tutor .step").textContent()).toMatch(/^Step 2 of \d+$/);

    const stopping = servers.at(-1)!.stop();
    await expect.poll(() => notice(page).textContent(), { timeout: 10_000 }).toContain("This server is restarting.");
    await screenshot(page, "drain-notice");
    await stopping;
    await startServer();

    await expect.poll(() => notice(page).textContent(), { timeout: 30_000 }).toBe("You're back.");
    await expect.poll(() => page.locator("#tutor .step").textContent(), { timeout: 10_000 }).toMatch(/^Step 2 of \d+$/);
    expect(await page.locator("#tutor .line .ko").textContent()).toBe("주문하시겠어요?");
    await page.locator("#answer").fill("아메리카노 한 잔 주세요");
    await page.locator("#answer").press("Enter");
    await expect.poll(() => page.locator("#tutor .step").textContent()).toMatch(/^Step 3 of \d+$/);
    problems.expectNone();
  });
});
