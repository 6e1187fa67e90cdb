import { randomUUID } from "node:crypto";
import type { Answer } from "../domain/evaluator/evaluateAnswer.ts";
import { fill } from "../domain/feedback/languagePack.ts";
import { renderFeedback } from "../domain/feedback/renderFeedback.ts";
import type { LearnerLang } from "../domain/learners/learner.ts";
import type { Lesson } from "../domain/lessons/lesson.ts";
import { applyVerdict, positionOf, summarize, type LessonProgress, type Position, type TurnResult } from "../domain/lessons/lessonEngine.ts";
import { feedbackErrors, modelAnswer, promptFor, type TutorDone, type TutorFeedback } from "../domain/tutor/tutorMessages.ts";
import type { LessonState } from "../schema/LessonState.ts";
import type { UsageEntry } from "../services/ai/usage/UsageRecorder.ts";
import type { EvaluatedTurn } from "../services/tutor/TurnEvaluator.ts";
import type { EventType, SessionEventOp } from "../services/writes/writeOps.ts";
import type { TutorDeps, TutorRoom } from "./TutorController.ts";

/** A learner as the tutor knows them. */
export interface TutorLearner {
  sessionId: string;
  userId: string;
  lang: LearnerLang;
  sessionRowId: string;
  state: LessonState;
  lesson?: Lesson | undefined;
  progress?: LessonProgress | undefined;
  /** An answer is being evaluated; further answers get `tutor:busy`. */
  busy: boolean;
}

/** What a turn brings besides the answer: a spoken answer's transcript and its speech-recognition calls. */
export interface TurnExtra {
  transcript?: string | undefined;
  usage?: UsageEntry[] | undefined;
}

type Recorder = (learner: TutorLearner, type: EventType, extra: Partial<SessionEventOp>) => void;

/** Feedback waits this long at most for its spoken correction; later audio is kept for next time. */
const FEEDBACK_AUDIO_WAIT_MS = 250;

/**
 * Runs one tutor turn end to end (evaluate, advance, tell the learner, store it) and keeps
 * the learner's private LessonState and the NPC in step with the lesson.
 */
export class TurnRunner {
  readonly #room: TutorRoom;
  readonly #deps: TutorDeps;
  readonly #record: Recorder;

  constructor(room: TutorRoom, deps: TutorDeps, record: Recorder) {
    this.#room = room;
    this.#deps = deps;
    this.#record = record;
  }

  /** Starts evaluating an answer; returns at once (the turn finishes asynchronously). */
  run(learner: TutorLearner, position: Position, answer: Answer, extra: TurnExtra = {}): void {
    const received = performance.now();
    learner.busy = true;
    learner.state.status = "evaluating";
    this.#room.state.npc.anim = "listen";
    void this.#evaluate(learner, position, answer, received, extra)
      .catch((error: unknown) => {
        this.#deps.logger.error({ err: error, userId: learner.userId }, "tutor turn failed");
        this.#room.clientOf(learner.sessionId)?.send("error", { code: "internal_error", message: "Something went wrong; please try again." });
        learner.state.status = "prompting";
      })
      .finally(() => {
        learner.busy = false;
      });
  }

