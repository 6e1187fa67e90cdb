import type { FindingType } from "./verdict.ts";

/**
 * One thing a check found wrong, located on the answer's units, with the edit that fixes
 * it. The evaluator turns issues into the verdict's findings and applies every fix to build
 * the correction, so the correction keeps everything else the learner said.
 */
export interface Issue {
  type: FindingType;
  /** Explanation key in the language packs (`particle.form`, `formality.casual`, ...). */
  key: string;
  /** The learner's words and what to say instead. */
  found: string;
  expected: string;
  /** The check knows this for certain (a form it recognises), rather than suspects it. */
  sure: boolean;
  fix: Fix;
  params?: Record<string, string>;
}

export type Fix =
  /** Replace unit `unit`'s text (and the `covers - 1` units after it, when the word is re-read whole). */
  | { kind: "replace"; unit: number; text: string; covers?: number }
  /** Put the units in this order. */
  | { kind: "reorder"; order: number[] }
  /** Nothing of the learner's answer can be kept for this part: say a reference answer. */
  | { kind: "reference" }
  | { kind: "none" };
