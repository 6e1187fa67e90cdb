import { randomUUID } from "node:crypto";
import type { Client } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import type { Catalog } from "../domain/catalog.ts";
import type { ReviewItem } from "../domain/review/reviewItem.ts";
import type { Scene } from "../domain/scenes/scene.ts";
import * as core from "../domain/tutor/tutorCore.ts";
import {
  createSession,
  type LessonView,
  type ProgressSave,
  type TutorContext,
  type TutorEffect,
  type TutorLearner,
  type TutorSession,
  type TutorStep,
  type WaitOutcome,
} from "../domain/tutor/tutorSession.ts";
import { LessonState } from "../schema/LessonState.ts";
import type { SceneState } from "../schema/SceneState.ts";
import type { TutorVoice } from "../services/ai/tts/TutorVoice.ts";
import type { UsageEntry, UsageRecorder } from "../services/ai/usage/UsageRecorder.ts";
import type { VoiceAnswers } from "../services/audio/VoiceAnswers.ts";
import type { Clock } from "../services/clock.ts";
import type { Logger } from "../services/logger.ts";
import type { Metrics } from "../services/metrics/Metrics.ts";
import type { ProgressStore } from "../services/progress/ProgressStore.ts";
import { ProgressVersions } from "../services/progress/ProgressVersions.ts";
import type { ReviewStore } from "../services/review/ReviewStore.ts";
import type { TurnEvaluator } from "../services/tutor/TurnEvaluator.ts";
import type { WriteOp } from "../services/writes/writeOps.ts";
import { send, sendInternalError, sendMessage } from "./send.ts";
import { sessionEventOp } from "./sessionEventOp.ts";

export interface TutorDeps {
  scene: Scene;
  catalog: Catalog;
  evaluator: TurnEvaluator;
  /** The tutor's voice; without one, prompts and feedback are text only. */
  voice: TutorVoice | undefined;
  voiceAnswers: VoiceAnswers;
  usage: UsageRecorder;
  metrics: Metrics;
  progress: ProgressStore;
  /** The learner's review items, read with each lesson and on `tutor:review`. */
  reviews: ReviewStore;
  /** `durable()` resolves once what was enqueued is on local disk (services/writes/WriteLog.ts). */
  writes: { enqueue(op: WriteOp): void; durable(): Promise<boolean> };
  /** The tutor core's clock: stored times and turn latency. */
  clock: Clock;
  logger: Logger;
}

/** What the tutor needs from the room it lives in. */
export interface TutorRoom {
  readonly state: SceneState;
  /** The learner's current connection (it changes when they reconnect), if connected. */
  clientOf(sessionId: string): Client | undefined;
}

/** Feedback waits this long at most for its spoken correction; later audio is kept for next time. */
const FEEDBACK_AUDIO_WAIT_MS = 250;

/** Effects that store or count, carried out at once; the rest of a step is what the learner sees. */
const BOOKKEEPING: ReadonlySet<TutorEffect["kind"]> = new Set(["record", "save", "review", "account", "measure"]);

interface Entry {
  session: TutorSession;
  /** The learner's private lesson view, in the synchronized state once they start. */
  readonly view: LessonState;
  /** AI calls of the turn under way, stored with its event (or alone when it has none). */
  usage: UsageEntry[];
  /** The versions this session's progress saves carry, from what it read. */
  readonly versions: ProgressVersions;
  /** What the learner is yet to see, once the writes before it are on disk; kept in order. */
  outbox: Promise<void> | undefined;
}

/**
 * The NPC tutor inside a scene room: the room's end of domain/tutor/tutorCore.ts. It keeps
 * the session of every learner in the room, hands each message to the core, and carries out
 * the effects the core returns: messages, state, writes, and the work to await. Awaited work
 * never runs inside a message handler, so the room keeps streaming movement while the tutor
 * thinks; when it ends, its result reaches the core only if that learner's session and turn
 * are still current (a learner who left gets nothing, and the NPC is not turned to them).
 */
export class TutorAdapter {
  readonly #deps: TutorDeps;
  readonly #room: TutorRoom;
  readonly #ctx: TutorContext;
  readonly #entries = new Map<string, Entry>();

