import { primaryFinding, type Finding, type Verdict } from "../evaluator/verdict.ts";
import type { LessonSummary, TurnOutcome } from "../lessons/lessonEngine.ts";
import { fill, type LanguagePack } from "./languagePack.ts";

/**
 * The one place where what the tutor says about an answer is worded, in the learner's
 * language: praise, or the one main correction of this turn with a tip when the mistake is
 * typical of the learner's L1; the answer when it is revealed or skipped; the LLM's own words
 * when its opinion decided the turn; the closing words of a lesson; the words around a review
 * of the learner's own mistakes. Evaluators return
 * verdicts and raw opinions, never text for the learner.
 */

export interface LlmFeedback {
  /** What the LLM wrote, as it wrote it. */
  text: string;
  /** Certain rule findings the LLM did not mention; their explanation is added. */
  unmentioned: readonly Finding[];
}

export interface FeedbackContext {
  /** What the turn led to: another try, the next activity, the answer shown, or a skip. */
  outcome: TurnOutcome | "skipped";
  /** The model answer, shown when revealing or skipping. */
  answer: string;
  /** The LLM's feedback, when its opinion decided the verdict. */
  llm?: LlmFeedback | undefined;
}

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
    particle: params.particle ?? "",
    slot: params[`slot_${pack.lang}`] ?? "",
    explanation: params[pack.lang] ?? "",
  });
}

export function tipFor(finding: Finding | undefined, pack: LanguagePack): string | undefined {
  if (!finding) return undefined;
  const matches = (note: LanguagePack["l1Notes"][number]) =>
    note.keys ? (note.keys as readonly string[]).includes(finding.messageKey) : note.errorTypes.includes(finding.type);
  return pack.l1Notes.find(matches)?.tip;
}

/** What the tutor says about one turn. */
export function composeFeedback(verdict: Verdict, pack: LanguagePack, context: FeedbackContext): string {
  if (context.outcome === "skipped") return fill(pack.ui["tutor.skipped"], { answer: context.answer });
  const revealed = context.outcome === "reveal";
  // When the answer is revealed the tutor's own words say so; the LLM does not know it is.
  if (context.llm?.text && !revealed) return join(context.llm.text, ...context.llm.unmentioned.map((finding) => explainFinding(finding, pack)));
  return fromRules(verdict, pack, revealed, context.answer);
}

/**
 * Praise only for a clean answer; a failed one gets its main correction ("instead of X, say
 * Y: why"), the whole corrected answer when the explanation does not already show it, and
 * the tip for this kind of mistake in the learner's language.
 */
function fromRules(verdict: Verdict, pack: LanguagePack, revealed: boolean, answer: string): string {
  const primary = primaryFinding(verdict.errors);
  if (verdict.pass && !primary) return pack.praise[stableIndex(verdict.normalized, pack.praise.length)]!;
  const message = primary ? explainFinding(primary, pack) : "";
  const shown = verdict.correction !== undefined && message.replace(/\s/g, "").includes(verdict.correction.replace(/\s/g, ""));
  const correction = verdict.correction && !shown && !revealed ? fill(pack.ui["feedback.correction"], { correction: verdict.correction }) : "";
  const body = join(fill(pack.ui["feedback.fail"], { message }), correction, tipFor(primary, pack) ?? "");
  return revealed ? join(body, fill(pack.ui["feedback.reveal"], { answer })) : body;
}

/** The tutor's closing words on a finished lesson. */
export function composeLessonDone(lessonTitle: string, summary: LessonSummary, pack: LanguagePack): string {
  return fill(pack.ui["tutor.lesson_done"], {
    lesson: lessonTitle,
    passed: summary.passed,
    total: summary.activities,
    score: summary.averageScore,
  });
}

/** The task of a review: what the learner said last time, then the activity's own task. */
export function composeReviewTask(said: string, task: string, pack: LanguagePack): string {
  return fill(pack.ui["review.prompt"], { said, task });
}

/** The tutor's words at the end of a run of reviews, or when none is due. */
export function composeReviewDone(passed: number, total: number, pack: LanguagePack): string {
  return total === 0 ? pack.ui["review.none"] : fill(pack.ui["review.done"], { passed, total });
}

/** The moderator's closing words to one player of a roleplay (domain/roleplay). */
export function composeRoleplayDone(summary: { lines: number; passed: number; averageScore: number }, pack: LanguagePack): string {
  return fill(pack.ui["roleplay.done"], { passed: summary.passed, total: summary.lines, score: summary.averageScore });
}

function join(...parts: string[]): string {
  return parts.filter((part) => part.length > 0).join(" ");
}
