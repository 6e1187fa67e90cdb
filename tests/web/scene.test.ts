import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import express from "express";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webClient, WEB_ROOT } from "../../http/webClient.ts";
import { initialAssets } from "../../scripts/webBundle.ts";
import { createLogger } from "../../services/logger.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";
import { ensureClientBuilt, enter, launch, screenshot, visit, type Visitor } from "./browser.ts";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ensureClientBuilt();
  server = await startTestServer();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Seen {
  name: string;
  x: number;
  y: number;
  self: boolean;
}

/** The roster the page keeps for screen readers: who is in the scene and where. */
async function roster(page: Page): Promise<Seen[]> {
  const items = await page.locator("#people li").all();
  return Promise.all(
    items.map(async (li) => ({
      name: (await li.textContent())?.split(" (")[0] ?? "",
      x: Number(await li.getAttribute("data-x")),
      y: Number(await li.getAttribute("data-y")),
      self: (await li.getAttribute("data-self")) === "true",
    })),
  );
}

async function positionOf(page: Page, name: string): Promise<Seen | undefined> {
  return (await roster(page)).find((p) => p.name === name);
}

describe("two learners in one cafe, each in a browser", () => {
  let mina: Visitor;
  let budi: Visitor;

  it("see each other appear, walk and chat", { timeout: 90_000 }, async () => {
    mina = await visit(browser, server.baseUrl);
    await enter(mina.page, "Mina");
    budi = await visit(browser, server.baseUrl);
    await enter(budi.page, "Budi", { lang: "id" });

    await expect.poll(() => roster(mina.page).then((r) => r.map((p) => p.name).sort())).toEqual(["Budi", "Mina"]);
    await expect.poll(() => roster(budi.page).then((r) => r.map((p) => p.name).sort())).toEqual(["Budi", "Mina"]);
    await expect.poll(() => mina.page.locator(".topbar").textContent()).toContain("2 here");
    await expect.poll(() => budi.page.locator(".topbar").textContent()).toContain("2 orang di sini");

    // Mina walks north with the arrow key; Budi's page sees her go.
    const before = (await positionOf(budi.page, "Mina"))!;
    await mina.page.locator("#world").focus();
    await mina.page.keyboard.down("ArrowUp");
    await mina.page.waitForTimeout(700);
    await mina.page.keyboard.up("ArrowUp");
    await expect.poll(async () => (await positionOf(budi.page, "Mina"))!.y - before.y, { timeout: 5_000 }).toBeGreaterThan(1.5);
    // Once she stops, both pages agree on where she stands.
    await expect
      .poll(async () => Math.abs((await positionOf(budi.page, "Mina"))!.y - (await positionOf(mina.page, "Mina"))!.y), { timeout: 5_000 })
      .toBeLessThan(0.15);

    // Budi clicks the floor far to his east and walks there; Mina's page sees him arrive.
    const start = (await positionOf(budi.page, "Budi"))!;
    await budi.page.locator("#world").click({ position: { x: 1000, y: 380 } });
    await expect.poll(async () => (await positionOf(mina.page, "Budi"))!.x - start.x, { timeout: 8_000 }).toBeGreaterThan(3);

    // Chat: typed on one page, shown on both (log and bubble).
    await budi.page.locator("#chat-input").fill("안녕하세요, Mina!");
    await budi.page.keyboard.press("Enter");
    await expect.poll(() => mina.page.locator(".chat-log").textContent()).toContain("Budi 안녕하세요, Mina!");
    await expect.poll(() => budi.page.locator(".chat-log").textContent()).toContain("안녕하세요, Mina!");
    await mina.page.getByRole("button", { name: "Wave" }).click();
    await screenshot(mina.page, "scene-cafe");
    mina.problems.expectNone();
    budi.problems.expectNone();
  });
});

describe("how the client is served", () => {
  it("with a content-security policy that allows the page's own origin and nothing else, and the usual headers", async () => {
    const page = await fetch(`${server.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-cache");
    expect(page.headers.get("content-security-policy")).toBe(
      "default-src 'none';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';media-src 'self';base-uri 'none';form-action 'none';frame-ancestors 'none'",
    );
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await page.text())![1]!;
    const asset = await fetch(`${server.baseUrl}${script}`);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    // The API keeps its own, stricter default policy.
    expect((await fetch(`${server.baseUrl}/api/v1/scenes`)).headers.get("content-security-policy")).toMatch(/^default-src 'self'/);
  });

  it("loads under 350 KB of JavaScript (gzipped) before it runs", async () => {
    const assets = await initialAssets(WEB_ROOT);
    const js = assets.filter((a) => a.file.endsWith(".js")).reduce((sum, a) => sum + a.gzipBytes, 0);
    expect(js).toBeGreaterThan(10_000);
    expect(js).toBeLessThan(350 * 1024);
  });

  it("says how to build it when there is no build, instead of failing", async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), "koto-web-"));
    const app = express().use(webClient({ publicAddress: undefined, storage: { kind: "fs", urlTtlSeconds: 60, publicHttpUrl: undefined } }, createLogger("silent"), empty));
    const listening = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => listening.once("listening", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(listening.address() as AddressInfo).port}/`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain("Run `npm run build:web`");
    } finally {
      listening.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