  constructor(room: TutorRoom, deps: TutorDeps) {
    this.#room = room;
    this.#deps = deps;
    this.#ctx = { catalog: deps.catalog, scene: deps.scene, clock: deps.clock, newId: randomUUID };
  }

  join(learner: TutorLearner): void {
    const versions = new ProgressVersions(learner.sessionRowId);
    this.#entries.set(learner.sessionId, { session: createSession(learner), view: new LessonState(), usage: [], outbox: undefined, versions });
  }

  leave(sessionId: string): void {
    const entry = this.#entries.get(sessionId);
    if (!entry) return;
    this.#entries.delete(sessionId);
    const { state } = this.#room;
    if (state.lessons.has(sessionId)) state.lessons.delete(sessionId);
    // At once: what was still on its way to the departed learner is dropped (#deliver).
    for (const effect of core.leave(entry.session, state.npc.talkingTo)) this.#carryOut(entry, effect);
  }

  start(sessionId: string, lessonId: string | undefined): void {
    this.#apply(sessionId, (session) => core.start(this.#ctx, session, lessonId));
  }

  submit(sessionId: string, submission: core.Submission): void {
    this.#apply(sessionId, (session) => core.submit(this.#ctx, session, submission));
  }

  hint(sessionId: string): void {
    this.#apply(sessionId, (session) => core.hint(this.#ctx, session));
  }

  repeat(sessionId: string): void {
    this.#apply(sessionId, (session) => core.repeat(this.#ctx, session));
  }

  skip(sessionId: string): void {
    this.#apply(sessionId, (session) => core.skip(this.#ctx, session));
  }

  review(sessionId: string): void {
    this.#apply(sessionId, (session) => core.review(this.#ctx, session));
  }

