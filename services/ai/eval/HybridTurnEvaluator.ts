import type { Clock } from "../../../domain/clock.ts";
import { buildEvaluationPrompt } from "../../../domain/ai/evaluationPrompt.ts";
import { mergeVerdicts } from "../../../domain/ai/mergeVerdicts.ts";
import type { Catalog } from "../../../domain/catalog.ts";
import { isPick } from "../../../domain/lessons/lesson.ts";
import type { EvaluatedTurn, TurnEvaluator, TurnRequest } from "../../tutor/TurnEvaluator.ts";
import type { ProviderPolicy } from "../policy/ProviderPolicy.ts";
import type { UsageEntry } from "../usage/UsageRecorder.ts";
import type { SpendGuard } from "../usage/SpendGuard.ts";
import type { GeminiJudge } from "./GeminiJudge.ts";

export interface HybridOptions {
  /** The rule-based evaluator whose verdict is refined (and stands when the LLM is not asked or fails). */
  rules: TurnEvaluator;
  catalog: Catalog;
  judge: GeminiJudge;
  policy: ProviderPolicy;
  spend: SpendGuard;
  clock: Clock;
  /** At or above this rule confidence the LLM is not asked. */
  confidenceThreshold: number;
  /** How long the LLM may take before the rule verdict stands. */
  budgetMs: number;
}

/**
 * Rules first; the LLM only when the rules are unsure, and only within the time budget.
 * Whatever goes wrong with the LLM (late, failing, invalid, circuit open, over the daily
 * spend), the learner gets the rule verdict, in time. The LLM's feedback is passed on as it
 * wrote it; the tutor's feedback composer decides what the learner reads.
 */
export class HybridTurnEvaluator implements TurnEvaluator {
  readonly #o: HybridOptions;

  constructor(options: HybridOptions) {
    this.#o = options;
  }

  async evaluate(request: TurnRequest): Promise<EvaluatedTurn> {
    const base = await this.#o.rules.evaluate(request);
    const clock = this.#o.clock;
    // The rules' own time counts against the LLM's budget.
    const started = clock.monotonicMs() - base.evaluatorMs;
    const rules = base.verdict;
    const asked = "text" in request.answer && !isPick(request.activity) && rules.confidence < this.#o.confidenceThreshold;
    if (!asked) return base;
    const askedFor = { llmAsked: true, rulesPass: rules.pass };
    if (!this.#o.spend.allows()) return { ...base, ...askedFor, evaluatorMs: clock.monotonicMs() - started, fallbackReason: "budget_exhausted" };

    const pack = this.#o.catalog.pack(request.lang);
    // A fill answer may be the gap alone: the LLM judges the whole sentence the rules read.
    const text = request.activity.kind === "fill" ? rules.normalized : "text" in request.answer ? request.answer.text : "";
    const prompt = buildEvaluationPrompt(request.lesson, request.activity, text, rules, pack);
    const usage: UsageEntry[] = [...base.usage];
    const outcome = await this.#o.policy.run((signal) => this.#o.judge.judge(prompt, signal), {
      timeoutMs: Math.max(0, this.#o.budgetMs - (clock.monotonicMs() - started)),
      onUsage: (entry) => usage.push(entry),
      sessionId: request.sessionId,
    });
    const evaluatorMs = clock.monotonicMs() - started;
    if (!outcome.ok) return { ...base, ...askedFor, usage, evaluatorMs, fallbackReason: outcome.reason };
    const merged = mergeVerdicts(rules, outcome.value);
    return {
      verdict: merged.verdict,
      provider: this.#o.policy.name,
      modelId: this.#o.judge.model,
      feedback: merged.feedback,
      unmentioned: merged.unmentioned,
      evaluatorMs,
      usage,
      ...askedFor,
    };
  }
}
