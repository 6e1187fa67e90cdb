import { GoogleGenAI } from "@google/genai";
import {
  LLM_JUDGEMENT_JSON_SCHEMA,
  llmJudgementSchema,
  type EvaluationPrompt,
  type LlmJudgement,
} from "../../../domain/ai/evaluationPrompt.ts";
import { InvalidResponseError } from "../policy/aiErrors.ts";
import type { ProviderCall } from "../policy/ProviderPolicy.ts";

export interface GeminiOptions {
  apiKey: string;
  model: string;
  baseUrl?: string | undefined;
}

/** Asks Gemini (Google's `@google/genai` SDK) for a structured second opinion on an answer. */
export class GeminiJudge {
  readonly model: string;
  readonly #ai: GoogleGenAI;

  constructor(options: GeminiOptions) {
    this.model = options.model;
    this.#ai = new GoogleGenAI({
      apiKey: options.apiKey,
      // The SDK neither retries nor times out by default; the provider policy does both.
      httpOptions: options.baseUrl ? { baseUrl: options.baseUrl } : {},
    });
  }

  async judge(prompt: EvaluationPrompt, signal: AbortSignal): Promise<ProviderCall<LlmJudgement>> {
    const response = await this.#ai.models.generateContent({
      model: this.model,
      contents: prompt.user,
      config: {
        systemInstruction: prompt.system,
        responseMimeType: "application/json",
        responseJsonSchema: LLM_JUDGEMENT_JSON_SCHEMA,
        temperature: 0.2,
        maxOutputTokens: 800,
        abortSignal: signal,
      },
    });
    const usage = {
      tokensIn: response.usageMetadata?.promptTokenCount,
      tokensOut: (response.usageMetadata?.candidatesTokenCount ?? 0) + (response.usageMetadata?.thoughtsTokenCount ?? 0),
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.text ?? "");
    } catch (error) {
      throw new InvalidResponseError("the model's answer is not JSON", { cause: error });
    }
    const judgement = llmJudgementSchema.safeParse(parsed);
    if (!judgement.success) {
      const issue = judgement.error.issues[0];
      throw new InvalidResponseError(`the model's answer does not fit the schema (${issue?.path.join(".")}: ${issue?.message})`);
    }
    return { value: judgement.data, usage, modelId: response.modelVersion ?? this.model };
  }
}
