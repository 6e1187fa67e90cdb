import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GoogleSpeechFake } from "../fakes/googleSpeechFake.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";
import { ensureClientBuilt, enter, launch, screenshot, visit } from "./browser.ts";

const WAV = path.resolve(import.meta.dirname, "../fixtures/audio/answer.wav");

let speech: GoogleSpeechFake;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ensureClientBuilt();
  speech = await new GoogleSpeechFake().start();
  server = await startTestServer({
    env: { STT_PROVIDER: "google", GOOGLE_STT_ENDPOINT: speech.endpoint, GOOGLE_INSECURE_ENDPOINTS: "true", STT_BUDGET_MS: "3000" },
  });
  // Chromium's own fake microphone, playing a WAV file: what CI uses instead of a person.
  browser = await launch(["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-audio-capture=${WAV}`]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  speech?.stop();
});

describe("a voice answer from the browser", () => {
  it("is recorded with MediaRecorder, uploaded, transcribed and evaluated, and the page shows what was heard", { timeout: 90_000 }, async () => {
    const { page, problems } = await visit(browser, server.baseUrl);
    await enter(page, "Yuna");
    await page.locator("#talk").click();
    const record = page.locator("#record");
    await expect.poll(() => record.textContent()).toContain("Record an answer");

    speech.stt.transcript = "안녕하세요";
    await record.click();
    await expect.poll(() => record.getAttribute("aria-pressed")).toBe("true");
    await page.waitForTimeout(1_500);
    await record.click();

    const feedback = page.locator("#tutor .fb");
    await feedback.waitFor({ timeout: 15_000 });
    expect(await feedback.textContent()).toContain("Correct");
    expect(await feedback.locator(".heard").textContent()).toBe("We heard: 안녕하세요");
    const request = speech.sttRequests.at(-1)!;
    expect(request.config).toMatchObject({ languageCode: "ko-KR", encoding: "WEBM_OPUS" });
    expect(Buffer.from(request.audio.content).subarray(0, 4).toString("hex")).toBe("1a45dfa3");
    await expect.poll(() => page.locator("#tutor .step").textContent()).toMatch(/^Step 2 of \d+$/);

    // A spoken order with a mistake gets the same highlighted correction as a typed one.
    speech.stt.transcript = "아메리카노 일 잔 주세요";
    await record.click();
    await page.waitForTimeout(1_000);
    await record.click();
    await expect.poll(() => feedback.locator(".correction mark").allTextContents(), { timeout: 15_000 }).toEqual(["한"]);
    expect(await feedback.locator(".compare dt").first().textContent()).toBe("We heard");
    await screenshot(page, "tutor-voice");
    problems.expectNone();
  });
});
