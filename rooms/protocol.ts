import type { z } from "zod";
import type { RoleplayCue, RoleplayDone, RoleplayErrorCode, RoleplayFeedback, RoleplayHint, RoleplayInvited, RoleplayNotice } from "../domain/roleplay/roleplayMessages.ts";
import type { TutorErrorCode } from "../domain/tutor/tutorErrors.ts";
import type { TutorBusy, TutorDone, TutorFeedback, TutorHint, TutorPrompt, TutorReviewDone } from "../domain/tutor/tutorMessages.ts";
import type { CLIENT_MESSAGES } from "./messages.ts";

/**
 * The room protocol as types: every message name with its payload, both ways, and every code
 * a client may see. The server sends through rooms/send.ts, which takes these types; the bots
 * (loadtest/) read them too. docs/protocol.md is the reference for client authors; keep the
 * two in step.
 */

/** One room per scene of content/scenes.yaml; the server refuses to start when the two disagree (rooms/sceneRooms.ts). */
export const ROOM_NAMES = ["cafe", "airport"] as const;
export type RoomName = (typeof ROOM_NAMES)[number];

/** WebSocket close codes a client may see when it leaves a room. */
export const CloseCode = {
  /** The client left on purpose. */
  CONSENTED: 4000,
  /** The server is shutting down or draining; rejoin (another process will take you). */
  SERVER_SHUTDOWN: 4001,
  /** The client broke the protocol: unknown message type, repeated invalid payloads, flooding. */
  PROTOCOL_VIOLATION: 4002,
  /** The same learner joined the scene from another connection, which has the seat now; do not reconnect. */
  SESSION_REPLACED: 4004,
  /** An operator removed the learner from the room (a `moderation` message says why); do not reconnect. */
  REMOVED: 4005,
} as const;

/** `error` message codes from the room itself. The message text is for humans and may change. */
export const ErrorCode = {
  INVALID_MESSAGE: "invalid_message",
  CHAT_EMPTY: "chat_empty",
  CHAT_TOO_LONG: "chat_too_long",
  RATE_LIMITED: "rate_limited",
  /** An operator muted the learner: their chat is not sent. */
  CHAT_MUTED: "chat_muted",
  /** The abuse filter held the line back. */
  CHAT_BLOCKED: "chat_blocked",
  INTERNAL: "internal_error",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes of `server:draining` and `session:replaced`. */
export const NoticeCode = {
  SERVER_DRAINING: "server_draining",
  SESSION_REPLACED: "session_replaced",
} as const;
export type NoticeCode = (typeof NoticeCode)[keyof typeof NoticeCode];

export interface ErrorMessage {
  /** The room's codes, or the tutor's (domain/tutor/tutorErrors.ts), whose message is in the learner's language. */
  code: ErrorCode | TutorErrorCode | RoleplayErrorCode;
  message: string;
}

/** Codes of `moderation`: what an operator did to this learner. */
export const ModerationCode = {
  MUTED: "muted",
  UNMUTED: "unmuted",
  REMOVED: "removed",
} as const;
export type ModerationCode = (typeof ModerationCode)[keyof typeof ModerationCode];

/** An operator acted on this learner; `reason` is the operator's own words. */
export interface ModerationMessage {
  code: ModerationCode;
  /** What happened, in the learner's language. */
  message: string;
  reason: string;
  /** Until when a mute lasts, ms since the epoch. */
  until?: number;
}

export interface ChatMessage {
  /** The line's id: `chat:removed` names it when an operator takes it back. */
  id: string;
  sessionId: string;
  name: string;
  text: string;
  /** Server time, ms since the epoch. */
  at: number;
}

/** A notice about the connection itself: `server:draining`, `session:replaced`. */
export interface NoticeMessage {
  code: NoticeCode;
  message: string;
}

/** Server -> client messages: name -> payload. */
export interface ServerMessages {
  chat: ChatMessage;
  error: ErrorMessage;
  /** Roleplay (docs/together.md): each to one player only. */
  "roleplay:cue": RoleplayCue;
  "roleplay:feedback": RoleplayFeedback;
  "roleplay:hint": RoleplayHint;
  "roleplay:notice": RoleplayNotice;
  "roleplay:invited": RoleplayInvited;
  "roleplay:done": RoleplayDone;
  "server:draining": NoticeMessage;
  /** Sent just before the connection is closed with 4004. */
  "session:replaced": NoticeMessage;
  /** To the learner concerned; a removal is followed by closing the connection with 4005. */
  moderation: ModerationMessage;
  /** To everyone: an operator took back a chat line; clients stop showing it. */
  "chat:removed": { id: string };
  "tutor:prompt": TutorPrompt;
  "tutor:feedback": TutorFeedback;
  "tutor:hint": TutorHint;
  "tutor:busy": TutorBusy;
  "tutor:done": TutorDone;
  /** The end of a run of reviews of the learner's own mistakes, or that none is due (docs/review.md). */
  "tutor:review_done": TutorReviewDone;
}
export type ServerMessageType = keyof ServerMessages;

/** Client -> server messages: name -> payload as the client sends it (validated by rooms/messages.ts). */
export type ClientMessages = { [K in keyof typeof CLIENT_MESSAGES]: z.input<(typeof CLIENT_MESSAGES)[K]> };
export type ClientMessageType = keyof ClientMessages;
