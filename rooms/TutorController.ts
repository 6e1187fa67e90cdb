import { randomUUID } from "node:crypto";
import type { Client } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import type { Catalog } from "../domain/catalog.ts";
import type { Answer } from "../domain/evaluator/evaluateAnswer.ts";
import type { UiKey } from "../domain/feedback/languagePack.ts";
import { fill } from "../domain/feedback/languagePack.ts";
import type { LearnerLang } from "../domain/learners/learner.ts";
import type { Lesson } from "../domain/lessons/lesson.ts";
import {
  positionOf,
  resumeLesson,
  skipActivity,
  takeHint,
  type LessonProgress,
  type Position,
} from "../domain/lessons/lessonEngine.ts";
import type { Scene } from "../domain/scenes/scene.ts";
import { modelAnswer } from "../domain/tutor/tutorMessages.ts";
import { LessonState } from "../schema/LessonState.ts";
import type { SceneState } from "../schema/SceneState.ts";
import type { Clock } from "../services/clock.ts";
import type { Logger } from "../services/logger.ts";
import type { ProgressStore } from "../services/progress/ProgressStore.ts";
import type { TurnEvaluator } from "../services/tutor/TurnEvaluator.ts";
import type { TutorVoice } from "../services/ai/tts/TutorVoice.ts";
import type { UsageRecorder } from "../services/ai/usage/UsageRecorder.ts";
import type { Metrics } from "../services/metrics/Metrics.ts";
import type { EventType, SessionEventOp, WriteOp } from "../services/writes/writeOps.ts";
import { TutorErrorCode } from "./protocol.ts";
import { TurnRunner, type TutorLearner } from "./TurnRunner.ts";
import { VoiceAnswers, type VoiceDeps } from "./VoiceAnswers.ts";

export interface TutorDeps extends Omit<VoiceDeps, "logger"> {
  scene: Scene;
  catalog: Catalog;
  evaluator: TurnEvaluator;
  /** The tutor's voice; without one, prompts and feedback are text only. */
  voice: TutorVoice | undefined;
  usage: UsageRecorder;
  metrics: Metrics;
  progress: ProgressStore;
  writes: { enqueue(op: WriteOp): void };
  clock: Clock;
  logger: Logger;
}

/** What the tutor needs from the room it lives in. */
export interface TutorRoom {
  readonly state: SceneState;
  /** The learner's current connection (it changes when they reconnect), if connected. */
  clientOf(sessionId: string): Client | undefined;
}

/**
 * The NPC tutor inside a scene room. It runs a private lesson with every learner at once:
 * each learner's progress lives in their own LessonState (only they can see it), at most
 * one answer per learner is being evaluated at a time, and evaluation never runs inside a
 * message handler, so the room keeps streaming movement while the tutor thinks.
 */
export class TutorController {
  readonly #deps: TutorDeps;
  readonly #room: TutorRoom;
  readonly #learners = new Map<string, TutorLearner>();
  readonly #turns: TurnRunner;
  readonly #voice: VoiceAnswers;

  constructor(room: TutorRoom, deps: TutorDeps) {
    this.#room = room;
    this.#deps = deps;
    this.#turns = new TurnRunner(room, deps, (learner, type, extra) => this.#record(learner, type, extra));
    this.#voice = new VoiceAnswers({ ...deps, logger: deps.logger }, this.#turns, (client, learner, code) => this.#error(client, learner, code));
  }

  join(client: Client, learner: { userId: string; lang: LearnerLang; sessionRowId: string }): void {
    const state = new LessonState();
    this.#learners.set(client.sessionId, { ...learner, sessionId: client.sessionId, state, busy: false });
  }

