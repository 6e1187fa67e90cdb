import type { Clock } from "../clock.ts";
import type { Catalog } from "../catalog.ts";
import type { Answer } from "../evaluator/evaluateAnswer.ts";
import type { Finding, Verdict } from "../evaluator/verdict.ts";
import type { JsonValue } from "../json.ts";
import type { LearnerLang } from "../learners/learner.ts";
import type { Activity, ActivityKind, ErrorType, Lesson } from "../lessons/lesson.ts";
import type { LessonProgress, Position, SavedProgress, TurnOutcome, TurnResult } from "../lessons/lessonEngine.ts";
import type { ReviewGrade, ReviewItem } from "../review/reviewItem.ts";
import type { Scene } from "../scenes/scene.ts";
import type { VoiceFailure } from "./tutorErrors.ts";
import type { TutorBusy, TutorDone, TutorError, TutorFeedback, TutorHint, TutorPrompt, TutorReviewDone } from "./tutorMessages.ts";

/**
 * One learner's tutor session as plain data. The operations in tutorCore.ts take a session
 * and return the next one with the effects to carry out; nothing here touches a room, a
 * database or a clock of its own.
 */

/** Where the learner stands with the tutor; mirrored as LessonState.status. */
export type TutorPhase = "idle" | "prompting" | "evaluating" | "completed";

export interface TutorLearner {
  /** The room connection's session id (kept across reconnections). */
  sessionId: string;
  userId: string;
  lang: LearnerLang;
  /** The learning-session row the events of this visit belong to. */
  sessionRowId: string;
  /** The lesson named when joining: `tutor:start` without one starts it instead of the scene's. */
  lessonId?: string | undefined;
}

/** What a provider made of an answer (services/tutor/TurnEvaluator.ts adds the AI calls it took). */
export interface Evaluation {
  verdict: Verdict;
  /** Who decided: `rules`, or an AI provider that refined the rule verdict. */
  provider: string;
  modelId: string | null;
  /** The provider's own feedback, as it wrote it, when its opinion decided the verdict. */
  feedback?: string | undefined;
  /** Certain rule findings the provider did not mention. */
  unmentioned?: Finding[] | undefined;
  evaluatorMs: number;
  /** Why the provider's opinion was not used, when it was asked and failed. */
  fallbackReason?: string | undefined;
  /** Whether the LLM was to be asked (the rules were unsure); absent means it was not. */
  llmAsked?: boolean | undefined;
  /** The rules' own pass/fail when the LLM was asked, to measure how often the two agree. */
  rulesPass?: boolean | undefined;
}

interface AnswerWait {
  activityId: string;
  answer: Answer;
  /** When the answer (or its transcript) arrived, on the clock's monotonic scale. */
  receivedAt: number;
  /** What was heard, for a spoken answer. */
  transcript?: string | undefined;
}

/** What the session waits for; while it waits the learner is busy. */
export type TutorWait =
  | { kind: "loading"; lesson: Lesson }
  | { kind: "hearing"; activityId: string }
  | ({ kind: "evaluating" } & AnswerWait)
  | ({ kind: "speaking"; evaluation: Evaluation; result: TurnResult; position: Position; attempt: number } & AnswerWait)
  /** The learner's review items are being read. */
  | { kind: "recalling" }
  | ({ kind: "reviewing"; itemId: string } & AnswerWait)
  /** A review's feedback, ready but for its spoken correction (or answer). */
  | { kind: "reviewSpeaking"; graded: ReviewItem; grade: ReviewGrade; feedback: TutorFeedback };

/** Items the tutor brings back one by one (domain/tutor/tutorReview.ts), and what follows them. */
export interface ReviewRun {
  readonly items: readonly ReviewItem[];
  /** The item asked now. */
  readonly index: number;
  readonly passed: number;
  /** After the last one: the lesson being started, the lesson under way again, or nothing. */
  readonly then: { kind: "begin"; lesson: Lesson; saved: SavedProgress | undefined } | { kind: "resume" } | { kind: "idle" };
}

export interface TutorSession {
  readonly learner: TutorLearner;
  readonly phase: TutorPhase;
  /** Counts the waits begun: a result for an earlier one is no longer awaited. */
  readonly turn: number;
  readonly lesson?: Lesson | undefined;
  readonly progress?: LessonProgress | undefined;
  /** The activity the learner was last prompted for ("" before any). */
  readonly prompted: string;
  readonly wait?: TutorWait | undefined;
  /** The learner's review items in this scene, once read (with the lesson, or on `tutor:review`). */
  readonly reviews?: readonly ReviewItem[] | undefined;
  /** The reviews under way, if any. */
  readonly review?: ReviewRun | undefined;
}

