import { primaryFinding, type Finding, type Verdict } from "../evaluator/verdict.ts";
import { fill, type LanguagePack } from "./languagePack.ts";

/**
 * Turns a verdict into what the tutor says, in the learner's language: praise, or the one
 * main correction of this turn, with a tip when the mistake is typical of the learner's L1.
 */

function stableIndex(text: string, length: number): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return hash % length;
}

export function explainFinding(finding: Finding, pack: LanguagePack): string {
  const params = finding.params ?? {};
  return fill(pack.messages[finding.messageKey as keyof LanguagePack["messages"]] ?? finding.messageKey, {
    found: finding.found,
    expected: finding.expected,
    counter: params.counter ?? "",
    slot: params[`slot_${pack.lang}`] ?? "",
    explanation: params[pack.lang] ?? "",
  });
}

export function tipFor(finding: Finding | undefined, pack: LanguagePack): string | undefined {
  if (!finding) return undefined;
  return pack.l1Notes.find((note) => note.errorTypes.includes(finding.type))?.tip;
}

export interface FeedbackContext {
  /** True when attempts are used up and the tutor shows the answer. */
  revealed: boolean;
  /** The model answer shown when revealing. */
  answer: string;
}

export function renderFeedback(verdict: Verdict, pack: LanguagePack, context: FeedbackContext): string {
  const primary = primaryFinding(verdict.errors);
  const praise = pack.praise[stableIndex(verdict.normalized, pack.praise.length)]!;
  if (verdict.pass && !primary) return praise;
  const message = primary ? explainFinding(primary, pack) : "";
  const correction = verdict.correction ? fill(pack.ui["feedback.correction"], { correction: verdict.correction }) : "";
  if (verdict.pass) return join(fill(pack.ui["feedback.pass_with_note"], { praise, message }), correction);
  const tip = tipFor(primary, pack);
  const body = join(fill(pack.ui["feedback.fail"], { message }), context.revealed ? "" : correction, tip ?? "");
  return context.revealed ? join(body, fill(pack.ui["feedback.reveal"], { answer: context.answer })) : body;
}

function join(...parts: string[]): string {
  return parts.filter((part) => part.length > 0).join(" ");
}
