import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendTo } from "../../loadtest/protocolClient.ts";
import { startTestServer, type JoinedLearner, type TestServer } from "../helpers/testServer.ts";
import { ensureClientBuilt, enter, launch, SCREENSHOTS, screenshot, visit } from "./browser.ts";

/**
 * Frame cost with a full room: 23 scripted learners walk circles (moves at 10 Hz, as the
 * browser client sends them) while the page's learner walks too. Chromium's own trace
 * (devtools.timeline) times every requestAnimationFrame callback, which is where the client
 * does all its per-frame work (walking, interpolation, drawing the canvas).
 */

const BOTS = 23;
let server: TestServer;
let browser: Browser;
const bots: JoinedLearner[] = [];

beforeAll(async () => {
  ensureClientBuilt();
  // Two dozen sign-ins from one address in a few seconds: more than the default allows.
  server = await startTestServer({ env: { RATE_LIMIT_SIGNIN_PER_MINUTE: "100" } });
  browser = await launch();
  for (let i = 0; i < BOTS; i++) bots.push(await server.join("cafe", `Bot ${i + 1}`));
});
afterAll(async () => {
  for (const bot of bots) await bot.room.leave().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

describe("frame time in Chromium", () => {
  it("stays under 8 ms with 24 avatars moving", { timeout: 90_000 }, async () => {
    const walking = setInterval(() => {
      const t = Date.now() / 1000;
      bots.forEach((bot, i) => {
        const cx = -9 + (i % 6) * 3.6;
        const cy = -6 + Math.floor(i / 6) * 3;
        sendTo(bot.room, "move", { x: cx + Math.cos(t + i) * 1.2, y: cy + Math.sin(t + i) * 1.2 });
      });
    }, 100);
    try {
      const { page, problems } = await visit(browser, server.baseUrl);
      await enter(page, "Measure");
      await expect.poll(() => page.locator("#people li").count(), { timeout: 10_000 }).toBe(BOTS + 1);
      await page.locator("#world").focus();
      await page.keyboard.down("ArrowUp");
      await browser.startTracing(page, { categories: ["devtools.timeline"] });
      await page.waitForTimeout(4_000);
      const trace = JSON.parse((await browser.stopTracing()).toString("utf8")) as { traceEvents: TraceEvent[] };
      await page.keyboard.up("ArrowUp");
      await screenshot(page, "scene-24");

      const frames = trace.traceEvents.filter((e) => e.name === "FireAnimationFrame" && e.ph === "X" && e.dur !== undefined).map((e) => e.dur! / 1000);
      const sorted = [...frames].sort((a, b) => a - b);
      const result = { frames: frames.length, medianMs: percentile(sorted, 50), p95Ms: percentile(sorted, 95), maxMs: sorted.at(-1)!, avatars: BOTS + 1 };
      await writeFile(path.join(SCREENSHOTS, "frames.json"), `${JSON.stringify(result, null, 2)}\n`);
      expect(frames.length).toBeGreaterThan(100);
      expect(result.p95Ms).toBeLessThan(8);
      problems.expectNone();
    } finally {
      clearInterval(walking);
    }
  });
});
