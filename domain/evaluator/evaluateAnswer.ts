import type { Activity, ChoiceActivity, DialogueActivity, Lesson, RepeatActivity } from "../lessons/lesson.ts";
import { normalizeText } from "./normalize.ts";
import { numberWord } from "./numbers.ts";
import { splitNounParticle } from "./particles.ts";
import type { RawFinding, Rule, RuleContext } from "./rules/context.ts";
import { counterRule } from "./rules/counterRule.ts";
import { particleRule } from "./rules/particleRule.ts";
import { selfHonorificRule } from "./rules/selfHonorificRule.ts";
import { slotRule } from "./rules/slotRule.ts";
import { speechLevelRule } from "./rules/speechLevelRule.ts";
import { segment } from "./segment.ts";
import { closest } from "./similarity.ts";
import { primaryFinding, type Finding, type Verdict } from "./verdict.ts";
import { vocabularyFor } from "./vocabulary.ts";
import { findingsToVerdict, wordSpans } from "./scoring.ts";

/** A typed answer, a transcribed spoken one (`spoken`), or the index of a chosen option. */
export type Answer = { text: string; spoken?: boolean } | { choice: number };

const RULES: readonly Rule[] = [slotRule, counterRule, speechLevelRule, selfHonorificRule, particleRule];

/**
 * The rule-based Korean evaluator: pure, synchronous, a fraction of a millisecond per answer.
 * It judges an answer to one activity and says how sure it is.
 */
export function evaluateAnswer(lesson: Lesson, activity: Activity, answer: Answer): Verdict {
  if (activity.kind === "choice") return evaluateChoice(activity, answer);
  if (!("text" in answer)) return notAnswered(activity.kind === "repeat" ? activity.answers : activity.answers, "");
  const normalized = normalizeText(answer.text);
  if (!normalized.hasHangul) return notKorean(activity, normalized.text);
  const reference = activity.answers.find((text) => normalizeText(text).compact === normalized.compact);
  const tokens = segment(normalized.text, vocabularyFor(lesson, activity));
  if (reference) {
    return { score: 100, pass: true, errorType: "none", errors: [], confidence: 0.98, normalized: tokens.join(" "), matched: reference };
  }
  return activity.kind === "repeat"
    ? evaluateRepeat(activity, tokens, normalized.compact, answer.spoken === true)
    : evaluateDialogue(lesson, activity, tokens, normalized.compact);
}

function evaluateDialogue(lesson: Lesson, activity: DialogueActivity, tokens: string[], compact: string): Verdict {
  const vocabulary = vocabularyFor(lesson, activity);
  const context: RuleContext = { activity, vocabulary, tokens, compact };
  const raw: RawFinding[] = RULES.flatMap((rule) => rule(context));
  const unknown = tokens.filter((token) => !isKnown(token, context)).length / Math.max(1, tokens.length);
  return findingsToVerdict({ tokens, raw, unknownRatio: unknown, references: activity.answers });
}

function isKnown(token: string, context: RuleContext): boolean {
  const { words, nouns } = context.vocabulary;
  return words.has(token) || numberWord(token) !== undefined || splitNounParticle(token, nouns) !== undefined;
}

/** For a spoken answer, a repeat that is off is a pronunciation problem, not spelling. */
function evaluateRepeat(activity: RepeatActivity, tokens: string[], compact: string, spoken: boolean): Verdict {
  const normalized = tokens.join(" ");
  const reference = closest(compact, activity.answers.map((a) => normalizeText(a).compact));
  const model = activity.answers[reference.candidate ? activity.answers.findIndex((a) => normalizeText(a).compact === reference.candidate) : 0]!;
  const alternative = activity.alternatives.find((text) => normalizeText(text).compact === compact);
  const similarity = alternative ? 0 : reference.similarity;
  const passed = similarity >= activity.passSimilarity;
  const misspoken = spoken ? ("pronunciation" as const) : ("spelling" as const);
  const finding: Finding = {
    type: alternative || similarity < 0.5 ? "vocabulary" : misspoken,
    messageKey: alternative ? "repeat.alternative" : similarity < 0.5 ? "repeat.different" : `repeat.${misspoken}`,
    span: { start: 0, end: normalized.length },
    found: normalized,
    expected: model,
    blocking: !passed,
    sure: alternative !== undefined || passed || similarity < 0.5,
  };
  return {
    score: Math.round(Math.max(0, similarity) * 100),
    pass: passed,
    errorType: finding.type,
    errors: [finding],
    correction: model,
    confidence: finding.sure ? 0.9 : 0.6,
    normalized,
  };
}

function evaluateChoice(activity: ChoiceActivity, answer: Answer): Verdict {
  const index =
    "choice" in answer
      ? answer.choice
      : activity.choices.findIndex((c) => normalizeText(c.text).compact === normalizeText(answer.text).compact);
  const choice = activity.choices[index];
  const model = activity.choices.find((c) => c.correct)!.text;
  if (!choice) return notAnswered([model], "text" in answer ? answer.text : String(answer.choice));
  if (choice.correct) return { score: 100, pass: true, errorType: "none", errors: [], confidence: 1, normalized: choice.text, matched: choice.text };
  const finding: Finding = {
    type: choice.errorType && choice.errorType !== "none" ? choice.errorType : "other",
    messageKey: "choice.explained",
    span: { start: 0, end: choice.text.length },
    found: choice.text,
    expected: model,
    blocking: true,
    sure: true,
    params: choice.explanation ?? {},
  };
  return { score: 0, pass: false, errorType: finding.type, errors: [finding], correction: model, confidence: 1, normalized: choice.text };
}

function notKorean(activity: DialogueActivity | RepeatActivity, normalized: string): Verdict {
  const finding: Finding = {
    type: "other",
    messageKey: "answer.not_korean",
    span: { start: 0, end: normalized.length },
    found: normalized,
    expected: activity.answers[0]!,
    blocking: true,
    sure: true,
  };
  return { score: 0, pass: false, errorType: "other", errors: [finding], correction: activity.answers[0], confidence: 0.7, normalized };
}

function notAnswered(models: readonly string[], found: string): Verdict {
  const finding: Finding = {
    type: "other",
    messageKey: "answer.no_choice",
    span: { start: 0, end: found.length },
    found,
    expected: models[0] ?? "",
    blocking: true,
    sure: true,
  };
  return { score: 0, pass: false, errorType: "other", errors: [finding], correction: models[0], confidence: 1, normalized: found };
}

export { primaryFinding, wordSpans };
