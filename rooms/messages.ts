import { z } from "zod";
import { ANIMATIONS } from "../domain/scenes/movement.ts";
import { EMOTES } from "../domain/emotes.ts";
import { learnerLangSchema } from "../domain/learners/learner.ts";

/** Client -> server payloads. Anything that does not parse is refused before it nears state. */

const coordinate = z.number().finite().min(-1e6).max(1e6);

export const moveMessage = z.object({
  x: coordinate,
  y: coordinate,
  facing: z.number().finite().min(-1e6).max(1e6).optional(),
  anim: z.enum(ANIMATIONS).optional(),
});

/**
 * Raw chat may be longer than the visible limit (CHAT_MAX_LENGTH, checked after spaces and
 * control characters are removed); this cap only keeps absurd payloads out.
 */
export const CHAT_RAW_MAX_LENGTH = 2_000;
export const chatMessage = z.object({ text: z.string().max(CHAT_RAW_MAX_LENGTH) });

export const emoteMessage = z.object({ name: z.enum(EMOTES) });

const lessonId = z.string().max(64);

// Tutor messages. Payloads that carry nothing may be omitted or sent as {}.
const empty = z.union([z.undefined(), z.null(), z.object({})]);
export const tutorStartMessage = z.union([z.undefined(), z.null(), z.object({ lessonId: lessonId.optional() })]);
export const tutorAnswerMessage = z.object({ text: z.string().max(500) });
export const tutorChooseMessage = z.object({ index: z.number().int().min(0).max(9) });
export const tutorAudioMessage = z.object({ audioId: z.uuid() });
export const tutorEmptyMessage = empty;

// Roleplay messages (docs/together.md).
const roleplayLesson = z.union([z.undefined(), z.null(), z.object({ lessonId: lessonId.optional() })]);
export const roleplayInviteMessage = z.object({ sessionId: z.string().min(1).max(64), lessonId: lessonId.optional() });
export const roleplayReplyMessage = z.object({ inviteId: z.uuid() });

/** Every message a client may send, by name; rooms/protocol.ts derives the payload types from it. */
export const CLIENT_MESSAGES = {
  move: moveMessage,
  chat: chatMessage,
  emote: emoteMessage,
  "roleplay:invite": roleplayInviteMessage,
  "roleplay:accept": roleplayReplyMessage,
  "roleplay:decline": roleplayReplyMessage,
  "roleplay:find": roleplayLesson,
  "roleplay:answer": tutorAnswerMessage,
  "roleplay:hint": empty,
  "roleplay:leave": empty,
  "tutor:start": tutorStartMessage,
  "tutor:answer": tutorAnswerMessage,
  "tutor:choose": tutorChooseMessage,
  "tutor:audio": tutorAudioMessage,
  "tutor:hint": tutorEmptyMessage,
  "tutor:repeat": tutorEmptyMessage,
  "tutor:skip": tutorEmptyMessage,
  "tutor:review": tutorEmptyMessage,
} as const;

export const joinOptions = z
  .object({
    /** Ignored: the display name comes from the learner's token. Kept for older clients. */
    name: z.string().max(200).optional(),
    /** Language for tutor feedback in this session; defaults to the learner's own. */
    lang: learnerLangSchema.optional(),
    /** The lesson `tutor:start` starts when it names none; defaults to the scene's. */
    lessonId: lessonId.optional(),
  })
  .default({});
export type JoinOptions = z.infer<typeof joinOptions>;

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`)
    .join("; ");
}
