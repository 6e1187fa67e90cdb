import type { Answer } from "../evaluator/evaluateAnswer.ts";
import type { Verdict } from "../evaluator/verdict.ts";
import { composeReviewDone, composeReviewTask } from "../feedback/composeFeedback.ts";
import { activitiesOf, isPick, modelAnswer, type Activity, type Lesson } from "../lessons/lesson.ts";
import type { Position } from "../lessons/lessonEngine.ts";
import {
  afterTurn,
  daysUntilDue,
  dueItems,
  grade,
  gradeOf,
  nextDue,
  REVIEWS_BEFORE_LESSON,
  withItem,
  type FailedTurn,
  type ReviewGrade,
  type ReviewItem,
} from "../review/reviewItem.ts";
import { TutorErrorCode } from "./tutorErrors.ts";
import { feedbackPayload, heardLine, promptFor, SKIPPED, unheardPrompt, type TutorFeedback, type TutorPrompt } from "./tutorMessages.ts";
import {
  TutorStateError,
  type Evaluation,
  type LessonView,
  type ReviewRun,
  type TutorContext,
  type TutorWait,
  type WaitOutcome,
} from "./tutorSession.ts";
import type { StepBuilder } from "./tutorSteps.ts";

/**
 * The tutor's half of review (domain/review/ decides the schedule): which of the learner's
 * items come back in this scene, asking each once as its activity asked it (judged by the same
 * evaluator), grading it by the answer, and turning failed lesson turns into items. tutorCore.ts
 * calls in here while a run of reviews is under way, and picks up what follows it.
 */

export interface Located {
  lesson: Lesson;
  position: Position;
}

/** Where an item's activity is, if it is in a lesson of this scene (content may have moved on). */
export function locate(ctx: TutorContext, item: ReviewItem): Located | undefined {
  const lesson = ctx.catalog.lessons.get(item.lessonId);
  if (!lesson || lesson.scene !== ctx.scene.name) return undefined;
  const activities = activitiesOf(lesson);
  const entry = activities.find(({ activity }) => activity.id === item.activityId);
  return entry ? { lesson, position: { ...entry, total: activities.length } } : undefined;
}

/**
 * Begins a run of the due items of this scene (at most three), to be followed by `then`.
 * False when none is due.
 */
export function startReviews(b: StepBuilder, then: ReviewRun["then"]): boolean {
  const here = (b.session.reviews ?? []).filter((item) => locate(b.ctx, item));
  const due = dueItems(here, b.ctx.clock.now(), REVIEWS_BEFORE_LESSON);
  if (due.length === 0) return false;
  b.update({ review: { items: due, index: 0, passed: 0, then } });
  askReview(b);
  return true;
}

/** The item asked now, with its activity. */
function asked(b: StepBuilder): { run: ReviewRun; item: ReviewItem } & Located {
  const run = b.session.review;
  const item = run?.items[run.index];
  const located = item && locate(b.ctx, item);
  if (!run || !item || !located) throw new TutorStateError("no review is being asked");
  return { run, item, ...located };
}

/** Shows the current review: the activity as it was asked, its task saying what the learner said last time. */
export function askReview(b: StepBuilder): void {
  const { run, item, lesson, position } = asked(b);
  const { activity } = position;
  const { lang, sessionId } = b.session.learner;
  const base = promptFor(lesson, position, lang, 0);
  const next = {
    ...base,
    index: run.index,
    total: run.items.length,
    task: composeReviewTask(item.answer, base.task, b.pack()),
    maxAttempts: 1,
    hints: 0,
    review: { itemId: item.id, said: item.answer },
  };
  b.enter("prompting");
  b.update({ prompted: activity.id });
  b.emit({ kind: "view", patch: viewOf(lesson, activity, next) });
  b.emit({ kind: "npc", change: { talkingTo: sessionId, line: next.text, anim: "talk" } });
  const unheard = activity.kind === "listen" ? unheardPrompt(next, activity, b.pack()) : undefined;
  b.emit({ kind: "prompt", prompt: next, line: activity.tutor.text, unheard });
}

/** The learner's lesson view of a review prompt: no attempts or hints beyond this one. */
function viewOf(lesson: Lesson, activity: Activity, next: TutorPrompt): Partial<LessonView> {
  return {
    lessonId: lesson.id,
    lessonTitle: lesson.title.ko,
    stageId: next.stageId,
    activityId: next.activityId,
    kind: next.kind,
    index: next.index,
    total: next.total,
    line: next.text,
    translation: next.translation,
    task: next.task,
    attempts: 0,
    maxAttempts: 1,
    hintsUsed: 0,
    hintsTotal: 0,
    audioUrl: "",
    choices: (activity.kind === "listen" ? next.choiceTranslations : next.choices) ?? [],
    sentence: next.sentence ?? "",
  };
}

