import type { Answer } from "../evaluator/evaluateAnswer.ts";
import { toJson } from "../json.ts";
import { isPick, modelAnswer, type Lesson } from "../lessons/lesson.ts";
import {
  applyVerdict,
  positionOf,
  resumeLesson,
  skipActivity,
  takeHint,
  type Position,
  type SavedProgress,
} from "../lessons/lessonEngine.ts";
import { TutorErrorCode } from "./tutorErrors.ts";
import { feedbackPayload, heardLine, SKIPPED, type TutorFeedback, type TutorPrompt } from "./tutorMessages.ts";
import {
  TutorStateError,
  type TutorContext,
  type TutorEffect,
  type TutorSession,
  type TutorStep,
  type TutorWait,
  type WaitOutcome,
} from "./tutorSession.ts";
import {
  askReview,
  evaluateReview,
  noteTurn,
  reviewed,
  reviewHint,
  reviewsDone,
  reviewSpoken,
  skipReview,
  startReviews,
  submitReview,
} from "./tutorReview.ts";
import { afterTurn, current, prompt, refuseIfBusy, save, StepBuilder } from "./tutorSteps.ts";

/**
 * The NPC tutor's rules for one learner, as pure functions: each operation takes the
 * session and returns the next one with the effects to carry out (rooms/TutorAdapter.ts does
 * that). Work that takes time (loading progress, hearing a recording, evaluating, finding the
 * correction's audio) is an effect carrying the session's turn; its result comes back through
 * resolve(), which ignores results for a turn that is over. Only this module decides when
 * the learner is busy and what their lesson status is.
 */

/**
 * Starts `lessonId` (by default the one named when joining, else the scene's), or shows the
 * current prompt again if that lesson is running.
 */
export function start(ctx: TutorContext, session: TutorSession, lessonId?: string): TutorStep {
  const b = new StepBuilder(ctx, session);
  if (refuseIfBusy(b)) return b.step();
  b.emit({ kind: "show" });
  if (session.review) {
    askReview(b);
    return b.step();
  }
  const named = lessonId ?? session.learner.lessonId;
  const lesson = ctx.catalog.lessons.get(named ?? ctx.scene.lessonId ?? "");
  if (!lesson || lesson.scene !== ctx.scene.name) {
    b.error(named ? TutorErrorCode.UNKNOWN_LESSON : TutorErrorCode.NO_LESSON);
    return b.step();
  }
  if (session.lesson?.id === lesson.id && session.progress?.status === "in_progress") {
    prompt(b);
    return b.step();
  }
  const turn = session.turn + 1;
  b.update({ turn, wait: { kind: "loading", lesson } });
  b.emit({ kind: "load", turn, lessonId: lesson.id });
  return b.step();
}

/** A typed answer, a chosen option, or a recording uploaded over HTTP. */
export type Submission = Answer | { audioId: string };

export function submit(ctx: TutorContext, session: TutorSession, submission: Submission): TutorStep {
  const b = new StepBuilder(ctx, session);
  if (session.review) {
    if (!refuseIfBusy(b)) submitReview(b, submission);
    return b.step();
  }
  const now = current(b);
  if (!now || refuseIfBusy(b)) return b.step();
  const wantsChoice = isPick(now.position.activity);
  const isChoice = "choice" in submission;
  if (wantsChoice !== isChoice) {
    b.error(wantsChoice ? TutorErrorCode.CHOOSE_OPTION : TutorErrorCode.TYPE_ANSWER);
    return b.step();
  }
  const turn = session.turn + 1;
  if ("audioId" in submission) {
    b.update({ turn, wait: { kind: "hearing", activityId: now.position.activity.id } });
    b.enter("evaluating");
    b.emit({ kind: "hear", turn, audioId: submission.audioId });
  } else {
    b.update({ turn });
    evaluate(b, now.lesson, now.position, submission, undefined);
  }
  return b.step();
}

function evaluate(b: StepBuilder, lesson: Lesson, position: Position, answer: Answer, transcript: string | undefined): void {
  const activityId = position.activity.id;
  b.update({ wait: { kind: "evaluating", activityId, answer, receivedAt: b.ctx.clock.monotonicMs(), transcript } });
  b.enter("evaluating");
  b.emit({ kind: "npc", change: { anim: "listen" } });
  b.emit({ kind: "evaluate", turn: b.session.turn, lesson, activity: position.activity, answer });
}

