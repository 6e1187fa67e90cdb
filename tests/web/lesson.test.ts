import type { Browser, Page } from "playwright-core";
import { activitiesOf, type Activity } from "../../domain/lessons/lesson.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";
import { ensureClientBuilt, enter, launch, screenshot, visit } from "./browser.ts";

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

/** The interface words the lesson run checks, per language. */
interface Words {
  step: (n: number, total: number) => string;
  send: string;
  correct: string;
  notYet: string;
  attemptsLeft: string;
  better: string;
  done: string;
  translation: string;
  noVoice: string;
}

const ENGLISH: Words = {
  step: (n, total) => `Step ${n} of ${total}`,
  send: "Answer",
  correct: "Correct",
  notYet: "Not yet",
  attemptsLeft: "2 attempts left",
  better: "Better",
  done: "Lesson complete!",
  translation: "Welcome! Hello!",
  noVoice: "Voice answers are not available on this server",
};

const INDONESIAN: Words = {
  step: (n, total) => `Langkah ${n} dari ${total}`,
  send: "Jawab",
  correct: "Benar",
  notYet: "Belum tepat",
  attemptsLeft: "Sisa 2 percobaan",
  better: "Lebih baik",
  done: "Pelajaran selesai!",
  translation: "Selamat datang! Halo!",
  noVoice: "Jawaban suara tidak tersedia di server ini",
};

const panel = (page: Page) => page.locator("#tutor");

async function waitForStep(page: Page, words: Words, n: number, total: number): Promise<void> {
  await expect.poll(() => panel(page).locator(".step").textContent(), { timeout: 10_000 }).toBe(words.step(n, total));
}

async function type(page: Page, words: Words, answer: string): Promise<void> {
  await page.locator("#answer").fill(answer);
  await page.getByRole("button", { name: words.send, exact: true }).click();
}

async function lastFeedback(page: Page): Promise<string> {
  await panel(page).locator(".fb").waitFor();
  return (await panel(page).locator(".live").textContent()) ?? "";
}

/** A right answer from the lesson file: the first model answer, or a correct option. */
async function answerRightly(page: Page, words: Words, activity: Activity): Promise<void> {
  if ("choices" in activity && activity.choices.length > 0) {
    // By position: a listen activity shows only the options' meanings.
    await panel(page).locator(".choices-list .option").nth(activity.choices.findIndex((choice) => choice.correct)).click();
  } else await type(page, words, (activity as { answers: string[] }).answers[0]!);
}

/** Enter while the Korean IME is still composing commits the syllable; it must not send. */
async function enterWhileComposing(page: Page): Promise<void> {
  await page.locator("#answer").fill("안녕하세");
  await page.locator("#answer").dispatchEvent("keydown", { key: "Enter", code: "Enter", isComposing: true, keyCode: 229, bubbles: true });
  await page.waitForTimeout(300);
  expect(await page.locator("#answer").inputValue()).toBe("안녕하세");
  expect(await panel(page).locator(".fb, .checking").count()).toBe(0);
  await page.locator("#answer").fill("안녕하세요");
  await page.locator("#answer").press("Enter");
}

/** A wrong order: its marked correction, attempts left, a hint; the activity stays. */
async function orderWrongly(page: Page, words: Words, shots: string): Promise<void> {
  await type(page, words, "아메리카노 일 잔 주세요");
  await expect.poll(() => lastFeedback(page), { timeout: 10_000 }).toContain(words.notYet);
  const feedback = panel(page).locator(".fb");
  expect(await feedback.textContent()).toContain(words.attemptsLeft);
  expect(await feedback.locator(".compare").textContent()).toContain(words.better);
  expect(await feedback.locator(".correction").textContent()).toBe("아메리카노 한 잔 주세요");
  expect(await feedback.locator(".correction mark").allTextContents()).toEqual(["한"]);
  expect(await feedback.locator(".said del").allTextContents()).toEqual(["일"]);
  await panel(page).locator("#hint").click();
  await expect.poll(() => panel(page).locator(".hints li").count(), { timeout: 10_000 }).toBe(1);
  await page.evaluate("document.querySelector('#tutor').scrollTop = 0");
  await screenshot(page, shots);
  expect(await panel(page).locator(".line").getAttribute("data-activity")).toBe("cafe.order");
}

/** The whole cafe lesson through the panel, activity by activity as the lesson file has them. */
async function playCafeLesson(page: Page, words: Words, shots: string): Promise<void> {
  const activities = activitiesOf(server.services.catalog.lessons.get("cafe-order")!).map(({ activity }) => activity);
  await expect.poll(() => panel(page).locator(".line").textContent(), { timeout: 10_000 }).toContain("어서 오세요!");
  expect(await panel(page).locator(".line .translation").textContent()).toBe(words.translation);
  expect(await panel(page).locator("#voice-note").textContent()).toContain(words.noVoice);
  for (const [index, activity] of activities.entries()) {
    await waitForStep(page, words, index + 1, activities.length);
    expect(await panel(page).locator(".line").getAttribute("data-activity")).toBe(activity.id);
    if (activity.id === "cafe.greet") {
      await enterWhileComposing(page);
      expect(await lastFeedback(page)).toContain(words.correct);
      continue;
    }
    if (activity.id === "cafe.order") await orderWrongly(page, words, shots);
    await answerRightly(page, words, activity);
  }
  await expect.poll(() => panel(page).locator(".summary h3").textContent(), { timeout: 10_000 }).toBe(words.done);
  expect(await panel(page).locator(".summary .stats").textContent()).toContain(`${activities.length} / ${activities.length}`);
}

/** Text whose contrast against what is behind it is under 4.5:1 (WCAG AA), found in the page. */
const LOW_CONTRAST = `(() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const behind = (el) => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length === 3 || c[3] > 0.9) return c; } return [232, 225, 213]; };
  const bad = [];
  for (const el of document.querySelectorAll("#ui *")) {
    const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join("");
    if (!text || el.closest(".visually-hidden") || el.offsetParent === null || el.closest(":disabled")) continue;
    const fg = rgb(getComputedStyle(el).color); const bg = behind(el);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 4.5) bad.push(text.slice(0, 30) + " " + ratio.toFixed(2));
  }
  return bad;
})()`;

describe("the cafe lesson in the browser", () => {
  it("is played through the panel in English: typed answers, a correction, a choice, the summary", { timeout: 120_000 }, async () => {
    const { page, problems } = await visit(browser, server.baseUrl);
    await enter(page, "Ari");
    await screenshot(page, "scene");
    await page.locator("#talk").click();
    await playCafeLesson(page, ENGLISH, "tutor-panel");
    expect(await page.evaluate(LOW_CONTRAST)).toEqual([]);
    problems.expectNone();
  });

  it("the same in Indonesian, started by walking up to the barista, with Indonesian interface text", { timeout: 120_000 }, async () => {
    const { page, problems } = await visit(browser, server.baseUrl);
    await enter(page, "Sari", { lang: "id" });
    expect(await page.locator("#talk").textContent()).toContain("Bicara dengan 바리스타");
    await page.locator("#world").focus();
    await page.keyboard.down("ArrowUp");
    await panel(page).waitFor({ timeout: 8_000 });
    await page.keyboard.up("ArrowUp");
    expect(await panel(page).locator(".task h3").textContent()).toBe("Giliran Anda");
    await playCafeLesson(page, INDONESIAN, "tutor-panel-id");
    expect(await panel(page).getByRole("button", { name: "Berlatih lagi" }).count()).toBe(1);
    problems.expectNone();
  });
});