  #apply(sessionId: string, operation: (session: TutorSession) => TutorStep): void {
    const entry = this.#entries.get(sessionId);
    if (entry) this.#step(entry, operation(entry.session));
  }

  #step(entry: Entry, step: TutorStep): void {
    entry.session = step.session;
    this.#run(entry, step.effects);
  }

  /**
   * Stores at once, and shows the learner the rest of the step only once its writes are on
   * local disk: whoever had feedback for an answer can count on it being kept, crash or not.
   * The room goes on meanwhile (the disk is written off the game thread, a few ms); later
   * steps of the same learner wait behind, so they see everything in order.
   */
  #run(entry: Entry, effects: readonly TutorEffect[]): void {
    const shown = effects.filter((effect) => !BOOKKEEPING.has(effect.kind));
    const stores = effects.some((effect) => BOOKKEEPING.has(effect.kind) && effect.kind !== "measure");
    for (const effect of effects) if (BOOKKEEPING.has(effect.kind)) this.#carryOut(entry, effect);
    if (!stores && entry.outbox === undefined) {
      for (const effect of shown) this.#carryOut(entry, effect);
      return;
    }
    const outbox: Promise<void> = Promise.all([entry.outbox, stores ? this.#deps.writes.durable() : undefined])
      .then(() => this.#deliver(entry, shown))
      .catch((error: unknown) => this.#deps.logger.error({ err: error, userId: entry.session.learner.userId }, "tutor turn failed"))
      .then(() => {
        if (entry.outbox === outbox) entry.outbox = undefined;
      });
    entry.outbox = outbox;
  }

  /** What a step shows, unless the learner has left in the meantime. */
  #deliver(entry: Entry, shown: readonly TutorEffect[]): void {
    if (this.#entries.get(entry.session.learner.sessionId) !== entry) return;
    for (const effect of shown) this.#carryOut(entry, effect);
  }

  #carryOut(entry: Entry, effect: TutorEffect): void {
    const { learner } = entry.session;
    switch (effect.kind) {
      case "send":
        return this.#toLearner(entry, (client) => sendMessage(client, effect.message));
      case "fail":
        return this.#toLearner(entry, sendInternalError);
      case "prompt":
        return this.#prompt(entry, effect);
      case "show":
        return this.#show(entry);
      case "view":
        return applyView(entry.view, effect.patch);
      case "npc":
        Object.assign(this.#room.state.npc, effect.change);
        return;
      case "record":
        return this.#deps.writes.enqueue(sessionEventOp(learner.sessionRowId, effect.event));
      case "account":
        return this.#account(entry, effect.eventId);
      case "save":
        return saveOps(learner, effect.save, entry.versions).forEach((op) => this.#deps.writes.enqueue(op));
      case "measure":
        return this.#deps.metrics.turn(effect.seconds, effect.provider, effect.outcome);
      case "review":
        return this.#deps.writes.enqueue({ kind: "review.save", item: effect.item });
      case "load":
        return this.#load(entry, effect.turn, effect.lessonId);
      case "recall":
        return this.#recall(entry, effect.turn);
      case "hear":
        return this.#hear(entry, effect.turn, effect.audioId);
      case "evaluate":
        return this.#evaluate(entry, effect);
      case "speak":
        return this.#speak(entry, effect.turn, effect.text);
    }
  }

  #load(entry: Entry, turn: number, lessonId: string): void {
    const { userId } = entry.session.learner;
    this.#await(
      entry,
      turn,
      () => Promise.all([this.#deps.progress.load(userId, lessonId), this.#reviewsOf(userId)]),
      ([stored, reviews]): WaitOutcome => {
        entry.versions.read(lessonId, stored?.version ?? 0);
        return { kind: "loaded", saved: stored?.saved, reviews };
      },
      (error) => this.#deps.logger.warn({ err: error, userId }, "cannot load lesson progress"),
    );
  }

  /** The learner's review items; the lesson goes on without them when they cannot be read. */
  #reviewsOf(userId: string): Promise<ReviewItem[] | undefined> {
    return this.#deps.reviews.forLearner(userId).catch((error: unknown) => {
      this.#deps.logger.warn({ err: error, userId }, "cannot read review items; the lesson starts without them");
      return undefined;
    });
  }

  #recall(entry: Entry, turn: number): void {
    const { userId } = entry.session.learner;
    this.#await(
      entry,
      turn,
      () => this.#deps.reviews.forLearner(userId),
      (reviews): WaitOutcome => ({ kind: "recalled", reviews }),
      (error) => this.#deps.logger.warn({ err: error, userId }, "cannot read review items"),
    );
  }

  #hear(entry: Entry, turn: number, audioId: string): void {
    const { learner } = entry.session;
    this.#await(
      entry,
      turn,
      () => this.#deps.voiceAnswers.hear(audioId, { userId: learner.userId, sessionId: learner.sessionRowId }),
      (heard): WaitOutcome => {
        entry.usage.push(...heard.usage);
        return heard.ok ? { kind: "heard", text: heard.text } : { kind: "not_heard", failure: heard.failure };
      },
      (error) => this.#deps.logger.warn({ err: error, userId: learner.userId }, "voice answer failed"),
    );
  }

  #evaluate(entry: Entry, effect: Extract<TutorEffect, { kind: "evaluate" }>): void {
    const { learner } = entry.session;
    const request = { lesson: effect.lesson, activity: effect.activity, answer: effect.answer, lang: learner.lang, userId: learner.userId, sessionId: learner.sessionRowId };
    this.#await(
      entry,
      effect.turn,
      () => this.#deps.evaluator.evaluate(request),
      (evaluated): WaitOutcome => {
        entry.usage.push(...evaluated.usage);
        return { kind: "evaluated", evaluation: evaluated };
      },
      (error) => this.#deps.logger.error({ err: error, userId: learner.userId }, "tutor turn failed"),
    );
  }

  #speak(entry: Entry, turn: number, text: string): void {
    const voice = this.#deps.voice;
    this.#await(
      entry,
      turn,
      () => (voice ? voice.audioUrl(text, FEEDBACK_AUDIO_WAIT_MS) : Promise.resolve(undefined)),
      (audioUrl) => ({ kind: "spoken", audioUrl }),
      (error) => this.#deps.logger.warn({ err: error }, "no audio for the feedback"),
    );
  }

  /** Runs `work` and hands its outcome to the core, or `failed` when it throws (after `onError` logged it). */
  #await<T>(entry: Entry, turn: number, work: () => Promise<T>, outcome: (value: T) => WaitOutcome, onError: (error: unknown) => void): void {
    new Promise<T>((resolve) => resolve(work()))
      .then(outcome, (error: unknown): WaitOutcome => {
        onError(error);
        return { kind: "failed" };
      })
      .then((result) => this.#settle(entry, turn, result))
      .catch((error: unknown) => this.#deps.logger.error({ err: error }, "tutor turn failed"));
  }

  /** Once the work of `turn` is done: applied if the learner is still here on that turn, else only its AI calls stored. */
  #settle(entry: Entry, turn: number, outcome: WaitOutcome): void {
    if (!this.#isCurrent(entry, turn)) {
      this.#account(entry, null);
      return;
    }
    try {
      this.#step(entry, core.resolve(this.#ctx, entry.session, turn, outcome));
    } catch (error) {
      this.#deps.logger.error({ err: error, userId: entry.session.learner.userId }, "tutor turn failed");
      if (outcome.kind !== "failed") this.#settle(entry, turn, { kind: "failed" });
    }
  }

  #isCurrent(entry: Entry, turn: number): boolean {
    return this.#entries.get(entry.session.learner.sessionId) === entry && entry.session.turn === turn && entry.session.wait !== undefined;
  }

  #account(entry: Entry, eventId: string | null): void {
    for (const call of entry.usage) this.#deps.usage.record({ ...call, eventId });
    entry.usage = [];
  }

  /** Sends a prompt once the tutor's voice has its line's audio (or gave up within its budget). */
  #prompt(entry: Entry, effect: PromptEffect): void {
    const voice = this.#deps.voice;
    const audio = voice ? voice.audioUrl(effect.line) : Promise.resolve(undefined);
    audio
      .then(
        (audioUrl) => this.#promptReady(entry, effect, audioUrl),
        (error: unknown) => {
          this.#deps.logger.warn({ err: error }, "no audio for the prompt");
          this.#promptReady(entry, effect, undefined);
        },
      )
      .catch((error: unknown) => this.#deps.logger.error({ err: error }, "cannot send the prompt"));
  }

  #promptReady(entry: Entry, { prompt, unheard }: PromptEffect, audioUrl: string | undefined): void {
    if (this.#entries.get(entry.session.learner.sessionId) !== entry) return;
    const sent = audioUrl ? { ...prompt, audioUrl } : (unheard ?? prompt);
    this.#toLearner(entry, (client) => send(client, "tutor:prompt", sent));
    if (audioUrl) this.#run(entry, core.promptAudio(entry.session, prompt.activityId, audioUrl));
    else if (unheard) this.#run(entry, core.promptUnheard(entry.session, unheard));
  }

  /**
   * Puts the learner's lesson into the synced state, visible to them only, when they first
   * ask for one. Until then their client shares every patch with the room: private state
   * makes Colyseus encode a patch per client, a cost walkers need not pay.
   */
  #show(entry: Entry): void {
    const { sessionId } = entry.session.learner;
    const { lessons } = this.#room.state;
    if (lessons.has(sessionId)) return;
    lessons.set(sessionId, entry.view);
    const client = this.#room.clientOf(sessionId);
    if (!client) return;
    client.view ??= new StateView();
    client.view.add(entry.view);
  }

  #toLearner(entry: Entry, deliver: (client: Client) => void): void {
    const client = this.#room.clientOf(entry.session.learner.sessionId);
    if (client) deliver(client);
  }
}

type PromptEffect = Extract<TutorEffect, { kind: "prompt" }>;

type ViewFields = Omit<LessonView, "choices">;

function applyView(view: LessonState, patch: Partial<LessonView>): void {
  const { choices, ...fields } = patch;
  Object.assign(view, fields satisfies Partial<Pick<LessonState, keyof ViewFields>>);
  if (choices) view.choices.splice(0, view.choices.length, ...choices);
}

/** A learner's place in the lesson, across sessions, and this session's row. */
function saveOps(learner: TutorLearner, save: ProgressSave, versions: ProgressVersions): WriteOp[] {
  const { lessonId, saved, completedAt, at } = save;
  return [
    { kind: "progress.save", userId: learner.userId, lessonId, ...saved, completedAt, updatedAt: at, ...versions.next(lessonId) },
    {
      kind: "session.lesson",
      id: learner.sessionRowId,
      lessonId: save.lessonId,
      currentStageId: save.stageId,
      currentActivityId: save.saved.currentActivityId,
    },
  ];
}