/** The result of the work an effect of `turn` asked for. */
export function resolve(ctx: TutorContext, session: TutorSession, turn: number, outcome: WaitOutcome): TutorStep {
  const b = new StepBuilder(ctx, session);
  const wait = session.wait;
  if (turn !== session.turn || !wait) return b.step();
  if (wait.kind === "loading") loaded(b, wait.lesson, outcome);
  else if (wait.kind === "hearing") heard(b, outcome);
  else if (wait.kind === "evaluating") evaluated(b, wait, outcome);
  else if (wait.kind === "recalling") recalled(b, outcome);
  else if (wait.kind === "reviewing") {
    if (reviewed(b, wait, outcome)) afterReviews(b);
  } else if (wait.kind === "reviewSpeaking") {
    if (reviewSpoken(b, wait, outcome)) afterReviews(b);
  } else spoken(b, wait, outcome);
  return b.step();
}

function mismatch(wait: TutorWait["kind"], outcome: WaitOutcome): TutorStateError {
  return new TutorStateError(`a "${outcome.kind}" result while ${wait}`);
}

function loaded(b: StepBuilder, lesson: Lesson, outcome: WaitOutcome): void {
  if (outcome.kind === "failed") {
    b.update({ wait: undefined });
    b.error(TutorErrorCode.UNAVAILABLE);
    return;
  }
  if (outcome.kind !== "loaded") throw mismatch("loading", outcome);
  b.update({ wait: undefined, reviews: outcome.reviews ?? b.session.reviews });
  // Due reviews come first; the lesson begins after them.
  if (!startReviews(b, { kind: "begin", lesson, saved: outcome.saved })) begin(b, lesson, outcome.saved);
}

/** The learner's review items, read for `tutor:review`: the due ones are asked, then the lesson under way goes on. */
function recalled(b: StepBuilder, outcome: WaitOutcome): void {
  if (outcome.kind === "failed") {
    b.update({ wait: undefined });
    b.error(TutorErrorCode.UNAVAILABLE);
    return;
  }
  if (outcome.kind !== "recalled") throw mismatch("recalling", outcome);
  b.update({ wait: undefined, reviews: outcome.reviews });
  const { lesson, progress } = b.session;
  const resumes = lesson !== undefined && progress?.status === "in_progress";
  if (!startReviews(b, resumes ? { kind: "resume" } : { kind: "idle" })) reviewsDone(b, 0, 0);
}

/** After the last review: the lesson that was being started, the one under way, or nothing. */
function afterReviews(b: StepBuilder): void {
  const then = b.session.review?.then;
  b.update({ review: undefined });
  if (then?.kind === "begin") begin(b, then.lesson, then.saved);
  else if (then?.kind === "resume") prompt(b);
  else b.enter("idle");
}

function begin(b: StepBuilder, lesson: Lesson, saved: SavedProgress | undefined): void {
  const progress = resumeLesson(lesson, saved);
  const resumed = saved !== undefined && saved.status !== "completed";
  b.update({ wait: undefined, lesson, progress });
  b.emit({ kind: "view", patch: { lessonId: lesson.id, lessonTitle: lesson.title.ko } });
  b.record(resumed ? "lesson_resume" : "lesson_start", positionOf(lesson, progress)?.activity.id ?? null, {
    metadata: { index: progress.index },
  });
  save(b);
  prompt(b);
}

function heard(b: StepBuilder, outcome: WaitOutcome): void {
  if (outcome.kind === "heard" && b.session.review) {
    evaluateReview(b, { text: outcome.text, spoken: true }, outcome.text);
    return;
  }
  if (outcome.kind === "heard") {
    const { lesson, progress } = b.session;
    const position = lesson && progress ? positionOf(lesson, progress) : undefined;
    if (!lesson || !position) throw new TutorStateError("heard an answer with no current activity");
    evaluate(b, lesson, position, { text: outcome.text, spoken: true }, outcome.text);
    return;
  }
  if (outcome.kind !== "not_heard" && outcome.kind !== "failed") throw mismatch("hearing", outcome);
  b.update({ wait: undefined });
  b.emit({ kind: "account", eventId: null });
  b.error(outcome.kind === "failed" ? TutorErrorCode.VOICE_UNAVAILABLE : outcome.failure);
  b.enter("prompting");
}

