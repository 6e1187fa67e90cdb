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

// Raw chat may be longer than the visible limit (spaces and control characters are removed
// first); this cap only keeps absurd payloads out.
export const chatMessage = z.object({ text: z.string().max(2_000) });

export const emoteMessage = z.object({ name: z.enum(EMOTES) });

// Tutor messages. Payloads that carry nothing may be omitted or sent as {}.
const empty = z.union([z.undefined(), z.null(), z.object({})]);
export const tutorStartMessage = z.union([z.undefined(), z.null(), z.object({ lessonId: z.string().max(64).optional() })]);
export const tutorAnswerMessage = z.object({ text: z.string().max(500) });
export const tutorChooseMessage = z.object({ index: z.number().int().min(0).max(9) });
export const tutorAudioMessage = z.object({ audioId: z.uuid() });
export const tutorEmptyMessage = empty;

export const joinOptions = z
  .object({
    /** Ignored: the display name comes from the learner's token. Kept for older clients. */
    name: z.string().max(200).optional(),
    /** Language for tutor feedback in this session; defaults to the learner's own. */
    lang: learnerLangSchema.optional(),
    lessonId: z.string().max(64).optional(),
  })
  .default({});
export type JoinOptions = z.infer<typeof joinOptions>;

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`)
    .join("; ");
}
