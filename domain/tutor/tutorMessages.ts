import type { Verdict } from "../evaluator/verdict.ts";
import { composeFeedback, explainFinding, type LlmFeedback } from "../feedback/composeFeedback.ts";
import type { LanguagePack } from "../feedback/languagePack.ts";
import type { LearnerLang } from "../learners/learner.ts";
import { isPick, type Activity, type ActivityKind, type ErrorType, type Lesson } from "../lessons/lesson.ts";
import { MAX_ATTEMPTS, type LessonSummary, type Position, type TurnOutcome } from "../lessons/lessonEngine.ts";
import type { ReviewGrade } from "../review/reviewItem.ts";
import type { TutorErrorCode } from "./tutorErrors.ts";

/** Server -> learner tutor payloads (docs/protocol.md, "Tutor"); rooms/protocol.ts maps them to message names. */

export interface TutorPrompt {
  lessonId: string;
  stageId: string;
  activityId: string;
  kind: ActivityKind;
  /** Position in the lesson, 0-based, and the number of activities. */
  index: number;
  total: number;
  /** The tutor's line in Korean and in the learner's language; both "" for a listen activity, whose line is heard. */
  text: string;
  translation: string;
  /** What the learner is asked to do, in their language. */
  task: string;
  /** The options in Korean (choice activities). */
  choices?: string[];
  /** The options in the learner's language (choice and listen activities). */
  choiceTranslations?: string[];
  /** The sentence with its gap (fill activities). */
  sentence?: string;
  audioUrl?: string;
  attempt: number;
  maxAttempts: number;
  hints: number;
  /** Set when this is one of the learner's own mistakes brought back (docs/review.md); `index`/`total` then count the reviews. */
  review?: ReviewPrompt;
}

export interface ReviewPrompt {
  itemId: string;
  /** What the learner wrote last time (or the option they picked). */
  said: string;
}

/** How a review went, on its feedback. */
export interface ReviewResult {
  itemId: string;
  grade: ReviewGrade;
  /** When the item is due again. */
  due: string;
  /** Whole days until then. */
  days: number;
}

/** The end of a run of reviews (or that none is due). */
export interface TutorReviewDone {
  reviewed: number;
  passed: number;
  feedback: string;
  /** When the next item falls due, if any is scheduled. */
  nextDue?: string;
}

export interface FeedbackError {
  type: ErrorType;
  span: { start: number; end: number };
  found: string;
  expected: string;
  message: string;
}

export interface TutorFeedback {
  activityId: string;
  score: number;
  pass: boolean;
  errorType: ErrorType;
  errors: FeedbackError[];
  feedback: string;
  correction?: string;
  audioUrl?: string;
  provider: string;
  latencyMs: number;
  /** What happens next: try again, the next activity, or (attempts used up) the answer shown. */
  outcome: TurnOutcome | "skipped";
  attemptsLeft: number;
  /** The model answer, when the tutor reveals it. */
  answer?: string;
  /** What the server heard, for spoken answers. */
  transcript?: string;
  /** A listen activity's line, heard until now, in Korean and in the learner's language. */
  line?: string;
  lineTranslation?: string;
  review?: ReviewResult;
}

export interface TutorHint {
  activityId: string;
  /** The Korean snippet; "" when no hint is left. */
  ko: string;
  /** The hint in the learner's language, or that none is left. */
  text: string;
  remaining: number;
}

export interface TutorBusy {
  activityId: string;
  message: string;
}

export interface TutorDone {
  lessonId: string;
  summary: LessonSummary;
  feedback: string;
}

export interface TutorError {
  code: TutorErrorCode;
  message: string;
}

export function promptFor(lesson: Lesson, position: Position, lang: LearnerLang, attempts: number): TutorPrompt {
  const { activity, stage } = position;
  const heard = activity.kind === "listen";
  const prompt: TutorPrompt = {
    lessonId: lesson.id,
    stageId: stage.id,
    activityId: activity.id,
    kind: activity.kind,
    index: position.index,
    total: position.total,
    text: heard ? "" : activity.tutor.text,
    translation: heard ? "" : activity.tutor.translations[lang],
    task: activity.task[lang],
    attempt: attempts + 1,
    maxAttempts: MAX_ATTEMPTS,
    hints: activity.hints.length,
  };
  // A listen activity's Korean options would turn listening into reading: only their meanings go out.
  if (activity.kind === "choice") prompt.choices = activity.choices.map((c) => c.text);
  if (isPick(activity)) prompt.choiceTranslations = activity.choices.map((c) => c.translations[lang]);
  if (activity.kind === "fill") prompt.sentence = activity.sentence;
  return prompt;
}

/**
 * A listen prompt as it goes out when there is no audio for it (no voice, or none in time):
 * the line to read instead, and a task saying so. Its translation stays hidden, as it is the answer.
 */
export function unheardPrompt(prompt: TutorPrompt, activity: Activity, pack: LanguagePack): TutorPrompt {
  return { ...prompt, text: activity.tutor.text, task: pack.ui["tutor.listen_unavailable"] };
}

/** The line of a listen activity, for the feedback once the learner has answered. */
export function heardLine(activity: Activity, lang: LearnerLang): FeedbackTurn["line"] {
  return activity.kind === "listen" ? { text: activity.tutor.text, translation: activity.tutor.translations[lang] } : undefined;
}

export function feedbackErrors(verdict: Verdict, pack: LanguagePack): FeedbackError[] {
  return verdict.errors.map((finding) => ({
    type: finding.type,
    span: finding.span,
    found: finding.found,
    expected: finding.expected,
    message: explainFinding(finding, pack),
  }));
}

/** One turn as the learner is told about it. */
export interface FeedbackTurn {
  activityId: string;
  verdict: Verdict;
  outcome: TutorFeedback["outcome"];
  attemptsLeft: number;
  provider: string;
  latencyMs: number;
  /** The activity's model answer; sent when it is revealed or skipped. */
  answer: string;
  llm?: LlmFeedback | undefined;
  transcript?: string | undefined;
  audioUrl?: string | undefined;
  /** A listen activity's line (heardLine). */
  line?: { text: string; translation: string } | undefined;
}

/** The `tutor:feedback` payload of every turn, evaluated or skipped. */
export function feedbackPayload(turn: FeedbackTurn, pack: LanguagePack): TutorFeedback {
  const { verdict, outcome } = turn;
  const shown = outcome === "reveal" || outcome === "skipped";
  return {
    activityId: turn.activityId,
    score: verdict.score,
    pass: verdict.pass,
    errorType: verdict.errorType,
    errors: feedbackErrors(verdict, pack),
    feedback: composeFeedback(verdict, pack, { outcome, answer: turn.answer, llm: turn.llm }),
    ...(verdict.correction ? { correction: verdict.correction } : {}),
    provider: turn.provider,
    latencyMs: turn.latencyMs,
    outcome,
    attemptsLeft: turn.attemptsLeft,
    ...(shown ? { answer: turn.answer } : {}),
    ...(turn.transcript !== undefined ? { transcript: turn.transcript } : {}),
    ...(turn.audioUrl ? { audioUrl: turn.audioUrl } : {}),
    ...(turn.line ? { line: turn.line.text, lineTranslation: turn.line.translation } : {}),
  };
}

/** A skipped activity, as a verdict: nothing scored, nothing found. */
export const SKIPPED: Verdict = { score: 0, pass: false, errorType: "none", errors: [], confidence: 1, normalized: "" };
