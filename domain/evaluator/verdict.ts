import type { ErrorType } from "../lessons/lesson.ts";

export type FindingType = Exclude<ErrorType, "none">;

/** One thing wrong with an answer. */
export interface Finding {
  type: FindingType;
  /** Key of the explanation in the language packs, e.g. `particle.batchim`. */
  messageKey: string;
  /** Where, in `Verdict.normalized` (character offsets, end exclusive). */
  span: { start: number; end: number };
  /** The words as written (after normalisation) and what they should be. */
  found: string;
  expected: string;
  /** A blocking finding fails the answer; others pass it with a correction. */
  blocking: boolean;
  /** The rule knows this for certain (a form it recognises), rather than suspects it. */
  sure: boolean;
  /** Extra template values, e.g. the missing slot's name per language. */
  params?: Record<string, string>;
}

export interface Verdict {
  score: number;
  pass: boolean;
  errorType: ErrorType;
  errors: Finding[];
  /** The answer with its problems fixed (or the closest model answer), when it was not perfect. */
  correction?: string | undefined;
  /** 0-1: how sure the rules are of this verdict; low values are worth a second opinion. */
  confidence: number;
  /** The answer as the rules read it: normalised and re-spaced. */
  normalized: string;
  /** The reference answer it matched exactly, if any. */
  matched?: string | undefined;
}

/** Order in which a finding's type becomes the answer's main error. */
export const ERROR_PRIORITY: readonly FindingType[] = [
  "vocabulary",
  "counter",
  "formality",
  "particle",
  "grammar",
  "spelling",
  "pronunciation",
  "other",
];

export function primaryFinding(findings: readonly Finding[]): Finding | undefined {
  return [...findings].sort((a, b) => {
    if (a.blocking !== b.blocking) return a.blocking ? -1 : 1;
    return ERROR_PRIORITY.indexOf(a.type) - ERROR_PRIORITY.indexOf(b.type);
  })[0];
}
