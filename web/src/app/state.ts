import type { LearnerLang } from "../../../domain/learners/learner.ts";
import type { TutorDone, TutorFeedback, TutorHint, TutorPrompt, TutorReviewDone } from "../../../domain/tutor/tutorMessages.ts";
import type { ReviewView } from "../../../services/review/ReviewStore.ts";
import type { Features } from "../../../http/featureRoutes.ts";
import type { PublicScene } from "../../../http/sceneRoutes.ts";
import type { ChatMessage } from "../../../rooms/protocol.ts";
import type { LessonOutline, SignedIn } from "../net/api.ts";
import type { ConnectionStatus } from "../net/session.ts";
import type { RoleplayUi } from "./roleplay.ts";

export type VoiceState = "idle" | "recording" | "uploading";

export interface TutorState {
  open: boolean;
  lesson: LessonOutline | undefined;
  prompt: TutorPrompt | undefined;
  hints: TutorHint[];
  feedback: TutorFeedback | undefined;
  /** What the learner answered last (typed or chosen), to show beside the correction. */
  answered: string | undefined;
  /** An answer is being heard or evaluated. */
  waiting: boolean;
  done: TutorDone | undefined;
  /** The end of a run of reviews (or that none was due), until the learner answers again. */
  reviewed: TutorReviewDone | undefined;
  /** The tutor's notice (busy, an error in the learner's language). */
  notice: string | undefined;
  voice: VoiceState;
  /** Why voice answers cannot be used here, when they cannot. */
  voiceNote: string | undefined;
  recordSeconds: number;
}

/** Someone in the scene, for the roster screen readers (and tests) read; positions in metres. */
export interface RosterEntry {
  sessionId: string;
  name: string;
  x: number;
  y: number;
  self: boolean;
  connected: boolean;
}

export interface AppState {
  lang: LearnerLang;
  scenes: PublicScene[];
  features: Features;
  sceneName: string;
  remembered: SignedIn | undefined;
  phase: "signin" | "scene";
  entering: boolean;
  signInError: string | undefined;
  connection: ConnectionStatus;
  /** A short, calm message after a change (back online). */
  flash: string | undefined;
  scene: PublicScene | undefined;
  chat: ChatMessage[];
  tutor: TutorState;
  nearNpc: boolean;
  roster: RosterEntry[];
  /** The scene's lesson was begun earlier and can go on. */
  resumable: boolean;
  /** The learner's review items that are due now (GET /api/v1/me/progress). */
  reviews: ReviewView[];
  /** Roleplay with another learner (app/roleplay.ts). */
  roleplay: RoleplayUi;
}

export function freshTutor(): TutorState {
  return {
    open: false,
    lesson: undefined,
    prompt: undefined,
    hints: [],
    feedback: undefined,
    answered: undefined,
    waiting: false,
    done: undefined,
    reviewed: undefined,
    notice: undefined,
    voice: "idle",
    voiceNote: undefined,
    recordSeconds: 0,
  };
}