  leave(sessionId: string): void {
    this.#learners.delete(sessionId);
    if (this.#room.state.lessons.has(sessionId)) this.#room.state.lessons.delete(sessionId);
    if (this.#room.state.npc.talkingTo === sessionId) this.#room.state.npc.talkingTo = "";
  }

  async start(client: Client, lessonId: string | undefined): Promise<void> {
    const learner = this.#learner(client);
    if (!learner || this.#busy(client, learner)) return;
    this.#show(client, learner);
    const lesson = this.#deps.catalog.lessons.get(lessonId ?? this.#deps.scene.lessonId ?? "");
    if (!lesson || lesson.scene !== this.#deps.scene.name) {
      this.#error(client, learner, lessonId ? TutorErrorCode.UNKNOWN_LESSON : TutorErrorCode.NO_LESSON);
      return;
    }
    if (learner.lesson?.id === lesson.id && learner.progress?.status === "in_progress") {
      this.#turns.prompt(learner);
      return;
    }
    learner.busy = true;
    try {
      const saved = await this.#deps.progress.load(learner.userId, lesson.id);
      if (!this.#learners.has(learner.sessionId)) return;
      this.#begin(learner, lesson, resumeLesson(lesson, saved), saved !== undefined && saved.status !== "completed");
    } catch (error) {
      this.#deps.logger.warn({ err: error, userId: learner.userId }, "cannot load lesson progress");
      this.#error(client, learner, TutorErrorCode.UNAVAILABLE);
    } finally {
      learner.busy = false;
    }
  }

  answer(client: Client, answer: Answer): void {
    const learner = this.#learner(client);
    const position = learner && this.#position(client, learner);
    if (!learner || !position || this.#busy(client, learner)) return;
    const wantsChoice = position.activity.kind === "choice";
    if (wantsChoice !== "choice" in answer) {
      this.#error(client, learner, wantsChoice ? TutorErrorCode.CHOOSE_OPTION : TutorErrorCode.TYPE_ANSWER);
      return;
    }
    this.#turns.run(learner, position, answer);
  }

  hint(client: Client): void {
    const learner = this.#learner(client);
    const position = learner && this.#position(client, learner);
    if (!learner || !position || !learner.lesson || !learner.progress) return;
    const { progress, hint, remaining } = takeHint(learner.lesson, learner.progress);
    learner.progress = progress;
    learner.state.hintsUsed = progress.hints;
    const text = hint ? hint[learner.lang] : this.#ui(learner, "tutor.no_more_hints");
    client.send("tutor:hint", { activityId: position.activity.id, ko: hint?.ko ?? "", text, remaining });
    this.#record(learner, "hint", { activityId: position.activity.id, tutorResponse: text });
    this.#turns.saveProgress(learner);
  }

  repeat(client: Client): void {
    const learner = this.#learner(client);
    if (!learner || !this.#position(client, learner)) return;
    this.#record(learner, "repeat", { activityId: learner.state.activityId });
    this.#turns.prompt(learner);
  }

  skip(client: Client): void {
    const learner = this.#learner(client);
    const position = learner && this.#position(client, learner);
    if (!learner || !position || this.#busy(client, learner) || !learner.lesson || !learner.progress) return;
    const answer = modelAnswer(position);
    learner.progress = skipActivity(learner.lesson, learner.progress);
    const feedback = fill(this.#ui(learner, "tutor.skipped"), { answer });
    client.send("tutor:feedback", {
      activityId: position.activity.id,
      score: 0,
      pass: false,
      errorType: "none",
      errors: [],
      feedback,
      provider: "rules",
      latencyMs: 0,
      outcome: "skipped",
      attemptsLeft: 0,
      answer,
    });
    this.#record(learner, "skip", { activityId: position.activity.id, tutorResponse: feedback });
    this.#turns.afterTurn(learner);
  }

  /** A recorded answer (uploaded with POST /api/v1/audio); without speech recognition the learner types. */
  audio(client: Client, audioId: string): void {
    const learner = this.#learner(client);
    const position = learner && this.#position(client, learner);
    if (!learner || !position || this.#busy(client, learner)) return;
    if (position.activity.kind === "choice") {
      this.#error(client, learner, TutorErrorCode.CHOOSE_OPTION);
      return;
    }
    void this.#voice.answer(client, learner, position, audioId);
  }

  #begin(learner: TutorLearner, lesson: Lesson, progress: LessonProgress, resumed: boolean): void {
    learner.lesson = lesson;
    learner.progress = progress;
    learner.state.lessonId = lesson.id;
    learner.state.lessonTitle = lesson.title.ko;
    this.#record(learner, resumed ? "lesson_resume" : "lesson_start", {
      activityId: positionOf(lesson, progress)?.activity.id ?? null,
      metadata: { index: progress.index },
    });
    this.#turns.saveProgress(learner);
    this.#turns.prompt(learner);
  }

  /**
   * Puts the learner's lesson into the synced state, visible to them only, when they first
   * ask for one. Until then their client shares every patch with the room: private state
   * makes Colyseus encode a patch per client, a cost walkers need not pay.
   */
  #show(client: Client, learner: TutorLearner): void {
    if (this.#room.state.lessons.has(learner.sessionId)) return;
    this.#room.state.lessons.set(learner.sessionId, learner.state);
    client.view ??= new StateView();
    client.view.add(learner.state);
  }

  #learner(client: Client): TutorLearner | undefined {
    return this.#learners.get(client.sessionId);
  }

  #position(client: Client, learner: TutorLearner): Position | undefined {
    const position = learner.lesson && learner.progress ? positionOf(learner.lesson, learner.progress) : undefined;
    if (!position) this.#error(client, learner, TutorErrorCode.NOT_STARTED);
    return position;
  }

  #busy(client: Client, learner: TutorLearner): boolean {
    if (learner.busy) client.send("tutor:busy", { activityId: learner.state.activityId, message: this.#ui(learner, "tutor.busy") });
    return learner.busy;
  }

  #ui(learner: TutorLearner, key: UiKey): string {
    return this.#deps.catalog.pack(learner.lang).ui[key];
  }

  #error(client: Client, learner: TutorLearner, code: TutorErrorCode): void {
    client.send("error", { code, message: this.#ui(learner, ERROR_TEXT[code]) });
  }

  #record(learner: TutorLearner, eventType: EventType, extra: Partial<SessionEventOp>): void {
    this.#deps.writes.enqueue({
      kind: "event",
      id: randomUUID(),
      sessionId: learner.sessionRowId,
      activityId: null,
      eventType,
      userInput: null,
      tutorResponse: null,
      score: null,
      passFail: null,
      primaryErrorType: null,
      provider: null,
      modelId: null,
      latencyMs: null,
      evaluationDetail: null,
      metadata: null,
      createdAt: this.#deps.clock.now().toISOString(),
      ...extra,
    });
  }
}

const ERROR_TEXT: Record<TutorErrorCode, UiKey> = {
  [TutorErrorCode.NOT_STARTED]: "tutor.not_started",
  [TutorErrorCode.UNKNOWN_LESSON]: "tutor.unknown_lesson",
  [TutorErrorCode.NO_LESSON]: "tutor.no_lesson",
  [TutorErrorCode.CHOOSE_OPTION]: "tutor.choose_option",
  [TutorErrorCode.TYPE_ANSWER]: "tutor.type_answer",
  [TutorErrorCode.UNAVAILABLE]: "tutor.unavailable",
  [TutorErrorCode.VOICE_UNAVAILABLE]: "tutor.voice_unavailable",
  [TutorErrorCode.AUDIO_NOT_FOUND]: "tutor.audio_not_found",
  [TutorErrorCode.AUDIO_UNINTELLIGIBLE]: "tutor.audio_unintelligible",
};
