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

/** The fixture cafe script, as tests/rooms/roleplay.test.ts plays it: each step's staff line and a right customer answer. */
const SCRIPT = [
  { staff: "어서 오세요! 안녕하세요?", customer: "안녕하세요" },
  { staff: "주문하시겠어요?", customer: "아메리카노 한 잔 주세요" },
  { staff: "결제는 어떻게 하시겠어요?", customer: "카드로 할게요" },
];

/** Line `index` of a round: the staff speaks the even ones, the customer the odd ones. */
function line(index: number): { role: "staff" | "customer"; text: string } {
  const step = SCRIPT[Math.floor(index / 2)]!;
  return index % 2 === 0 ? { role: "staff", text: step.staff } : { role: "customer", text: step.customer };
}

/**
 * Waits until the page shows its cue for line `index` of the round (the cue for that role, the
 * dialogue so far that long, and the cue's "heard" being its last line, which tells it from the
 * previous cue still on screen), then says `text` (the right line unless given).
 */
async function play(page: Page, index: number, text = line(index).text): Promise<void> {
  const cue = page.locator(`.rp-cue[data-role="${line(index).role}"]`);
  await expect
    .poll(async () => {
      const said = await page.locator(".rp-lines li .ko").allTextContents();
      const heard = await cue.locator(".rp-heard .ko").allTextContents();
      return (await cue.count()) === 1 && said.length === index && (heard[0] ?? "") === (said.at(-1) ?? "");
    })
    .toBe(true);
  await say(page, text);
}

function outcome(page: Page): Promise<string | null> {
  return page.locator("#rp-feedback").getAttribute("data-outcome");
}

describe("roleplay in two browser pages", () => {
  let mina: Visitor;
  let binh: Visitor;

  it("one invites from the people menu, the other accepts, both play a turn each; one leaves and the other plays on with the tutor to the end", { timeout: 90_000 }, async () => {
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

    // Binh plays on to the end: the tutor says Mina's lines at once, in both rounds.
    await play(binh.page, 2);
    await expect.poll(() => binh.page.locator(".rp-lines li.npc").count()).toBe(1);
    expect(await binh.page.locator(".rp-lines li.npc").textContent()).toContain("gia sư nói");
    await play(binh.page, 4);
    await expect.poll(() => binh.page.locator("#rp-title").textContent()).toContain("Bạn là Khách hàng");
    for (const index of [1, 3, 5]) await play(binh.page, index);
    await expect.poll(() => binh.page.locator("#rp-done").textContent()).toContain("Nhập vai xong! Bạn nói đúng 6 trên 6 câu");
    expect(await mina.page.locator("#rp-done").count()).toBe(0);
    await binh.page.locator("#roleplay .tutor-head button.icon").click();
    await expect.poll(() => binh.page.locator("#roleplay").count()).toBe(0);

    mina.problems.expectNone();
    binh.problems.expectNone();
  });

  it("plays both rounds to the end, the roles swapped, each told privately, each with their own summary", { timeout: 90_000 }, async () => {
    // Binh invites Mina this time, so he is the customer first and she the barista.
    await binh.page.locator("#rp-menu").click();
    await binh.page.locator(".rp-people li", { hasText: "Mina" }).locator(".rp-invite").click();
    await mina.page.locator(".rp-invitation", { hasText: "Binh" }).locator(".rp-accept").click();
    await expect.poll(() => mina.page.locator("#rp-title").textContent()).toContain("You are the Barista");
    await expect.poll(() => mina.page.locator("#roleplay .eyebrow").textContent()).toContain("Round 1 of 2");

    await play(mina.page, 0);
    // Binh answers wrong first: the feedback is his alone, and his line stays out of the dialogue.
    await play(binh.page, 1, "안녕");
    await expect.poll(() => outcome(binh.page)).toBe("retry");
    expect(await binh.page.locator("#rp-feedback .fb-head").textContent()).toContain("Chưa đúng");
    expect(await outcome(mina.page)).toBe("advance");
    expect(await mina.page.locator(".rp-lines li").count()).toBe(1);
    await say(binh.page, line(1).text);
    for (const index of [2, 4]) {
      await play(mina.page, index);
      await play(binh.page, index + 1);
    }

    // Round two: the roles swap, and each page says so in its learner's language.
    // Mina speaks second now: her barista cue is gone until Binh has greeted her.
    await expect.poll(() => binh.page.locator("#rp-title").textContent()).toContain("Bạn là Nhân viên pha chế");
    await expect.poll(() => mina.page.locator("#roleplay .eyebrow").textContent()).toContain("Round 2 of 2");
    await expect.poll(() => mina.page.locator("#rp-title").textContent()).not.toContain("Barista");
    expect(await mina.page.locator("#rp-answer").count()).toBe(0);
    await expect.poll(() => mina.page.locator(".rp-turn").textContent()).toContain("Binh");
    await expect.poll(() => binh.page.locator("#roleplay .eyebrow").textContent()).toContain("Lượt 2 / 2");
    await expect.poll(() => mina.page.locator("#roleplay .tutor-notice").textContent()).toContain("now you are the Customer");
    await expect.poll(() => binh.page.locator("#roleplay .tutor-notice").textContent()).toContain("Nhân viên pha chế");
    await screenshot(mina.page, "roleplay-round-two");
    await play(binh.page, 0);
    await expect.poll(() => mina.page.locator("#rp-title").textContent()).toContain("You are the Customer");
    for (const index of [1, 3]) {
      await play(mina.page, index);
      await play(binh.page, index + 1);
    }
    // Both pages hold the same dialogue of round two so far.
    const soFar = [0, 1, 2, 3, 4].map((index) => line(index).text);
    await expect.poll(() => mina.page.locator(".rp-lines li .ko").allTextContents()).toEqual(soFar);
    await expect.poll(() => binh.page.locator(".rp-lines li .ko").allTextContents()).toEqual(soFar);

    // Mina misses her last line three times: she is shown the line, Binh sees none of it.
    await play(mina.page, 5, "감사합니다");
    await expect.poll(() => outcome(mina.page)).toBe("retry");
    // The answer box is disabled while a line is judged, so each attempt waits for the verdict before it.
    await say(mina.page, "감사합니다");
    await say(mina.page, "감사합니다");
    await expect.poll(() => outcome(mina.page)).toBe("reveal");
    expect(await mina.page.locator("#rp-feedback .reveal").textContent()).toContain("The line");
    expect(await binh.page.locator("#rp-feedback[data-outcome='retry'], #rp-feedback[data-outcome='reveal']").count()).toBe(0);

    // Each page shows its own summary, in its own language.
    await expect.poll(() => mina.page.locator("#rp-done").textContent()).toContain("You said 5 of 6 lines right");
    await expect.poll(() => binh.page.locator("#rp-done").textContent()).toContain("Bạn nói đúng 6 trên 6 câu");
    expect(await mina.page.locator("#rp-title").textContent()).toContain("Roleplay finished");
    expect(await mina.page.locator("#rp-answer").count()).toBe(0);
    await screenshot(mina.page, "roleplay-done");

    mina.problems.expectNone();
    binh.problems.expectNone();
  });
});
