import { compactOf } from "./normalize.ts";
import type { RawFinding } from "./rules/context.ts";
import { closest } from "./similarity.ts";
import { primaryFinding, type Finding, type FindingType, type Verdict } from "./verdict.ts";

/** Points an answer loses per finding. */
const PENALTY: Record<FindingType, number> = {
  vocabulary: 40,
  counter: 30,
  formality: 30,
  particle: 10,
  grammar: 10,
  spelling: 10,
  pronunciation: 10,
  other: 100,
};

/** Below this score an answer fails even without a blocking finding. */
export const PASS_SCORE = 60;

/** Character spans of each word in `tokens.join(" ")`. */
export function wordSpans(tokens: readonly string[]): Array<{ start: number; end: number }> {
  let offset = 0;
  return tokens.map((token) => {
    const span = { start: offset, end: offset + token.length };
    offset += token.length + 1;
    return span;
  });
}

function locate(raw: RawFinding, spans: ReturnType<typeof wordSpans>): Finding {
  const { token, tokenEnd, ...finding } = raw;
  const first = spans[token] ?? { start: 0, end: 0 };
  const last = spans[tokenEnd ?? token] ?? first;
  return { ...finding, span: { start: first.start, end: last.end } };
}

function correctionFor(tokens: readonly string[], findings: readonly RawFinding[], references: readonly string[]): string {
  if (findings.some((f) => f.messageKey.startsWith("slot."))) {
    return closest(compactOf(tokens.join("")), references.map((r) => r)).candidate;
  }
  const primary = primaryFinding(findings.map((f) => ({ ...f, span: { start: 0, end: 0 } })));
  const fixed = [...tokens];
  for (const finding of findings) {
    if (finding.sure || finding.messageKey === primary?.messageKey) fixed[finding.token] = finding.expected;
  }
  return fixed.join(" ");
}

function confidenceOf(findings: readonly Finding[], unknownRatio: number): number {
  let confidence = 0.92 - 0.5 * unknownRatio;
  const primary = primaryFinding(findings);
  if (primary?.sure) confidence = Math.max(confidence, 0.85);
  if (findings.some((f) => !f.sure)) confidence = Math.min(confidence, 0.6);
  return Math.round(Math.min(0.97, Math.max(0.3, confidence)) * 100) / 100;
}

export interface ScoringInput {
  tokens: readonly string[];
  raw: readonly RawFinding[];
  /** Share of the answer's words the rules do not know. */
  unknownRatio: number;
  references: readonly string[];
}

export function findingsToVerdict(input: ScoringInput): Verdict {
  const spans = wordSpans(input.tokens);
  const errors = input.raw.map((raw) => locate(raw, spans));
  const normalized = input.tokens.join(" ");
  const base = errors.length === 0 ? (input.unknownRatio === 0 ? 95 : 90) : 100;
  const score = Math.max(0, base - errors.reduce((sum, f) => sum + PENALTY[f.type], 0));
  const primary = primaryFinding(errors);
  const correction = errors.length > 0 ? correctionFor(input.tokens, input.raw, input.references) : undefined;
  return {
    score,
    pass: score >= PASS_SCORE && !errors.some((f) => f.blocking),
    errorType: primary?.type ?? "none",
    errors,
    correction: correction !== normalized ? correction : undefined,
    confidence: confidenceOf(errors, input.unknownRatio),
    normalized,
  };
}
