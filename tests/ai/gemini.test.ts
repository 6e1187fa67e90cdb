import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { LlmJudgement } from "../../domain/ai/evaluationPrompt.ts";
import { buildEvaluationPrompt } from "../../domain/ai/evaluationPrompt.ts";
import { evaluateAnswer } from "../../domain/evaluator/evaluateAnswer.ts";
import { GeminiJudge } from "../../services/ai/eval/GeminiJudge.ts";
import { ProviderPolicy } from "../../services/ai/policy/ProviderPolicy.ts";
import type { UsageEntry } from "../../services/ai/usage/UsageRecorder.ts";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { loadCatalog } from "../../services/content/loadCatalog.ts";
import { loadLexicon } from "../../services/content/loadLexicon.ts";
import { systemClock } from "../../services/clock.ts";
import { createLogger } from "../../services/logger.ts";
import { GeminiFake } from "../fakes/geminiFake.ts";

const API_KEY = "test-key-AIzaSyFAKE000000000000000000";
const catalog = await loadCatalog(CONTENT_DIR);
const lexicon = await loadLexicon(CONTENT_DIR);
const entry = catalog.activity("cafe.order")!;
const rules = evaluateAnswer(entry.activity, { text: "모히또 한 잔 주세요" }, lexicon);
const prompt = buildEvaluationPrompt(entry.lesson, entry.activity, "모히또 한 잔 주세요", rules, catalog.pack("id"));

const GOOD: LlmJudgement = {
  score: 92,
  pass: true,
  errorType: "none",
  errors: [],
  correction: null,
  feedback: "Bagus! 모히또 adalah minuman yang ada di banyak kafe.",
};

let fake: GeminiFake;
let judge: GeminiJudge;
let usage: UsageEntry[];

function policy(threshold = 3) {
  return new ProviderPolicy({
    type: "eval",
    name: "gemini",
    modelId: "gemini-3.5-flash-lite",
    concurrency: 4,
    breakerThreshold: threshold,
    halfOpenAfterMs: 300,
    logger: createLogger("silent"),
    clock: systemClock,
    secrets: [API_KEY],
  });
}

function ask(p: ProviderPolicy, timeoutMs = 1_000) {
  return p.run((signal) => judge.judge(prompt, signal), { timeoutMs, onUsage: (e) => usage.push(e), sessionId: null });
}

