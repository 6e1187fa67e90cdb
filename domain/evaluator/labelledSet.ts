import { z } from "zod";
import { LEARNER_LANGS } from "../learners/learner.ts";
import { ERROR_TYPES, type ErrorType } from "../lessons/lesson.ts";
import { normalizeText } from "./normalize.ts";
import type { Verdict } from "./verdict.ts";

/**
 * Measures the evaluator against answers a teacher labelled under the policy
 * (tests/fixtures/teacher/*.jsonl): agreement, false alarms, misses, error types,
 * calibration (wrong verdicts given with confidence), and whether its corrections are right.
 */

export const labelledAnswerSchema = z.object({
  activityId: z.string(),
  text: z.string(),
  lang: z.enum(LEARNER_LANGS),
  source: z.enum(["typed", "spoken"]).default("typed"),
  expected: z.object({ pass: z.boolean(), errorType: z.enum(ERROR_TYPES) }),
  /** Other main error types a teacher also accepts for this answer. */
  acceptableErrorTypes: z.array(z.enum(ERROR_TYPES)).default([]),
  /** Corrections a teacher wrote for a failing answer. */
  corrections: z.array(z.string()).default([]),
  note: z.string().optional(),
});
export type LabelledAnswer = z.infer<typeof labelledAnswerSchema>;

export interface Scored {
  item: LabelledAnswer;
  verdict: Verdict;
  /** The evaluator's verdict on its own correction, for failed answers. */
  correctionVerdict?: Verdict | undefined;
  feedback?: string | undefined;
  elapsedMs: number;
}

export interface SetReport {
  answers: number;
  agreement: number;
  /** Correct answers failed, of all correct answers. */
  falseAlarms: number;
  /** Wrong answers passed, of all wrong answers. */
  misses: number;
  /** Failed by both: the evaluator's main error type is one the teacher accepts. */
  errorTypeAgreement: number;
  /** Wrong pass/fail verdicts given with confidence at or above the threshold, of all answers. */
  wrongAndSure: number;
  passedWithError: number;
  correctionsFailingThemselves: number;
  /** Failed by both, teacher wrote corrections: the evaluator's correction is one of them. */
  correctionsLikeTeacher: number;
  mismatches: Scored[];
}

const ratio = (part: number, all: number) => (all === 0 ? 1 : Math.round((part / all) * 1000) / 1000);
const compact = (text: string) => normalizeText(text).compact;

export function acceptsType(item: LabelledAnswer, type: ErrorType): boolean {
  return type === item.expected.errorType || item.acceptableErrorTypes.includes(type);
}

export function reportOn(scored: readonly Scored[], threshold: number): SetReport {
  const correct = scored.filter((s) => s.item.expected.pass);
  const wrong = scored.filter((s) => !s.item.expected.pass);
  const bothFailed = wrong.filter((s) => !s.verdict.pass);
  const withTeacher = bothFailed.filter((s) => s.item.corrections.length > 0);
  const disagrees = (s: Scored) => s.verdict.pass !== s.item.expected.pass;
  return {
    answers: scored.length,
    agreement: ratio(scored.filter((s) => !disagrees(s)).length, scored.length),
    falseAlarms: ratio(correct.filter((s) => !s.verdict.pass).length, correct.length),
    misses: ratio(wrong.filter((s) => s.verdict.pass).length, wrong.length),
    errorTypeAgreement: ratio(bothFailed.filter((s) => acceptsType(s.item, s.verdict.errorType)).length, bothFailed.length),
    wrongAndSure: ratio(scored.filter((s) => disagrees(s) && s.verdict.confidence >= threshold).length, scored.length),
    passedWithError: scored.filter((s) => s.verdict.pass && s.verdict.errors.length > 0).length,
    correctionsFailingThemselves: scored.filter((s) => s.correctionVerdict !== undefined && !s.correctionVerdict.pass).length,
    correctionsLikeTeacher: ratio(
      withTeacher.filter((s) => s.item.corrections.some((c) => compact(c) === compact(s.verdict.correction ?? ""))).length,
      withTeacher.length,
    ),
    mismatches: scored.filter((s) => disagrees(s) || (!s.verdict.pass && !s.item.expected.pass && !acceptsType(s.item, s.verdict.errorType))),
  };
}

export function parseLabelledLines(text: string): LabelledAnswer[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => labelledAnswerSchema.parse(JSON.parse(line)));
}
