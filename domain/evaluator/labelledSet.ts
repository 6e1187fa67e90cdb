import { z } from "zod";
import type { Catalog } from "../catalog.ts";
import { learnerLangSchema } from "../learners/learner.ts";
import { ERROR_TYPES, type ErrorType } from "../lessons/lesson.ts";
import { evaluateAnswer } from "./evaluateAnswer.ts";
import type { Verdict } from "./verdict.ts";

/**
 * Measures the evaluator against labelled learner answers
 * (tests/fixtures/evaluator-labelled.jsonl): verdict and error-type agreement, and the
 * precision and recall of finding errors, overall and per error type.
 */

export const labelledAnswerSchema = z.object({
  activityId: z.string(),
  text: z.string(),
  lang: learnerLangSchema,
  expected: z.object({ pass: z.boolean(), errorType: z.enum(ERROR_TYPES) }),
  note: z.string().optional(),
});
export type LabelledAnswer = z.infer<typeof labelledAnswerSchema>;

export interface Scored {
  item: LabelledAnswer;
  verdict: Verdict;
  elapsedMs: number;
}

export interface PrecisionRecall {
  precision: number;
  recall: number;
  support: number;
}

export interface SetReport {
  answers: number;
  passAccuracy: number;
  errorTypeAccuracy: number;
  /** "This answer has an error" (errorType other than none). */
  errorDetection: PrecisionRecall;
  /** "This answer fails" (pass = false). */
  failDetection: PrecisionRecall;
  perErrorType: Partial<Record<ErrorType, PrecisionRecall>>;
  mismatches: Scored[];
}

export function scoreSet(catalog: Catalog, items: readonly LabelledAnswer[], now: () => number = performance.now.bind(performance)): Scored[] {
  return items.map((item) => {
    const entry = catalog.activity(item.activityId);
    if (!entry) throw new Error(`unknown activity ${item.activityId}`);
    const start = now();
    const verdict = evaluateAnswer(entry.lesson, entry.activity, { text: item.text });
    return { item, verdict, elapsedMs: now() - start };
  });
}

function pr(scored: readonly Scored[], predicted: (s: Scored) => boolean, actual: (s: Scored) => boolean): PrecisionRecall {
  const tp = scored.filter((s) => predicted(s) && actual(s)).length;
  const fp = scored.filter((s) => predicted(s) && !actual(s)).length;
  const fn = scored.filter((s) => !predicted(s) && actual(s)).length;
  const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 1000) / 1000);
  return { precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), support: tp + fn };
}

export function reportOn(scored: readonly Scored[]): SetReport {
  const share = (match: (s: Scored) => boolean) => Math.round((scored.filter(match).length / scored.length) * 1000) / 1000;
  const perErrorType: SetReport["perErrorType"] = {};
  for (const type of ERROR_TYPES) {
    if (type === "none" || !scored.some((s) => s.item.expected.errorType === type || s.verdict.errorType === type)) continue;
    perErrorType[type] = pr(scored, (s) => s.verdict.errorType === type, (s) => s.item.expected.errorType === type);
  }
  return {
    answers: scored.length,
    passAccuracy: share((s) => s.verdict.pass === s.item.expected.pass),
    errorTypeAccuracy: share((s) => s.verdict.errorType === s.item.expected.errorType),
    errorDetection: pr(scored, (s) => s.verdict.errorType !== "none", (s) => s.item.expected.errorType !== "none"),
    failDetection: pr(scored, (s) => !s.verdict.pass, (s) => !s.item.expected.pass),
    perErrorType,
    mismatches: scored.filter((s) => s.verdict.pass !== s.item.expected.pass || s.verdict.errorType !== s.item.expected.errorType),
  };
}
