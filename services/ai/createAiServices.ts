import type { Config } from "../../config/config.ts";
import type { Catalog } from "../../domain/catalog.ts";
import type { Lexicon } from "../../domain/evaluator/lexicon.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../logger.ts";
import type { ObjectStore } from "../storage/ObjectStore.ts";
import { RulesTurnEvaluator, type TurnEvaluator } from "../tutor/TurnEvaluator.ts";
import type { VerdictCache } from "../tutor/VerdictCache.ts";
import type { WriteOp } from "../writes/writeOps.ts";
import { HybridTurnEvaluator } from "./eval/HybridTurnEvaluator.ts";
import { ProviderPolicy } from "./policy/ProviderPolicy.ts";
import type { SpeechRecognizer } from "./stt/SpeechRecognizer.ts";
import { EspeakSynthesizer } from "./tts/EspeakSynthesizer.ts";
import type { SpeechSynthesizer } from "./tts/SpeechSynthesizer.ts";
import { TutorVoice } from "./tts/TutorVoice.ts";
import { DEFAULT_PRICES_FILE, PriceTable } from "./usage/PriceTable.ts";
import { SpendGuard } from "./usage/SpendGuard.ts";
import { UsageRecorder } from "./usage/UsageRecorder.ts";

/** A speech recognizer together with the policy its calls go through. */
export interface Listener {
  recognizer: SpeechRecognizer;
  policy: ProviderPolicy;
  budgetMs: number;
}

export interface AiServices {
  evaluator: TurnEvaluator;
  /** The tutor's voice; undefined with TTS_PROVIDER=none. */
  voice: TutorVoice | undefined;
  /** Speech recognition; undefined with STT_PROVIDER=none (voice answers unavailable). */
  listener: Listener | undefined;
  usage: UsageRecorder;
  spend: SpendGuard;
  policies: ProviderPolicy[];
  /** The rules' verdicts already given (hits and misses on /metrics). */
  verdicts: VerdictCache;
  close(): Promise<void>;
}

export interface AiDeps {
  config: Config;
  catalog: Catalog;
  /** The rule-based evaluator's words (content/lexicon.yaml and the Korean dictionary). */
  lexicon: Lexicon;
  store: ObjectStore;
  writes: { enqueue(op: WriteOp): void };
  clock: Clock;
  logger: Logger;
}

// The Google clients are imported only when their provider is chosen: loaded, the gRPC
// clients and the Gemini SDK add about 90 MB to an idle server's RSS (docs/BENCHMARKS.md).
async function synthesizerFor(config: Config): Promise<(SpeechSynthesizer & { close?: () => Promise<void> }) | undefined> {
  const { tts, google } = config.ai;
  if (tts.provider === "espeak") return new EspeakSynthesizer(tts.voice);
  if (tts.provider !== "google") return undefined;
  const { GoogleSynthesizer } = await import("./tts/GoogleSynthesizer.ts");
  return new GoogleSynthesizer(tts.voice, google.ttsEndpoint, google.insecure);
}

async function recognizerFor(config: Config): Promise<(SpeechRecognizer & { close(): Promise<void> }) | undefined> {
  if (config.ai.stt.provider !== "google") return undefined;
  const { GoogleRecognizer } = await import("./stt/GoogleRecognizer.ts");
  return new GoogleRecognizer(config.ai.google.sttEndpoint, config.ai.google.insecure);
}

/** Every AI provider, chosen from configuration; the defaults (rules, espeak, no STT) are offline. */
export async function createAiServices(deps: AiDeps): Promise<AiServices> {
  const { config, logger } = deps;
  const ai = config.ai;
  const prices = await PriceTable.load(ai.pricesFile ?? DEFAULT_PRICES_FILE);
  const spend = new SpendGuard(ai.dailyBudgetUsd, deps.clock);
  const usage = new UsageRecorder(deps.writes, prices, spend, deps.clock);
  const policies: ProviderPolicy[] = [];
  const policy = (options: Omit<ConstructorParameters<typeof ProviderPolicy>[0], "logger" | "clock">) => {
    const created = new ProviderPolicy({ ...options, logger: logger.child({ component: "ai" }), clock: deps.clock });
    policies.push(created);
    return created;
  };

  const rules = new RulesTurnEvaluator(deps.lexicon, deps.clock);
  let evaluator: TurnEvaluator = rules;
  if (ai.eval.provider === "gemini") {
    const { apiKey, model, baseUrl } = ai.eval.gemini;
    const { GeminiJudge } = await import("./eval/GeminiJudge.ts");
    const judge = new GeminiJudge({ apiKey: apiKey!, model, baseUrl });
    const evalPolicy = policy({ type: "eval", name: "gemini", modelId: model, concurrency: ai.eval.concurrency, secrets: [apiKey!] });
    evaluator = new HybridTurnEvaluator({
      rules,
      catalog: deps.catalog,
      clock: deps.clock,
      judge,
      policy: evalPolicy,
      spend,
      confidenceThreshold: ai.eval.confidenceThreshold,
      budgetMs: ai.eval.budgetMs,
    });
  }

  const synthesizer = await synthesizerFor(config);
  const voice = synthesizer
    ? new TutorVoice({
        synthesizer,
        policy: policy({ type: "tts", name: synthesizer.name, modelId: synthesizer.voice, concurrency: ai.speechConcurrency }),
        store: deps.store,
        usage,
        logger,
        budgetMs: ai.tts.budgetMs,
        urlTtlSeconds: config.storage.urlTtlSeconds,
      })
    : undefined;

  const recognizer = await recognizerFor(config);
  const listener = recognizer
    ? { recognizer, policy: policy({ type: "stt", name: "google", modelId: "speech-v1/ko-KR", concurrency: ai.speechConcurrency }), budgetMs: ai.stt.budgetMs }
    : undefined;

  return {
    evaluator,
    voice,
    listener,
    usage,
    spend,
    policies,
    verdicts: rules.verdicts,
    async close() {
      await Promise.allSettled([
        synthesizer?.close?.(),
        recognizer?.close(),
      ]);
    },
  };
}