/** The learner's private lesson view (schema/LessonState.ts), field by field. */
export interface LessonView {
  status: TutorPhase;
  lessonId: string;
  lessonTitle: string;
  stageId: string;
  activityId: string;
  kind: ActivityKind;
  index: number;
  total: number;
  line: string;
  translation: string;
  audioUrl: string;
  task: string;
  /** The options as shown: in Korean for a choice activity, in the learner's language for a listen one. */
  choices: string[];
  /** A fill activity's sentence with its gap, else "". */
  sentence: string;
  attempts: number;
  maxAttempts: number;
  hintsUsed: number;
  hintsTotal: number;
  lastScore: number;
  lastPass: boolean;
  lastErrorType: ErrorType;
  lastFeedback: string;
  lastCorrection: string;
}

export type NpcAnim = "talk" | "listen" | "nod" | "explain";

export interface NpcChange {
  talkingTo?: string;
  line?: string;
  anim?: NpcAnim;
}

/** A message to this learner (prompts go through the `prompt` effect, to carry audio). */
export type TutorOutgoing =
  | { type: "tutor:feedback"; payload: TutorFeedback }
  | { type: "tutor:hint"; payload: TutorHint }
  | { type: "tutor:busy"; payload: TutorBusy }
  | { type: "tutor:done"; payload: TutorDone }
  | { type: "tutor:review_done"; payload: TutorReviewDone }
  | { type: "error"; payload: TutorError };

export type TutorEventType = "lesson_start" | "lesson_resume" | "evaluation" | "hint" | "repeat" | "skip" | "lesson_complete";

/** A session event to store; what is not given is stored as null. */
export interface TutorEvent {
  id: string;
  type: TutorEventType;
  activityId: string | null;
  at: string;
  userInput?: string;
  tutorResponse?: string;
  score?: number;
  passFail?: boolean;
  primaryErrorType?: ErrorType;
  provider?: string;
  modelId?: string | null;
  latencyMs?: number;
  detail?: JsonValue;
  metadata?: JsonValue;
}

/** The learner's place in a lesson, to store across sessions and for this session's row. */
export interface ProgressSave {
  lessonId: string;
  stageId: string | null;
  saved: SavedProgress;
  completedAt: string | null;
  at: string;
}

export type TutorEffect =
  | { kind: "send"; message: TutorOutgoing }
  /**
   * Send the prompt, with the audio of `line` if the tutor's voice has it in time; without
   * audio, `unheard` instead when there is one (a listen activity: its line to read).
   */
  | { kind: "prompt"; prompt: TutorPrompt; line: string; unheard?: TutorPrompt | undefined }
  /** Put the learner's lesson view into their private state (once). */
  | { kind: "show" }
  | { kind: "view"; patch: Partial<LessonView> }
  | { kind: "npc"; change: NpcChange }
  | { kind: "record"; event: TutorEvent }
  /** Store the AI calls this turn made, linked to this event (or to none). */
  | { kind: "account"; eventId: string | null }
  | { kind: "save"; save: ProgressSave }
  /** Store the review item as it is now. */
  | { kind: "review"; item: ReviewItem }
  | { kind: "measure"; seconds: number; provider: string; outcome: TurnOutcome }
  /** Tell the learner something went wrong on our side. */
  | { kind: "fail" }
  // Work to await; its result comes back through resolve() with the same turn.
  /** The lesson's progress, and the learner's review items. */
  | { kind: "load"; turn: number; lessonId: string }
  | { kind: "recall"; turn: number }
  | { kind: "hear"; turn: number; audioId: string }
  | { kind: "evaluate"; turn: number; lesson: Lesson; activity: Activity; answer: Answer }
  | { kind: "speak"; turn: number; text: string };

/** The result of awaited work, for resolve(). */
export type WaitOutcome =
  | { kind: "loaded"; saved: SavedProgress | undefined; reviews?: readonly ReviewItem[] | undefined }
  | { kind: "recalled"; reviews: readonly ReviewItem[] }
  | { kind: "heard"; text: string }
  | { kind: "not_heard"; failure: VoiceFailure }
  | { kind: "evaluated"; evaluation: Evaluation }
  /** The spoken correction's audio, or undefined when there is none in time. */
  | { kind: "spoken"; audioUrl: string | undefined }
  /** The work threw; the cause is logged where it happened. */
  | { kind: "failed" };

export interface TutorStep {
  session: TutorSession;
  effects: TutorEffect[];
}

/** What the operations read besides the session. */
export interface TutorContext {
  readonly catalog: Pick<Catalog, "lessons" | "pack">;
  readonly scene: Pick<Scene, "name" | "lessonId">;
  readonly clock: Clock;
  /** A new unique id, for stored events. */
  newId(): string;
}

export function createSession(learner: TutorLearner): TutorSession {
  return { learner, phase: "idle", turn: 0, prompted: "" };
}

/** An answer is being heard or evaluated, or progress loaded: other answers get `tutor:busy`. */
export function isBusy(session: TutorSession): boolean {
  return session.wait !== undefined;
}

/** A result that does not fit what the session waits for: a bug in the caller. */
export class TutorStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TutorStateError";
  }
}
