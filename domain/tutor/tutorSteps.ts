import { composeLessonDone } from "../feedback/composeFeedback.ts";
import type { LanguagePack, UiKey } from "../feedback/languagePack.ts";
import { toJson } from "../json.ts";
import type { Lesson } from "../lessons/lesson.ts";
import { positionOf, savedProgress, summarize, type LessonProgress, type Position } from "../lessons/lessonEngine.ts";
import { TUTOR_ERROR_TEXT, TutorErrorCode } from "./tutorErrors.ts";
import { promptFor, unheardPrompt } from "./tutorMessages.ts";
import {
  isBusy,
  type TutorContext,
  type TutorEffect,
  type TutorEvent,
  type TutorEventType,
  type TutorPhase,
  type TutorSession,
  type TutorStep,
} from "./tutorSession.ts";

/**
 * Builds one step: the next session and its effects, in the order they are to be carried
 * out. The session handed in is never changed.
 */
export class StepBuilder {
  readonly ctx: TutorContext;
  readonly #effects: TutorEffect[] = [];
  #session: TutorSession;

  constructor(ctx: TutorContext, session: TutorSession) {
    this.ctx = ctx;
    this.#session = session;
  }

  get session(): TutorSession {
    return this.#session;
  }

  update(changes: Partial<Omit<TutorSession, "phase" | "learner">>): void {
    this.#session = { ...this.#session, ...changes };
  }

  /** The only way a phase changes; the learner's view follows it. */
  enter(phase: TutorPhase): void {
    this.#session = { ...this.#session, phase };
    this.emit({ kind: "view", patch: { status: phase } });
  }

  emit(effect: TutorEffect): void {
    this.#effects.push(effect);
  }

  pack(): LanguagePack {
    return this.ctx.catalog.pack(this.#session.learner.lang);
  }

  ui(key: UiKey): string {
    return this.pack().ui[key];
  }

  error(code: TutorErrorCode): void {
    this.emit({ kind: "send", message: { type: "error", payload: { code, message: this.ui(TUTOR_ERROR_TEXT[code]) } } });
  }

  /** Stores an event; returns its id. */
  record(type: TutorEventType, activityId: string | null, details: Omit<TutorEvent, "id" | "type" | "activityId" | "at"> = {}): string {
    const id = this.ctx.newId();
    this.emit({ kind: "record", event: { id, type, activityId, at: this.now(), ...details } });
    return id;
  }

  now(): string {
    return this.ctx.clock.now().toISOString();
  }

  step(): TutorStep {
    return { session: this.#session, effects: this.#effects };
  }
}

export interface Current {
  lesson: Lesson;
  progress: LessonProgress;
  position: Position;
}

/** The learner's current activity; without one, they are told to start the lesson first. */
export function current(b: StepBuilder): Current | undefined {
  const { lesson, progress } = b.session;
  const position = lesson && progress ? positionOf(lesson, progress) : undefined;
  if (!lesson || !progress || !position) {
    b.error(TutorErrorCode.NOT_STARTED);
    return undefined;
  }
  return { lesson, progress, position };
}

/** True (and the learner told so) while an earlier request is still being worked on. */
export function refuseIfBusy(b: StepBuilder): boolean {
  if (!isBusy(b.session)) return false;
  b.emit({ kind: "send", message: { type: "tutor:busy", payload: { activityId: b.session.prompted, message: b.ui("tutor.busy") } } });
  return true;
}

/** Shows the current activity: the learner's view, the NPC, the prompt message. */
export function prompt(b: StepBuilder): void {
  const { lesson, progress, learner } = b.session;
  const position = lesson && progress ? positionOf(lesson, progress) : undefined;
  if (!lesson || !progress || !position) return;
  const { activity } = position;
  const next = promptFor(lesson, position, learner.lang, progress.attempts);
  // While an answer is worked on the learner stays busy: a repeat only shows the line again.
  if (!isBusy(b.session)) b.enter("prompting");
  b.update({ prompted: next.activityId });
  b.emit({
    kind: "view",
    patch: {
      stageId: next.stageId,
      activityId: next.activityId,
      kind: next.kind,
      index: next.index,
      total: next.total,
      line: next.text,
      translation: next.translation,
      task: next.task,
      attempts: progress.attempts,
      maxAttempts: next.maxAttempts,
      hintsUsed: progress.hints,
      hintsTotal: next.hints,
      audioUrl: "",
      choices: (activity.kind === "listen" ? next.choiceTranslations : next.choices) ?? [],
      sentence: next.sentence ?? "",
    },
  });
  b.emit({ kind: "npc", change: { talkingTo: learner.sessionId, line: next.text, anim: "talk" } });
  const unheard = activity.kind === "listen" ? unheardPrompt(next, activity, b.pack()) : undefined;
  b.emit({ kind: "prompt", prompt: next, line: activity.tutor.text, unheard });
}

export function save(b: StepBuilder): void {
  const { lesson, progress } = b.session;
  if (!lesson || !progress) return;
  const at = b.now();
  b.emit({
    kind: "save",
    save: {
      lessonId: lesson.id,
      stageId: positionOf(lesson, progress)?.stage.id ?? null,
      saved: savedProgress(lesson, progress),
      completedAt: progress.status === "completed" ? at : null,
      at,
    },
  });
}

/** After a turn: the same activity again, the next one, or the end of the lesson. */
export function afterTurn(b: StepBuilder): void {
  save(b);
  if (b.session.progress?.status === "completed") finish(b);
  else prompt(b);
}

function finish(b: StepBuilder): void {
  const { lesson, progress } = b.session;
  if (!lesson || !progress) return;
  const summary = summarize(lesson, progress);
  const feedback = composeLessonDone(lesson.title.ko, summary, b.pack());
  b.enter("completed");
  b.emit({ kind: "send", message: { type: "tutor:done", payload: { lessonId: lesson.id, summary, feedback } } });
  b.record("lesson_complete", null, { tutorResponse: feedback, score: summary.averageScore, metadata: toJson(summary) });
}
