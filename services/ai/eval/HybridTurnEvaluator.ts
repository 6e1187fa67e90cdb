import { setImmediate as nextTurn } from "node:timers/promises";
import { buildEvaluationPrompt } from "../../../domain/ai/evaluationPrompt.ts";
import { mergeVerdicts } from "../../../domain/ai/mergeVerdicts.ts";
import type { Catalog } from "../../../domain/catalog.ts";
import { evaluateAnswer } from "../../../domain/evaluator/evaluateAnswer.ts";
import { explainFinding } from "../../../domain/feedback/renderFeedback.ts";
import type { EvaluatedTurn, TurnEvaluator, TurnRequest } from "../../tutor/TurnEvaluator.ts";
import type { ProviderPolicy } from "../policy/ProviderPolicy.ts";
import type { UsageEntry } from "../usage/UsageRecorder.ts";
import type { SpendGuard } from "../usage/SpendGuard.ts";
import type { GeminiJudge } from "./GeminiJudge.ts";

export interface HybridOptions {
  catalog: Catalog;
  judge: GeminiJudge;
  policy: ProviderPolicy;
  spend: SpendGuard;
  /** At or above this rule confidence the LLM is not asked. */
  confidenceThreshold: number;
  /** How long the LLM may take before the rule verdict stands. */
  budgetMs: number;
}

/**
 * Rules first; the LLM only when the rules are unsure, and only within the time budget.
 * Whatever goes wrong with the LLM (late, failing, invalid, circuit open, over the daily
 * spend), the learner gets the rule verdict, in time.
 */
export class HybridTurnEvaluator implements TurnEvaluator {
  readonly #o: HybridOptions;

  constructor(options: HybridOptions) {
    this.#o = options;
  }

  async evaluate(request: TurnRequest): Promise<EvaluatedTurn> {
    await nextTurn();
    const started = performance.now();
    const rules = evaluateAnswer(request.lesson, request.activity, request.answer);
    const base: EvaluatedTurn = { verdict: rules, provider: "rules", modelId: null, evaluatorMs: 0, usage: [] };
    const asked = "text" in request.answer && request.activity.kind !== "choice" && rules.confidence < this.#o.confidenceThreshold;
    if (!asked) return { ...base, evaluatorMs: performance.now() - started };
    if (!this.#o.spend.allows()) return { ...base, evaluatorMs: performance.now() - started, fallbackReason: "budget_exhausted" };

    const pack = this.#o.catalog.pack(request.lang);
    const text = "text" in request.answer ? request.answer.text : "";
    const prompt = buildEvaluationPrompt(request.lesson, request.activity, text, rules, pack);
    const usage: UsageEntry[] = [];
    const outcome = await this.#o.policy.run((signal) => this.#o.judge.judge(prompt, signal), {
      timeoutMs: Math.max(0, this.#o.budgetMs - (performance.now() - started)),
      onUsage: (entry) => usage.push(entry),
      sessionId: request.sessionId,
    });
    const evaluatorMs = performance.now() - started;
    if (!outcome.ok) return { ...base, usage, evaluatorMs, fallbackReason: outcome.reason };
    const merged = mergeVerdicts(rules, outcome.value);
    const notes = merged.unmentioned.map((finding) => explainFinding(finding, pack));
    return {
      verdict: merged.verdict,
      provider: this.#o.policy.name,
      modelId: this.#o.judge.model,
      feedback: [merged.feedback, ...notes].join(" "),
      evaluatorMs,
      usage,
    };
  }
}