function evaluated(b: StepBuilder, wait: Extract<TutorWait, { kind: "evaluating" }>, outcome: WaitOutcome): void {
  if (outcome.kind === "failed") {
    b.update({ wait: undefined });
    b.emit({ kind: "account", eventId: null });
    b.emit({ kind: "fail" });
    b.enter("prompting");
    return;
  }
  if (outcome.kind !== "evaluated") throw mismatch("evaluating", outcome);
  const { lesson, progress } = b.session;
  const position = lesson && progress ? positionOf(lesson, progress) : undefined;
  if (!lesson || !progress || position?.activity.id !== wait.activityId) throw new TutorStateError("an evaluation for another activity");
  const result = applyVerdict(lesson, progress, outcome.evaluation.verdict);
  const speaking = { ...wait, kind: "speaking" as const, evaluation: outcome.evaluation, result, position, attempt: progress.attempts + 1 };
  b.update({ progress: result.progress, wait: speaking });
  // The learner hears the correction, or the answer once it is revealed.
  const said = result.outcome === "reveal" ? modelAnswer(position.activity) : outcome.evaluation.verdict.correction;
  if (said) b.emit({ kind: "speak", turn: b.session.turn, text: said });
  else tell(b, speaking, undefined);
}

type Speaking = Extract<TutorWait, { kind: "speaking" }>;

function spoken(b: StepBuilder, wait: Speaking, outcome: WaitOutcome): void {
  if (outcome.kind === "spoken") tell(b, wait, outcome.audioUrl);
  else if (outcome.kind === "failed") tell(b, wait, undefined);
  else throw mismatch("speaking", outcome);
}

/** Tells the learner how the turn went, stores it, and moves on. */
function tell(b: StepBuilder, wait: Speaking, audioUrl: string | undefined): void {
  const { evaluation, result, position } = wait;
  const elapsedMs = b.ctx.clock.monotonicMs() - wait.receivedAt;
  const feedback = feedbackPayload(
    {
      activityId: position.activity.id,
      verdict: evaluation.verdict,
      outcome: result.outcome,
      attemptsLeft: result.attemptsLeft,
      provider: evaluation.provider,
      latencyMs: Math.round(elapsedMs),
      answer: modelAnswer(position.activity),
      llm: evaluation.feedback ? { text: evaluation.feedback, unmentioned: evaluation.unmentioned ?? [] } : undefined,
      transcript: wait.transcript,
      audioUrl,
      line: heardLine(position.activity, b.session.learner.lang),
    },
    b.pack(),
  );
  b.update({ wait: undefined });
  b.emit({ kind: "send", message: { type: "tutor:feedback", payload: feedback } });
  b.emit({ kind: "measure", seconds: elapsedMs / 1000, provider: evaluation.provider, outcome: result.outcome });
  mirror(b, feedback);
  const eventId = recordEvaluation(b, wait, feedback);
  // After the event: the AI calls' rows refer to it.
  b.emit({ kind: "account", eventId });
  const { lesson } = b.session;
  if (lesson) noteTurn(b, lesson, position.activity, wait.answer, evaluation.verdict);
  afterTurn(b);
}

/** The feedback in the learner's view (so a reconnecting client shows it) and on the NPC. */
function mirror(b: StepBuilder, feedback: TutorFeedback): void {
  b.emit({
    kind: "view",
    patch: {
      lastScore: feedback.score,
      lastPass: feedback.pass,
      lastErrorType: feedback.errorType,
      lastFeedback: feedback.feedback,
      lastCorrection: feedback.correction ?? "",
      attempts: b.session.progress?.attempts ?? 0,
    },
  });
  b.emit({ kind: "npc", change: { anim: feedback.pass ? "nod" : "explain" } });
}

function recordEvaluation(b: StepBuilder, wait: Speaking, feedback: TutorFeedback): string {
  const { evaluation, result, answer } = wait;
  return b.record("evaluation", wait.position.activity.id, {
    userInput: "text" in answer ? answer.text : String(answer.choice),
    tutorResponse: feedback.feedback,
    score: feedback.score,
    passFail: feedback.pass,
    primaryErrorType: feedback.errorType,
    provider: evaluation.provider,
    modelId: evaluation.modelId,
    latencyMs: feedback.latencyMs,
    detail: toJson({ ...evaluation.verdict, fallbackReason: evaluation.fallbackReason ?? null }),
    metadata: {
      attempt: wait.attempt,
      outcome: result.outcome,
      evaluatorMs: Math.round(evaluation.evaluatorMs),
      transcript: wait.transcript ?? null,
      // For the operator console: how often the LLM is asked, and how often it agrees with the rules.
      llmAsked: evaluation.llmAsked ?? false,
      rulesPass: evaluation.rulesPass ?? evaluation.verdict.pass,
    },
  });
}

