import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GeminiJudge } from "../../services/ai/eval/GeminiJudge.ts";
import { HybridTurnEvaluator } from "../../services/ai/eval/HybridTurnEvaluator.ts";
import { ProviderPolicy } from "../../services/ai/policy/ProviderPolicy.ts";
import { PriceTable } from "../../services/ai/usage/PriceTable.ts";
import { SpendGuard } from "../../services/ai/usage/SpendGuard.ts";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { loadCatalog, loadLessonFile } from "../../services/content/loadCatalog.ts";
import { loadLexicon } from "../../services/content/loadLexicon.ts";
import { systemClock } from "../../services/clock.ts";
import { createLogger } from "../../services/logger.ts";
import { RulesTurnEvaluator } from "../../services/tutor/TurnEvaluator.ts";
import { GeminiFake } from "../fakes/geminiFake.ts";
import { ManualClock } from "../helpers/manualClock.ts";
import { FIXTURE_LESSONS } from "../helpers/testContent.ts";

const catalog = await loadCatalog(CONTENT_DIR);
const rules = new RulesTurnEvaluator(await loadLexicon(CONTENT_DIR), systemClock);

describe("the price table", () => {
  it("estimates LLM cost from tokens, speech from characters and minutes", async () => {
    const prices = await PriceTable.load();
    expect(prices.estimate("eval", "gemini", "gemini-3.5-flash-lite", { tokensIn: 1_000_000, tokensOut: 100_000 })).toBeCloseTo(0.14, 6);
    expect(prices.estimate("eval", "gemini", "some-future-model", { tokensIn: 1_000_000 })).toBeCloseTo(0.3, 6);
    expect(prices.estimate("tts", "google", "ko-KR-Neural2-A", { characters: 1_000 })).toBeCloseTo(0.016, 6);
    expect(prices.estimate("tts", "google", "ko-KR-Standard-A", { characters: 1_000 })).toBeCloseTo(0.004, 6);
    expect(prices.estimate("tts", "espeak", "espeak-ng/ko", { characters: 1_000 })).toBe(0);
    expect(prices.estimate("stt", "google", "speech-v1/ko-KR", { audioDurationMs: 90_000 })).toBeCloseTo(0.024, 6);
    expect(prices.estimate("eval", "unknown", null, { tokensIn: 10 })).toBe(0);
  });
});

describe("the daily spend limit", () => {
  it("stops optional AI calls once today's spend reaches the limit, and starts again tomorrow", () => {
    const clock = new ManualClock("2026-11-22T10:00:00Z");
    const guard = new SpendGuard(1, clock);
    guard.add(0.6);
    expect(guard.allows()).toBe(true);
    guard.refresh(0.9); // other processes spent 0.3
    expect(guard.spentToday()).toBeCloseTo(0.9);
    guard.add(0.2);
    expect(guard.allows()).toBe(false);
    clock.set("2026-11-23T00:00:01Z");
    expect(guard.allows()).toBe(true);
    expect(guard.spentToday()).toBe(0);
  });
});

describe("the hybrid evaluator", () => {
  let fake: GeminiFake;
  beforeAll(async () => {
    fake = await new GeminiFake().start();
    fake.mode = {
      kind: "answer",
      json: { score: 90, pass: true, errorType: "none", errors: [], correction: null, feedback: "Good!" },
    };
  });
  afterAll(async () => fake.stop());

  function evaluator(spend: SpendGuard) {
    return new HybridTurnEvaluator({
      rules,
      catalog,
      clock: systemClock,
      judge: new GeminiJudge({ apiKey: "k", model: "gemini-3.5-flash-lite", baseUrl: fake.baseUrl }),
      policy: new ProviderPolicy({ type: "eval", name: "gemini", modelId: "gemini-3.5-flash-lite", concurrency: 4, logger: createLogger("silent"), clock: systemClock }),
      spend,
      confidenceThreshold: 0.8,
      budgetMs: 2_000,
    });
  }
  const request = (text: string) => {
    const entry = catalog.activity("cafe.order")!;
    return { lesson: entry.lesson, activity: entry.activity, answer: { text }, lang: "en" as const, userId: "u", sessionId: "s" };
  };

  it("asks the LLM only below the confidence threshold", async () => {
    const hybrid = evaluator(new SpendGuard(10, systemClock));
    fake.requests.length = 0;
    const sure = await hybrid.evaluate(request("아메리카노 일 잔 주세요"));
    expect(sure).toMatchObject({ provider: "rules", usage: [] });
    const unsure = await hybrid.evaluate(request("모히또 한 잔 주세요"));
    expect(unsure).toMatchObject({ provider: "gemini", feedback: "Good!", verdict: { pass: true } });
    expect(unsure.usage).toHaveLength(1);
    expect(fake.requests).toHaveLength(1);
  });

  it("asks about a fill activity's whole sentence, not the gap the learner typed", async () => {
    const lesson = await loadLessonFile(path.join(FIXTURE_LESSONS, "fixture-kinds.yaml"));
    const fill = lesson.stages[0]!.activities.find((activity) => activity.kind === "fill")!;
    fake.requests.length = 0;
    const turn = await evaluator(new SpendGuard(10, systemClock)).evaluate({ ...request("로만"), lesson, activity: fill });
    expect(turn).toMatchObject({ provider: "gemini", verdict: { normalized: "카드로만 할게요" } });
    const asked = fake.requests[0]!.body.contents[0]!.parts[0]!.text;
    expect(asked).toContain('Learner\'s answer: "카드로만 할게요"');
    expect(asked).toContain('completes the sentence "카드___ 할게요"');
  });

  it("keeps to the rules once the daily budget is spent", async () => {
    const spend = new SpendGuard(0.01, systemClock);
    spend.add(0.02);
    fake.requests.length = 0;
    const turn = await evaluator(spend).evaluate(request("모히또 한 잔 주세요"));
    expect(turn).toMatchObject({ provider: "rules", fallbackReason: "budget_exhausted", verdict: { pass: true } });
    expect(turn.verdict.confidence).toBeLessThan(0.8);
    expect(fake.requests).toHaveLength(0);
  });
});
