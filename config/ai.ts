import { z } from "zod";
import { booleanFlag, optionalString } from "./env.ts";

/** AI providers (evaluation, text-to-speech, speech-to-text) and their shared policy. */

export const DEFAULT_GEMINI_MODEL = "gemini-3.5-flash-lite";

const hostPort = optionalString.pipe(z.string().regex(/^[\w.-]+:\d{1,5}$/, "must be host:port").optional());

export const aiEnvSchema = z.object({
  EVAL_PROVIDER: z.enum(["rules", "gemini"]).default("rules"),
  GEMINI_API_KEY: optionalString,
  GEMINI_MODEL: z.string().trim().min(1).default(DEFAULT_GEMINI_MODEL),
  GEMINI_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  EVAL_CONFIDENCE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.8),
  EVAL_BUDGET_MS: z.coerce.number().int().min(100).max(30_000).default(2_000),
  TTS_PROVIDER: z.enum(["espeak", "google", "none"]).default("espeak"),
  TTS_VOICE: optionalString,
  TTS_BUDGET_MS: z.coerce.number().int().min(50).max(30_000).default(1_500),
  STT_PROVIDER: z.enum(["google", "none"]).default("none"),
  STT_BUDGET_MS: z.coerce.number().int().min(500).max(60_000).default(8_000),
  GOOGLE_TTS_ENDPOINT: hostPort,
  GOOGLE_STT_ENDPOINT: hostPort,
  /** Plain-text gRPC to the endpoints above (local fakes and private gateways only). */
  GOOGLE_INSECURE_ENDPOINTS: booleanFlag,
  AI_EVAL_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(32),
  AI_SPEECH_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(8),
  AI_DAILY_BUDGET_USD: z.coerce.number().min(0).max(1_000_000).default(20),
  AI_PRICES_FILE: optionalString,
});

export type AiEnv = z.infer<typeof aiEnvSchema>;

export interface AiConfig {
  readonly eval: {
    readonly provider: "rules" | "gemini";
    readonly gemini: { readonly apiKey: string | undefined; readonly model: string; readonly baseUrl: string | undefined };
    /** At or above this rule confidence the LLM is not asked. */
    readonly confidenceThreshold: number;
    /** Time the LLM may take for one answer before the rule verdict stands. */
    readonly budgetMs: number;
    readonly concurrency: number;
  };
  readonly tts: { readonly provider: "espeak" | "google" | "none"; readonly voice: string; readonly budgetMs: number };
  readonly stt: { readonly provider: "google" | "none"; readonly budgetMs: number };
  readonly google: {
    readonly ttsEndpoint: string | undefined;
    readonly sttEndpoint: string | undefined;
    readonly insecure: boolean;
  };
  readonly speechConcurrency: number;
  readonly dailyBudgetUsd: number;
  readonly pricesFile: string | undefined;
}

export function aiProblems(env: AiEnv): string[] {
  const problems: string[] = [];
  if (env.EVAL_PROVIDER === "gemini" && !env.GEMINI_API_KEY) {
    problems.push("GEMINI_API_KEY: required when EVAL_PROVIDER=gemini");
  }
  return problems;
}

export function aiConfigFrom(env: AiEnv): AiConfig {
  return {
    eval: {
      provider: env.EVAL_PROVIDER,
      gemini: { apiKey: env.GEMINI_API_KEY, model: env.GEMINI_MODEL, baseUrl: env.GEMINI_BASE_URL },
      confidenceThreshold: env.EVAL_CONFIDENCE_THRESHOLD,
      budgetMs: env.EVAL_BUDGET_MS,
      concurrency: env.AI_EVAL_CONCURRENCY,
    },
    tts: {
      provider: env.TTS_PROVIDER,
      voice: env.TTS_VOICE ?? (env.TTS_PROVIDER === "google" ? "ko-KR-Neural2-A" : "ko"),
      budgetMs: env.TTS_BUDGET_MS,
    },
    stt: { provider: env.STT_PROVIDER, budgetMs: env.STT_BUDGET_MS },
    google: { ttsEndpoint: env.GOOGLE_TTS_ENDPOINT, sttEndpoint: env.GOOGLE_STT_ENDPOINT, insecure: env.GOOGLE_INSECURE_ENDPOINTS },
    speechConcurrency: env.AI_SPEECH_CONCURRENCY,
    dailyBudgetUsd: env.AI_DAILY_BUDGET_USD,
    pricesFile: env.AI_PRICES_FILE,
  };
}