/** The next hint of the current activity (asking counts as using it). */
export function hint(ctx: TutorContext, session: TutorSession): TutorStep {
  const b = new StepBuilder(ctx, session);
  if (session.review) {
    reviewHint(b);
    return b.step();
  }
  const now = current(b);
  if (!now) return b.step();
  const taken = takeHint(now.lesson, now.progress);
  b.update({ progress: taken.progress });
  b.emit({ kind: "view", patch: { hintsUsed: taken.progress.hints } });
  const text = taken.hint ? taken.hint[session.learner.lang] : b.ui("tutor.no_more_hints");
  const activityId = now.position.activity.id;
  b.emit({ kind: "send", message: { type: "tutor:hint", payload: { activityId, ko: taken.hint?.ko ?? "", text, remaining: taken.remaining } } });
  b.record("hint", activityId, { tutorResponse: text });
  save(b);
  return b.step();
}

/** The current prompt again. */
export function repeat(ctx: TutorContext, session: TutorSession): TutorStep {
  const b = new StepBuilder(ctx, session);
  if (session.review) {
    b.record("repeat", session.prompted);
    askReview(b);
    return b.step();
  }
  if (!current(b)) return b.step();
  b.record("repeat", session.prompted);
  prompt(b);
  return b.step();
}

/** Gives up the current activity: the answer is shown and the lesson moves on. */
export function skip(ctx: TutorContext, session: TutorSession): TutorStep {
  const b = new StepBuilder(ctx, session);
  if (session.review) {
    if (!refuseIfBusy(b) && skipReview(b)) afterReviews(b);
    return b.step();
  }
  const now = current(b);
  if (!now || refuseIfBusy(b)) return b.step();
  const { activity } = now.position;
  b.update({ progress: skipActivity(now.lesson, now.progress) });
  const feedback = feedbackPayload(
    {
      activityId: activity.id,
      verdict: SKIPPED,
      outcome: "skipped",
      attemptsLeft: 0,
      provider: "rules",
      latencyMs: 0,
      answer: modelAnswer(activity),
      line: heardLine(activity, session.learner.lang),
    },
    b.pack(),
  );
  b.emit({ kind: "send", message: { type: "tutor:feedback", payload: feedback } });
  b.record("skip", activity.id, { tutorResponse: feedback.feedback });
  afterTurn(b);
  return b.step();
}

/**
 * `tutor:review`: the learner's due items now (up to three), then back to the lesson under
 * way, if any; with none due, the learner is told so.
 */
export function review(ctx: TutorContext, session: TutorSession): TutorStep {
  const b = new StepBuilder(ctx, session);
  if (refuseIfBusy(b)) return b.step();
  b.emit({ kind: "show" });
  if (session.review) {
    askReview(b);
    return b.step();
  }
  const turn = session.turn + 1;
  b.update({ turn, wait: { kind: "recalling" } });
  b.emit({ kind: "recall", turn });
  return b.step();
}

/** The learner left the room: the NPC stops talking to them. Late results for them are ignored. */
export function leave(session: TutorSession, npcTalkingTo: string): TutorEffect[] {
  return npcTalkingTo === session.learner.sessionId ? [{ kind: "npc", change: { talkingTo: "" } }] : [];
}

/** The prompt's audio arrived: it goes into the view if the learner is still at that activity. */
export function promptAudio(session: TutorSession, activityId: string, audioUrl: string): TutorEffect[] {
  return session.prompted === activityId ? [{ kind: "view", patch: { audioUrl } }] : [];
}

/** A listen prompt went out without audio, as its `unheard` form: the view shows the line to read too. */
export function promptUnheard(session: TutorSession, unheard: TutorPrompt): TutorEffect[] {
  return session.prompted === unheard.activityId ? [{ kind: "view", patch: { line: unheard.text, task: unheard.task } }] : [];
}
