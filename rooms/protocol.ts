/**
 * Names and codes shared with the Unity and browser clients and the bots. docs/protocol.md
 * is the reference for client authors; keep the two in step.
 */

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
} as const;

/** `error` message codes (server -> client). The message text is for humans and may change. */
export const ErrorCode = {
  INVALID_MESSAGE: "invalid_message",
  CHAT_EMPTY: "chat_empty",
  CHAT_TOO_LONG: "chat_too_long",
  RATE_LIMITED: "rate_limited",
  INTERNAL: "internal_error",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** `error` codes from the tutor; the message is in the learner's language. */
export const TutorErrorCode = {
  NOT_STARTED: "tutor_not_started",
  UNKNOWN_LESSON: "unknown_lesson",
  NO_LESSON: "no_lesson",
  CHOOSE_OPTION: "choose_option",
  TYPE_ANSWER: "type_answer",
  UNAVAILABLE: "tutor_unavailable",
  VOICE_UNAVAILABLE: "voice_unavailable",
  AUDIO_NOT_FOUND: "audio_not_found",
  AUDIO_UNINTELLIGIBLE: "audio_unintelligible",
} as const;
export type TutorErrorCode = (typeof TutorErrorCode)[keyof typeof TutorErrorCode];

export interface ErrorMessage {
  code: ErrorCode | TutorErrorCode;
  message: string;
}

export interface ChatMessage {
  sessionId: string;
  name: string;
  text: string;
  at: number;
}
