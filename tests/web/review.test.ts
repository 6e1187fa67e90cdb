import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activitiesOf } from "../../domain/lessons/lesson.ts";
import { fixtureContent } from "../helpers/fixtureContent.ts";
import { ManualClock } from "../helpers/manualClock.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";
import { ensureClientBuilt, enter, launch, screenshot, visit } from "./browser.ts";

const DAY = 24 * 60 * 60 * 1000;
const WRONG_PAY = "카드으로 할게요";
const RIGHT_PAY = "카드로 할게요";

let server: TestServer;
let browser: Browser;
let content: Awaited<ReturnType<typeof fixtureContent>>;
// Starts at the real time: the page checks the token's expiry against the browser's own clock.
const clock = new ManualClock(new Date(Date.now()));

beforeAll(async () => {
  ensureClientBuilt();
  content = await fixtureContent();
  server = await startTestServer({ overrides: { clock, contentDir: content.dir } });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await content?.remove();
});

const panel = (page: Page) => page.locator("#tutor");

async function type(page: Page, answer: string): Promise<void> {
  await page.locator("#answer").fill(answer);
  await page.getByRole("button", { name: "Answer", exact: true }).click();
}

async function feedbackHead(page: Page): Promise<string> {
  await panel(page).locator(".fb").waitFor();
  return (await panel(page).locator(".fb .badge").textContent()) ?? "";
}

/** Plays the cafe lesson rightly up to its payment, then gets the payment wrong. */
async function failThePayment(page: Page): Promise<void> {
  await page.locator("#talk").click();
  for (const { activity } of activitiesOf(server.services.catalog.lessons.get("cafe-order")!)) {
    await expect.poll(() => panel(page).locator(".line").getAttribute("data-activity"), { timeout: 10_000 }).toBe(activity.id);
    if (activity.id === "cafe.pay") break;
    if ("choices" in activity) await panel(page).locator(".choices-list .option").nth(activity.choices.findIndex((c) => c.correct)).click();
    else await type(page, activity.answers[0]!);
    expect(await feedbackHead(page)).toBe("Correct");
  }
  await type(page, WRONG_PAY);
  await expect.poll(() => panel(page).locator(".fb .badge").textContent(), { timeout: 10_000 }).toBe("Not yet");
}

describe("the learner's own mistakes in the browser client", () => {
  it("lists the due items the next day, brings them back on request, and clears them once reviewed", { timeout: 60_000 }, async () => {
    const { page, problems } = await visit(browser, server.baseUrl);
    await enter(page, "Rina");
    await failThePayment(page);
    // Not due on the day of the mistake.
    expect(await page.locator("#reviews").count()).toBe(0);

    clock.advance(DAY + 60 * 60_000);
    await page.reload();
    await page.locator("form button[type=submit]").click();
    await page.locator("#talk").waitFor();
    const reviews = page.locator("#reviews");
    await reviews.waitFor();
    expect(await reviews.locator("h3").textContent()).toBe("To review (1)");
    expect(await reviews.locator("li .said").textContent()).toBe(WRONG_PAY);
    expect(await reviews.locator("li .correction").textContent()).toBe(RIGHT_PAY);
    await screenshot(page, "review-due");

    await page.locator("#review-now").click();
    await expect.poll(() => panel(page).locator(".review-step").textContent(), { timeout: 10_000 }).toBe("Review 1 of 1");
    expect(await panel(page).locator(".task p").first().textContent()).toContain(`Last time you said "${WRONG_PAY}"`);
    await screenshot(page, "review-prompt");
    await type(page, RIGHT_PAY);
    await expect.poll(() => panel(page).locator("#review-done").textContent(), { timeout: 10_000 }).toContain("Review finished: you got 1 of 1 right.");
    // Nothing is due any more; the lesson goes on where it was left.
    await expect.poll(() => page.locator("#reviews").count(), { timeout: 10_000 }).toBe(0);
    await screenshot(page, "review-done");
    await panel(page).locator("#to-lesson").click();
    await expect.poll(() => panel(page).locator(".line").getAttribute("data-activity"), { timeout: 10_000 }).toBe("cafe.pay");
    expect(await panel(page).locator(".review-step").count()).toBe(0);
    problems.expectNone();
  });
});
