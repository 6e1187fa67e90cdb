import type { Verdict } from "../evaluator/verdict.ts";
import type { LanguagePack } from "../feedback/languagePack.ts";
import { explainFinding } from "../feedback/renderFeedback.ts";
import type { LearnerLang } from "../learners/learner.ts";
import type { ErrorType, Lesson } from "../lessons/lesson.ts";
import { MAX_ATTEMPTS, type LessonSummary, type Position, type TurnOutcome } from "../lessons/lessonEngine.ts";

/** Server -> learner tutor payloads (docs/protocol.md, "Tutor"). */

export interface TutorPrompt {
  lessonId: string;
  stageId: string;
  activityId: string;
  kind: "dialogue" | "choice" | "repeat";
  /** Position in the lesson, 0-based, and the number of activities. */
  index: number;
  total: number;
  /** The tutor's line in Korean and in the learner's language. */
  text: string;
  translation: string;
  /** What the learner is asked to do, in their language. */
  task: string;
  choices?: string[];
  choiceTranslations?: string[];
  audioUrl?: string;
  attempt: number;
  maxAttempts: number;
  hints: number;
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
}

export interface TutorDone {
  lessonId: string;
  summary: LessonSummary;
  feedback: string;
}

export function promptFor(lesson: Lesson, position: Position, lang: LearnerLang, attempts: number): TutorPrompt {
  const { activity, stage } = position;
  const prompt: TutorPrompt = {
    lessonId: lesson.id,
    stageId: stage.id,
    activityId: activity.id,
    kind: activity.kind,
    index: position.index,
    total: position.total,
    text: activity.tutor.text,
    translation: activity.tutor.translations[lang],
    task: activity.task[lang],
    attempt: attempts + 1,
    maxAttempts: MAX_ATTEMPTS,
    hints: activity.hints.length,
  };
  if (activity.kind === "choice") {
    prompt.choices = activity.choices.map((c) => c.text);
    prompt.choiceTranslations = activity.choices.map((c) => c.translations[lang]);
  }
  return prompt;
}

export function modelAnswer(position: Position): string {
  const { activity } = position;
  return activity.kind === "choice" ? activity.choices.find((c) => c.correct)!.text : activity.answers[0]!;
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