/** An answer to the review asked now. */
export function submitReview(b: StepBuilder, submission: Answer | { audioId: string }): void {
  const { position } = asked(b);
  const wantsChoice = isPick(position.activity);
  if (wantsChoice !== "choice" in submission) {
    b.error(wantsChoice ? TutorErrorCode.CHOOSE_OPTION : TutorErrorCode.TYPE_ANSWER);
    return;
  }
  const turn = b.session.turn + 1;
  if ("audioId" in submission) {
    b.update({ turn, wait: { kind: "hearing", activityId: position.activity.id } });
    b.enter("evaluating");
    b.emit({ kind: "hear", turn, audioId: submission.audioId });
    return;
  }
  b.update({ turn });
  evaluateReview(b, submission, undefined);
}

/** Sends the answer (typed, picked, or heard) to the evaluator. */
export function evaluateReview(b: StepBuilder, answer: Answer, transcript: string | undefined): void {
  const { item, lesson, position } = asked(b);
  const activityId = position.activity.id;
  b.update({ wait: { kind: "reviewing", itemId: item.id, activityId, answer, receivedAt: b.ctx.clock.monotonicMs(), transcript } });
  b.enter("evaluating");
  b.emit({ kind: "npc", change: { anim: "listen" } });
  b.emit({ kind: "evaluate", turn: b.session.turn, lesson, activity: position.activity, answer });
}

type Reviewing = Extract<TutorWait, { kind: "reviewing" }>;

/**
 * The evaluator's verdict on a review: the item is graded and stored, the learner told, and
 * the next review asked. True once the run is over (tutorCore.ts goes on from there).
 */
export function reviewed(b: StepBuilder, wait: Reviewing, outcome: WaitOutcome): boolean {
  if (outcome.kind === "failed") {
    b.update({ wait: undefined });
    b.emit({ kind: "account", eventId: null });
    b.emit({ kind: "fail" });
    b.enter("prompting");
    return false;
  }
  if (outcome.kind !== "evaluated") throw new TutorStateError(`a "${outcome.kind}" result while reviewing`);
  const { evaluation } = outcome;
  const { verdict } = evaluation;
  const { item, position } = asked(b);
  const result = gradeOf(verdict.pass, verdict.score);
  const missed = verdict.pass ? undefined : failedTurn(b, item.lessonId, position.activity, wait.answer, verdict);
  const graded = grade(missed ? { ...item, ...mistakeOf(missed) } : item, result, b.ctx.clock.now());
  const feedback = reviewFeedback(b, wait, evaluation, position.activity);
  b.emit({ kind: "measure", seconds: feedback.latencyMs / 1000, provider: evaluation.provider, outcome: feedback.outcome === "reveal" ? "reveal" : "advance" });
  const eventId = b.record("evaluation", position.activity.id, {
    userInput: said(position.activity, wait.answer),
    tutorResponse: feedback.feedback,
    score: verdict.score,
    passFail: verdict.pass,
    primaryErrorType: verdict.errorType,
    provider: evaluation.provider,
    modelId: evaluation.modelId,
    latencyMs: feedback.latencyMs,
    metadata: { review: item.id, grade: result, due: graded.card.due, transcript: wait.transcript ?? null },
  });
  b.emit({ kind: "account", eventId });
  // The learner hears the correction, or the answer on a miss, as after a lesson turn.
  const heard = verdict.pass ? verdict.correction : modelAnswer(position.activity);
  if (!heard) return conclude(b, graded, result, feedback);
  b.update({ wait: { kind: "reviewSpeaking", graded, grade: result, feedback } });
  b.emit({ kind: "speak", turn: b.session.turn, text: heard });
  return false;
}

/** The feedback on a review: one attempt, so a miss shows the answer. */
function reviewFeedback(b: StepBuilder, wait: Reviewing, evaluation: Evaluation, activity: Activity): TutorFeedback {
  const { verdict } = evaluation;
  return feedbackPayload(
    {
      activityId: activity.id,
      verdict,
      outcome: verdict.pass ? "advance" : "reveal",
      attemptsLeft: 0,
      provider: evaluation.provider,
      latencyMs: Math.round(b.ctx.clock.monotonicMs() - wait.receivedAt),
      answer: modelAnswer(activity),
      llm: evaluation.feedback ? { text: evaluation.feedback, unmentioned: evaluation.unmentioned ?? [] } : undefined,
      transcript: wait.transcript,
      line: heardLine(activity, b.session.learner.lang),
    },
    b.pack(),
  );
}

type ReviewSpeaking = Extract<TutorWait, { kind: "reviewSpeaking" }>;

/** The review's spoken correction is ready (or none came in time): the feedback goes out. True once the run is over. */
export function reviewSpoken(b: StepBuilder, wait: ReviewSpeaking, outcome: WaitOutcome): boolean {
  if (outcome.kind !== "spoken" && outcome.kind !== "failed") throw new TutorStateError(`a "${outcome.kind}" result while speaking a review`);
  const audioUrl = outcome.kind === "spoken" ? outcome.audioUrl : undefined;
  return conclude(b, wait.graded, wait.grade, audioUrl ? { ...wait.feedback, audioUrl } : wait.feedback);
}

