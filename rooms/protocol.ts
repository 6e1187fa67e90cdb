import type { z } from "zod";
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
} as const;

/** `error` message codes from the room itself. The message text is for humans and may change. */
export const ErrorCode = {
  INVALID_MESSAGE: "invalid_message",
  CHAT_EMPTY: "chat_empty",
  CHAT_TOO_LONG: "chat_too_long",
  RATE_LIMITED: "rate_limited",
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
  code: ErrorCode | TutorErrorCode;
  message: string;
}

export interface ChatMessage {
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
  "server:draining": NoticeMessage;
  /** Sent just before the connection is closed with 4004. */
  "session:replaced": NoticeMessage;
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
