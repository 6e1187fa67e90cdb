import { normalizeText } from "../evaluator/normalize.ts";
import { jamoSimilarity } from "../evaluator/similarity.ts";
import { primaryFinding, type Finding, type Verdict } from "../evaluator/verdict.ts";
import type { LlmJudgement } from "./evaluationPrompt.ts";

/**
 * Combines the rule verdict with the LLM's opinion. The LLM decides what the rules were
 * unsure of (meaning, unknown words, whether the task is done), but the rules stay
 * authoritative on the final-consonant forms they are certain of, and a correction that
 * rewrites the answer instead of fixing it is replaced by the rules' own.
 */

/** Rule findings the LLM cannot overrule: forms decided by the final consonant, numbers before counters. */
const AUTHORITATIVE = new Set(["particle.form", "copula.form", "polite.form", "counter.sino", "counter.full_form"]);

/** Below this similarity to the answer, a "correction" is a rewrite. */
const MIN_CORRECTION_SIMILARITY = 0.45;

function llmFindings(judgement: LlmJudgement, normalized: string): Finding[] {
  return judgement.errors.map((error) => {
    const found = normalizeText(error.found).text;
    const start = found ? normalized.indexOf(found) : -1;
    return {
      type: error.type,
      messageKey: "llm",
      span: start >= 0 ? { start, end: start + found.length } : { start: 0, end: 0 },
      found: error.found,
      expected: error.expected,
      blocking: !judgement.pass,
      sure: false,
      params: { explanation: error.explanation },
    };
  });
}

function applyFix(text: string, finding: Finding): string {
  return finding.found && text.includes(finding.found) ? text.replace(finding.found, finding.expected) : text;
}

function correctionFor(rules: Verdict, judgement: LlmJudgement, kept: readonly Finding[]): string | undefined {
  let correction = judgement.correction ?? undefined;
  if (correction !== undefined) {
    const similar = jamoSimilarity(normalizeText(correction).compact, normalizeText(rules.normalized).compact);
    if (similar < MIN_CORRECTION_SIMILARITY) correction = rules.correction;
  }
  if (kept.length === 0) return correction;
  // The rules' certain fixes must be in whatever correction the learner sees.
  return kept.reduce((text, finding) => applyFix(text, finding), correction ?? rules.normalized);
}

export interface MergedVerdict {
  verdict: Verdict;
  feedback: string;
  /** Certain rule findings the LLM did not report; their explanation belongs in the feedback. */
  unmentioned: Finding[];
}

export function mergeVerdicts(rules: Verdict, judgement: LlmJudgement): MergedVerdict {
  const kept = rules.errors.filter((f) => f.sure && AUTHORITATIVE.has(f.messageKey));
  const sameAs = (k: Finding) => (e: Finding) => k.type === e.type && normalizeText(k.found).compact === normalizeText(e.found).compact;
  const reported = llmFindings(judgement, rules.normalized);
  const llmErrors = reported.filter((e) => !kept.some((k) => sameAs(k)(e)));
  const unmentioned = kept.filter((k) => !reported.some(sameAs(k)));
  const errors = [...kept, ...llmErrors];
  const errorType = judgement.errorType === "none" && kept.length > 0 ? primaryFinding(kept)!.type : judgement.errorType;
  const score = kept.length > 0 ? Math.min(judgement.score, 90) : judgement.score;
  const correction = correctionFor(rules, judgement, kept);
  return {
    verdict: {
      score,
      // An answer with an error never passes (the teacher policy), whoever found the error.
      pass: judgement.pass && kept.length === 0,
      errorType,
      errors,
      correction: correction && correction !== rules.normalized ? correction : undefined,
      confidence: rules.confidence,
      normalized: rules.normalized,
    },
    feedback: judgement.feedback,
    unmentioned,
  };
}