/** Skipping a review counts as missing it. True once the run is over. */
export function skipReview(b: StepBuilder): boolean {
  const { item, position } = asked(b);
  const graded = grade(item, "again", b.ctx.clock.now());
  const feedback = feedbackPayload(
    {
      activityId: position.activity.id,
      verdict: SKIPPED,
      outcome: "skipped",
      attemptsLeft: 0,
      provider: "rules",
      latencyMs: 0,
      answer: modelAnswer(position.activity),
      line: heardLine(position.activity, b.session.learner.lang),
    },
    b.pack(),
  );
  b.record("skip", position.activity.id, { tutorResponse: feedback.feedback, metadata: { review: item.id, grade: "again", due: graded.card.due } });
  return conclude(b, graded, "again", feedback);
}

/** Stores the graded item, tells the learner, and asks the next review or ends the run. */
function conclude(b: StepBuilder, graded: ReviewItem, result: ReviewGrade, feedback: TutorFeedback): boolean {
  const { run } = asked(b);
  const now = b.ctx.clock.now();
  const passed = run.passed + (result === "again" ? 0 : 1);
  const reviews = withItem(b.session.reviews ?? [], graded);
  b.update({ wait: undefined, reviews, review: { ...run, index: run.index + 1, passed } });
  b.emit({ kind: "review", item: graded });
  const review = { itemId: graded.id, grade: result, due: graded.card.due, days: daysUntilDue(graded, now) };
  b.emit({ kind: "send", message: { type: "tutor:feedback", payload: { ...feedback, review } } });
  b.emit({
    kind: "view",
    patch: { lastScore: feedback.score, lastPass: feedback.pass, lastErrorType: feedback.errorType, lastFeedback: feedback.feedback, lastCorrection: feedback.correction ?? "" },
  });
  b.emit({ kind: "npc", change: { anim: feedback.pass ? "nod" : "explain" } });
  if (run.index + 1 < run.items.length) {
    askReview(b);
    return false;
  }
  reviewsDone(b, run.items.length, passed);
  return true;
}

/** Tells the learner how the run went (or that nothing is due), with when the next item falls due. */
export function reviewsDone(b: StepBuilder, total: number, passed: number): void {
  const next = nextDue(b.session.reviews ?? []);
  const feedback = composeReviewDone(passed, total, b.pack());
  b.emit({ kind: "send", message: { type: "tutor:review_done", payload: { reviewed: total, passed, feedback, ...(next ? { nextDue: next } : {}) } } });
}

/** No hints in a review: it asks what the learner should now know. */
export function reviewHint(b: StepBuilder): void {
  const { position } = asked(b);
  const text = b.ui("tutor.no_more_hints");
  b.emit({ kind: "send", message: { type: "tutor:hint", payload: { activityId: position.activity.id, ko: "", text, remaining: 0 } } });
}

/**
 * A judged turn in a lesson: a failed one becomes a review item (or refreshes the learner's
 * item for that activity), and either grades an item the learner already has (reviewItem.ts).
 */
export function noteTurn(b: StepBuilder, lesson: Lesson, activity: Activity, answer: Answer, verdict: Verdict): void {
  const reviews = b.session.reviews;
  if (!reviews) return;
  const failed = verdict.pass ? undefined : failedTurn(b, lesson.id, activity, answer, verdict);
  const item = afterTurn(reviews, { activityId: activity.id, pass: verdict.pass, score: verdict.score, failed }, b.ctx.clock.now(), () => b.ctx.newId());
  if (!item) return;
  b.update({ reviews: withItem(reviews, item) });
  b.emit({ kind: "review", item });
}

function failedTurn(b: StepBuilder, lessonId: string, activity: Activity, answer: Answer, verdict: Verdict): FailedTurn {
  return failedTurnOf(b.session.learner.userId, lessonId, activity, said(activity, answer), verdict);
}

/** A missed turn as its review item remembers it: what was said, and the evaluator's correction or else the model answer. */
export function failedTurnOf(userId: string, lessonId: string, activity: Activity, answer: string, verdict: Verdict): FailedTurn {
  return { userId, lessonId, activityId: activity.id, errorType: verdict.errorType, answer, correction: verdict.correction ?? modelAnswer(activity) };
}

function mistakeOf(turn: FailedTurn): Pick<ReviewItem, "errorType" | "answer" | "correction"> {
  return { errorType: turn.errorType, answer: turn.answer, correction: turn.correction };
}

/** What the learner said: their text, or the option they picked (in Korean). */
function said(activity: Activity, answer: Answer): string {
  if ("text" in answer) return answer.text;
  return isPick(activity) ? (activity.choices[answer.choice]?.text ?? String(answer.choice)) : String(answer.choice);
}