beforeAll(async () => {
  fake = await new GeminiFake().start();
  judge = new GeminiJudge({ apiKey: API_KEY, model: "gemini-3.5-flash-lite", baseUrl: fake.baseUrl });
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => {
  usage = [];
  fake.requests.length = 0;
});

describe("Gemini evaluation through the provider policy", () => {
  it("sends the prompt with structured-output settings and reads a valid judgement with its token usage", async () => {
    fake.mode = { kind: "answer", json: GOOD };
    const outcome = await ask(policy());
    expect(outcome).toMatchObject({ ok: true, value: GOOD });
    const [request] = fake.requests;
    expect(request).toMatchObject({ model: "gemini-3.5-flash-lite", apiKey: API_KEY });
    expect(request!.body.generationConfig).toMatchObject({ responseMimeType: "application/json" });
    const schema = request!.body.generationConfig!.responseJsonSchema as { required: string[] };
    expect(schema.required).toEqual(expect.arrayContaining(["feedback", "correction"]) as string[]);
    const system = request!.body.systemInstruction!.parts[0]!.text;
    expect(system).toMatch(/smallest edit/);
    expect(system).toMatch(/an answer with an error never passes/);
    expect(system).toMatch(/never praise an answer you correct/);
    expect(system).toMatch(/in Indonesian/);
    const user = request!.body.contents[0]!.parts[0]!.text;
    expect(user).toMatch(/Learner's answer: "모히또 한 잔 주세요"/);
    expect(user).toMatch(/Accepted answers: "아메리카노 한 잔 주세요"/);
    expect(user).toMatch(/Bahasa Indonesia tidak memiliki partikel kasus/);
    expect(user).toMatch(/confidence 0\.\d+/);
    expect(usage).toEqual([
      expect.objectContaining({ providerType: "eval", providerName: "gemini", success: true, tokensIn: 812, tokensOut: 96, modelId: "gemini-3.5-flash-lite-001" }),
    ]);
  });

  it("gives up on a slow answer at the budget", async () => {
    fake.mode = { kind: "answer", json: GOOD, delayMs: 1_500 };
    const outcome = await ask(policy(), 300);
    expect(outcome).toMatchObject({ ok: false, reason: "timeout" });
    expect(outcome.latencyMs).toBeLessThan(600);
    expect(usage.at(-1)).toMatchObject({ success: false, errorCode: "timeout" });
  });

  it("gives up on a hanging connection at the budget", async () => {
    fake.mode = { kind: "hang" };
    const outcome = await ask(policy(), 300);
    expect(outcome).toMatchObject({ ok: false, reason: "timeout" });
  });

  it("retries a 429 or 503 once, then falls back", async () => {
    for (const status of [429, 503]) {
      fake.requests.length = 0;
      usage = [];
      fake.mode = { kind: "status", status };
      const outcome = await ask(policy(10));
      expect(outcome).toMatchObject({ ok: false, reason: "failed" });
      expect(fake.requests).toHaveLength(2);
      expect(usage.map((u) => u.errorCode)).toEqual([`http_${status}`, `http_${status}`]);
    }
  });

  it("does not retry a 400, and keeps the API key out of what it records", async () => {
    fake.mode = { kind: "status", status: 400, message: `API key ${API_KEY} not valid` };
    const outcome = await ask(policy(10));
    expect(outcome).toMatchObject({ ok: false, reason: "failed" });
    expect(fake.requests).toHaveLength(1);
    expect(usage[0]!.errorMessage).not.toContain(API_KEY);
    expect(usage[0]!.errorMessage).toContain("[redacted]");
  });

  it("refuses malformed JSON and JSON that does not fit the schema", async () => {
    fake.mode = { kind: "malformed" };
    expect(await ask(policy(10))).toMatchObject({ ok: false, reason: "invalid_response" });
    fake.mode = { kind: "answer", json: { ...GOOD, score: 250 } };
    expect(await ask(policy(10))).toMatchObject({ ok: false, reason: "invalid_response" });
    fake.mode = { kind: "answer", json: { ...GOOD, pass: false, errorType: "none" } };
    expect(await ask(policy(10))).toMatchObject({ ok: false, reason: "invalid_response" });
    expect(usage.map((u) => u.errorCode)).toEqual(["invalid_response", "invalid_response", "invalid_response"]);
  });

  it("opens the circuit after repeated failures, refuses calls without reaching the provider, and probes later", async () => {
    const breaker = policy(3);
    fake.mode = { kind: "status", status: 500 };
    for (let i = 0; i < 2; i += 1) await ask(breaker);
    expect(breaker.circuit).toBe("open");
    const reached = fake.requests.length;
    const refused = await ask(breaker);
    expect(refused).toMatchObject({ ok: false, reason: "circuit_open" });
    expect(fake.requests).toHaveLength(reached);
    expect(usage.at(-1)).toMatchObject({ success: false, errorCode: "circuit_open", latencyMs: 0 });

    await new Promise((resolve) => setTimeout(resolve, 350));
    fake.mode = { kind: "answer", json: GOOD };
    expect(await ask(breaker)).toMatchObject({ ok: true });
    expect(breaker.circuit).toBe("closed");
  });

  it("opens after two calls that hang, then answers every call at once, also while its probe hangs", async () => {
    const breaker = policy(5);
    fake.mode = { kind: "hang" };
    for (let i = 0; i < 2; i += 1) expect(await ask(breaker, 200)).toMatchObject({ ok: false, reason: "timeout" });
    expect(breaker.circuit).toBe("open");
    const reached = fake.requests.length;
    const refused = await Promise.all(Array.from({ length: 4 }, () => ask(breaker, 200)));
    expect(refused.map((r) => (r.ok ? "ok" : r.reason))).toEqual(Array(4).fill("circuit_open"));
    expect(Math.max(...refused.map((r) => r.latencyMs))).toBeLessThan(50);
    expect(fake.requests).toHaveLength(reached);

    // Later one probe goes out (and hangs too); the calls meanwhile do not wait for it.
    await new Promise((resolve) => setTimeout(resolve, 350));
    const probe = ask(breaker, 1_000);
    await vi.waitFor(() => expect(fake.requests).toHaveLength(reached + 1));
    const during = await ask(breaker, 1_000);
    expect(during).toMatchObject({ ok: false, reason: "circuit_open" });
    expect(during.latencyMs).toBeLessThan(50);
    expect(await probe).toMatchObject({ ok: false, reason: "timeout" });
    expect(breaker.circuit).toBe("open");
  });

  it("ends a call whose client ignores the signal at the budget, and counts it as a hang", async () => {
    const breaker = policy(5);
    const never = () => new Promise<never>(() => {});
    for (let i = 0; i < 2; i += 1) {
      const outcome = await breaker.run(never, { timeoutMs: 100, onUsage: (e) => usage.push(e), sessionId: null });
      expect(outcome).toMatchObject({ ok: false, reason: "timeout" });
      expect(outcome.latencyMs).toBeLessThan(300);
    }
    expect(breaker.circuit).toBe("open");
    expect(usage.map((u) => u.errorCode)).toEqual(["timeout", "timeout"]);
  });

  it("caps concurrent calls and refuses the excess at once", async () => {
    const capped = new ProviderPolicy({ type: "eval", name: "gemini", modelId: "m", concurrency: 2, logger: createLogger("silent"), clock: systemClock });
    fake.mode = { kind: "answer", json: GOOD, delayMs: 200 };
    const outcomes = await Promise.all([ask(capped), ask(capped), ask(capped)]);
    expect(outcomes.map((o) => (o.ok ? "ok" : o.reason)).sort()).toEqual(["ok", "ok", "overloaded"]);
  });
});
