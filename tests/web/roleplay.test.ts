import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureContent } from "../helpers/fixtureContent.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";
import { ensureClientBuilt, enter, launch, screenshot, visit, type Visitor } from "./browser.ts";

let server: TestServer;
let browser: Browser;
let content: Awaited<ReturnType<typeof fixtureContent>>;

beforeAll(async () => {
  ensureClientBuilt();
  content = await fixtureContent();
  server = await startTestServer({ overrides: { contentDir: content.dir } });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await content?.remove();
});

async function say(page: Page, text: string): Promise<void> {
  await page.locator("#rp-answer:not([disabled])").fill(text);
  await page.locator("#rp-send").click();
}

describe("roleplay in two browser pages", () => {
  let mina: Visitor;
  let binh: Visitor;

  it("one invites from the people menu, the other accepts, and both play a turn each", { timeout: 90_000 }, async () => {
    mina = await visit(browser, server.baseUrl);
    await enter(mina.page, "Mina");
    binh = await visit(browser, server.baseUrl);
    await enter(binh.page, "Binh", { lang: "vi" });

    // Mina's people menu lists Binh once his avatar is in her scene.
    await mina.page.locator("#rp-menu").click();
    const binhRow = mina.page.locator(".rp-people li", { hasText: "Binh" });
    await binhRow.locator(".rp-invite").click();
    await mina.page.locator("#rp-inviting").waitFor();
    await screenshot(mina.page, "roleplay-menu");

    // Binh is asked in Vietnamese, and accepts.
    const invitation = binh.page.locator(".rp-invitation");
    await expect.poll(() => invitation.textContent()).toContain("Mina");
    await screenshot(binh.page, "roleplay-invited");
    expect(await invitation.textContent()).toContain("mời bạn");
    await invitation.locator(".rp-accept").click();

    // Both see the dialogue panel; Binh is the barista and speaks first, Mina waits.
    await binh.page.locator("#roleplay #rp-answer").waitFor();
    expect(await binh.page.locator("#rp-title").textContent()).toContain("Nhân viên pha chế");
    expect(await binh.page.locator(".rp-task").textContent()).toContain("Xin mời vào! Xin chào!");
    await mina.page.locator("#roleplay").waitFor();
    await expect.poll(() => mina.page.locator(".rp-turn").textContent()).toContain("Binh");
    expect(await mina.page.locator("#rp-answer").count()).toBe(0);

    await say(binh.page, "어서 오세요! 안녕하세요?");
    await expect.poll(() => binh.page.locator("#rp-feedback").getAttribute("data-outcome")).toBe("advance");

    // Mina hears his line, answers wrong first (feedback for her alone), then right.
    await expect.poll(() => mina.page.locator(".rp-heard").textContent()).toContain("어서 오세요! 안녕하세요?");
    expect(await mina.page.locator("#rp-title").textContent()).toContain("Customer");
    await expect.poll(() => mina.page.locator(".rp-lines li").count()).toBe(1);
    await say(mina.page, "안녕");
    await expect.poll(() => mina.page.locator("#rp-feedback").getAttribute("data-outcome")).toBe("retry");
    await screenshot(mina.page, "roleplay-retry");
    await say(mina.page, "안녕하세요");
    await expect.poll(() => mina.page.locator("#rp-feedback").getAttribute("data-outcome")).toBe("advance");

    // The dialogue so far is the same on both pages; Binh's own feedback stayed his.
    await expect.poll(() => binh.page.locator(".rp-lines li").allTextContents()).toEqual([expect.stringContaining("어서 오세요! 안녕하세요?"), expect.stringContaining("안녕하세요")]);
    expect(await binh.page.locator("#rp-feedback").getAttribute("data-outcome")).toBe("advance");
    await expect.poll(() => binh.page.locator(".rp-task").textContent()).toContain("Quý khách muốn gọi món gì ạ?");
    await screenshot(binh.page, "roleplay-binh");

    // Mina leaves; Binh is told the tutor plays her part.
    await mina.page.locator("#rp-leave").click();
    await expect.poll(() => mina.page.locator("#roleplay").count()).toBe(0);
    await expect.poll(() => binh.page.locator("#roleplay .tutor-notice").textContent()).toContain("Mina");

    mina.problems.expectNone();
    binh.problems.expectNone();
  });
});
