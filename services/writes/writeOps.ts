/**
 * Everything rooms persist, as plain data. Ops are applied in order by the WriteQueue, can
 * be retried (each is idempotent: rows carry ids generated here, progress carries its version),
 * and can be written to a file and replayed when the database cannot take them.
 */

import type { JsonValue } from "../../domain/json.ts";
import type { LearnerLang } from "../../domain/learners/learner.ts";
import type { SavedProgress } from "../../domain/lessons/lessonEngine.ts";
import type { ReviewItem } from "../../domain/review/reviewItem.ts";
import type { RoleplayEventType } from "../../domain/roleplay/roleplaySession.ts";
import type { TutorEventType } from "../../domain/tutor/tutorSession.ts";

export type SessionStatus = "active" | "completed" | "ended" | "abandoned";

export interface SessionStartOp {
  kind: "session.start";
  id: string;
  userId: string;
  scene: string;
  roomId: string;
  processId: string | null;
  lessonId: string | null;
  /** The language the learner joined with (absent in ops written before it was stored). */
  lang?: LearnerLang | undefined;
  startedAt: string;
}

export interface SessionEndOp {
  kind: "session.end";
  id: string;
  status: SessionStatus;
  endReason: string;
  endedAt: string;
}

/** Where a session stands in its lesson. */
export interface SessionLessonOp {
  kind: "session.lesson";
  id: string;
  lessonId: string;
  currentStageId: string | null;
  currentActivityId: string | null;
}

/**
 * A learner's place in a lesson, across sessions. Progress never moves backwards: a save lands
 * only if its writer read the version stored (`baseVersion`) or wrote that version itself;
 * otherwise another writer got there first, and the save is rejected as stale.
 */
export interface ProgressSaveOp extends SavedProgress {
  kind: "progress.save";
  userId: string;
  lessonId: string;
  completedAt: string | null;
  updatedAt: string;
  /** The writer: the learning session (its row id) that made this save. */
  writerId: string;
  /** The version the writer read before its first save (0: no progress stored). */
  baseVersion: number;
  /** The version this save writes: higher than the writer's previous one. */
  version: number;
}

export interface SessionEventOp {
  kind: "event";
  id: string;
  sessionId: string;
  activityId: string | null;
  eventType: TutorEventType | RoleplayEventType;
  userInput: string | null;
  tutorResponse: string | null;
  score: number | null;
  passFail: boolean | null;
  primaryErrorType: string | null;
  provider: string | null;
  modelId: string | null;
  latencyMs: number | null;
  evaluationDetail: JsonValue | null;
  metadata: JsonValue | null;
  createdAt: string;
  /** The roleplay the event belongs to and the role played in it (domain/roleplay); absent on solo turns. */
  roleplayId?: string | null;
  roleplayRole?: string | null;
}

/** One call to an AI provider (or one refused before reaching it), for cost and reliability. */
export interface AiUsageOp {
  kind: "ai.usage";
  id: string;
  sessionId: string | null;
  eventId: string | null;
  providerType: "eval" | "tts" | "stt";
  providerName: string;
  modelId: string | null;
  tokensIn: number | null;
  tokensOut: number | null;
  audioDurationMs: number | null;
  latencyMs: number;
  success: boolean;
  errorCode: string | null;
  errorMessage: string | null;
  estimatedCostUsd: number | null;
  createdAt: string;
}

/** What an operator did (the audit trail): who, what, where, and whether it landed. */
export interface OperatorActionOp {
  kind: "operator.action";
  id: string;
  operator: string;
  action: string;
  roomId: string | null;
  targetUserId: string | null;
  reason: string | null;
  detail: JsonValue | null;
  outcome: string;
  createdAt: string;
}

/** A chat message the abuse filter held back, and what it matched. */
export interface ChatFilterOp {
  kind: "chat.filter";
  id: string;
  sessionId: string | null;
  userId: string;
  roomId: string;
  text: string;
  decision: "blocked";
  matched: string[];
  createdAt: string;
}

/**
 * A learner's review item as it is now (domain/review/reviewItem.ts). It lands only over a lower
 * version of the same learner and activity, so a retried or replayed save changes nothing.
 */
export interface ReviewSaveOp {
  kind: "review.save";
  item: ReviewItem;
}

export type WriteOp = SessionStartOp | SessionEndOp | SessionLessonOp | ProgressSaveOp | SessionEventOp | AiUsageOp | OperatorActionOp | ChatFilterOp | ReviewSaveOp;

export type WriteOpKind = WriteOp["kind"];