  async #evaluate(learner: TutorLearner, position: Position, answer: Answer, received: number, extra: TurnExtra): Promise<void> {
    const lesson = learner.lesson!;
    const attempt = learner.progress!.attempts + 1;
    const evaluated = await this.#deps.evaluator.evaluate({
      lesson,
      activity: position.activity,
      answer,
      lang: learner.lang,
      userId: learner.userId,
      sessionId: learner.sessionRowId,
    });
    const turn = applyVerdict(lesson, learner.progress!, evaluated.verdict);
    learner.progress = turn.progress;
    const spoken = turn.outcome === "reveal" ? modelAnswer(position) : evaluated.verdict.correction;
    const audioUrl = spoken ? await this.#deps.voice?.audioUrl(spoken, FEEDBACK_AUDIO_WAIT_MS) : undefined;
    const feedback = this.#feedback(learner, position, evaluated, turn, Math.round(performance.now() - received), extra.transcript);
    if (audioUrl) feedback.audioUrl = audioUrl;
    this.#room.clientOf(learner.sessionId)?.send("tutor:feedback", feedback);
    this.#deps.metrics.turn((performance.now() - received) / 1000, evaluated.provider, turn.outcome);
    this.#mirrorFeedback(learner, feedback);
    const eventId = randomUUID();
    this.#record(learner, "evaluation", {
      id: eventId,
      activityId: position.activity.id,
      userInput: "text" in answer ? answer.text : String(answer.choice),
      tutorResponse: feedback.feedback,
      score: feedback.score,
      passFail: feedback.pass,
      primaryErrorType: feedback.errorType,
      provider: evaluated.provider,
      modelId: evaluated.modelId,
      latencyMs: feedback.latencyMs,
      evaluationDetail: JSON.parse(JSON.stringify({ ...evaluated.verdict, fallbackReason: evaluated.fallbackReason ?? null })),
      metadata: { attempt, outcome: turn.outcome, evaluatorMs: Math.round(evaluated.evaluatorMs), transcript: extra.transcript ?? null },
    });
    // After the event: usage rows refer to it.
    this.recordUsage([...(extra.usage ?? []), ...evaluated.usage], eventId);
    this.afterTurn(learner);
  }

  #feedback(learner: TutorLearner, position: Position, evaluated: EvaluatedTurn, turn: TurnResult, latencyMs: number, transcript?: string): TutorFeedback {
    const pack = this.#deps.catalog.pack(learner.lang);
    const answer = modelAnswer(position);
    const revealed = turn.outcome === "reveal";
    const { verdict } = evaluated;
    const text = evaluated.feedback && !revealed ? evaluated.feedback : renderFeedback(verdict, pack, { revealed, answer });
    return {
      activityId: position.activity.id,
      score: verdict.score,
      pass: verdict.pass,
      errorType: verdict.errorType,
      errors: feedbackErrors(verdict, pack),
      feedback: text,
      ...(verdict.correction ? { correction: verdict.correction } : {}),
      provider: evaluated.provider,
      latencyMs,
      outcome: turn.outcome,
      attemptsLeft: turn.attemptsLeft,
      ...(revealed ? { answer } : {}),
      ...(transcript !== undefined ? { transcript } : {}),
    };
  }

  #mirrorFeedback(learner: TutorLearner, feedback: TutorFeedback): void {
    const { state } = learner;
    state.lastScore = feedback.score;
    state.lastPass = feedback.pass;
    state.lastErrorType = feedback.errorType;
    state.lastFeedback = feedback.feedback;
    state.lastCorrection = feedback.correction ?? "";
    state.attempts = learner.progress?.attempts ?? 0;
    this.#room.state.npc.anim = feedback.pass ? "nod" : "explain";
  }

  recordUsage(entries: readonly UsageEntry[], eventId?: string): void {
    for (const entry of entries) this.#deps.usage.record({ ...entry, eventId: eventId ?? null });
  }

  /** After a turn: the same activity again, the next one, or the end of the lesson. */
  afterTurn(learner: TutorLearner): void {
    this.saveProgress(learner);
    if (learner.progress?.status === "completed") this.#finish(learner);
    else this.prompt(learner);
  }

  /** Sends the current activity's prompt and mirrors it into the learner's state. */
  prompt(learner: TutorLearner): void {
    const { lesson, progress } = learner;
    const position = lesson && progress ? positionOf(lesson, progress) : undefined;
    if (!lesson || !progress || !position) return;
    const prompt = promptFor(lesson, position, learner.lang, progress.attempts);
    const { state } = learner;
    Object.assign(state, {
      status: "prompting",
      stageId: prompt.stageId,
      activityId: prompt.activityId,
      kind: prompt.kind,
      index: prompt.index,
      total: prompt.total,
      line: prompt.text,
      translation: prompt.translation,
      task: prompt.task,
      attempts: progress.attempts,
      hintsUsed: progress.hints,
      hintsTotal: prompt.hints,
    });
    state.audioUrl = "";
    state.choices.splice(0, state.choices.length, ...(prompt.choices ?? []));
    const npc = this.#room.state.npc;
    npc.talkingTo = learner.sessionId;
    npc.line = prompt.text;
    npc.anim = "talk";
    void this.#send(learner, prompt);
  }

  /** Sends a prompt with its audio when the tutor's voice has it within the budget. */
  async #send(learner: TutorLearner, prompt: ReturnType<typeof promptFor>): Promise<void> {
    const audioUrl = await this.#deps.voice?.audioUrl(prompt.text);
    if (audioUrl) {
      prompt.audioUrl = audioUrl;
      if (learner.state.activityId === prompt.activityId) learner.state.audioUrl = audioUrl;
    }
    this.#room.clientOf(learner.sessionId)?.send("tutor:prompt", prompt);
  }

  #finish(learner: TutorLearner): void {
    const lesson = learner.lesson!;
    const progress = learner.progress!;
    const summary = summarize(lesson, progress);
    const pack = this.#deps.catalog.pack(learner.lang);
    const text = fill(pack.ui["tutor.lesson_done"], {
      lesson: lesson.title.ko,
      passed: summary.passed,
      total: summary.activities,
      score: summary.averageScore,
    });
    const done: TutorDone = { lessonId: lesson.id, summary, feedback: text };
    learner.state.status = "completed";
    this.#room.clientOf(learner.sessionId)?.send("tutor:done", done);
    this.#record(learner, "lesson_complete", { tutorResponse: text, score: summary.averageScore, metadata: { ...summary } });
  }

  saveProgress(learner: TutorLearner): void {
    const { lesson, progress } = learner;
    if (!lesson || !progress) return;
    const position = positionOf(lesson, progress);
    const now = this.#deps.clock.now().toISOString();
    this.#deps.writes.enqueue({
      kind: "progress.save",
      userId: learner.userId,
      lessonId: lesson.id,
      currentActivityId: position?.activity.id ?? null,
      attempts: progress.attempts,
      hints: progress.hints,
      results: progress.results,
      status: progress.status,
      completedAt: progress.status === "completed" ? now : null,
      updatedAt: now,
    });
    this.#deps.writes.enqueue({
      kind: "session.lesson",
      id: learner.sessionRowId,
      lessonId: lesson.id,
      currentStageId: position?.stage.id ?? null,
      currentActivityId: position?.activity.id ?? null,
    });
  }
}
