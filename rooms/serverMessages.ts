import { z } from "zod";
import { ERROR_TYPES, ROLES } from "../domain/lessons/lesson.ts";
import { RoleplayErrorCode, RoleplayNoticeCode } from "../domain/roleplay/roleplayMessages.ts";
import { TutorErrorCode } from "../domain/tutor/tutorErrors.ts";
import { ErrorCode, ModerationCode, NoticeCode, type ServerMessages, type ServerMessageType } from "./protocol.ts";

/**
 * The server -> client payloads of rooms/protocol.ts as zod schemas, for what needs them as
 * data: the Unity code generator (scripts/unity-protocol.ts, through z.toJSONSchema) and the
 * tests that check real messages against them. The checks at the end of this file fail to
 * compile when a schema and its protocol.ts type differ, so the two cannot drift apart.
 * A `title` names the C# class or constants generated for it.
 */

const count = z.int32().min(0);
const errorType = z.enum(ERROR_TYPES).meta({ title: "ErrorType", description: "The kind of mistake; `none` when there is none." });
const activityKind = z.enum(["dialogue", "repeat", "choice", "listen", "fill"]).meta({
  title: "ActivityKind",
  description: "What the learner does: answer a line, repeat a phrase, pick one of the choices, pick what a line heard means, or fill the gap in a sentence.",
});
const turnOutcome = z
  .enum(["retry", "advance", "reveal", "skipped"])
  .meta({ title: "TurnOutcome", description: "What happens next: try again, the next activity, the answer shown (attempts used up), or skipped." });

const chat = z.strictObject({
  id: z.string().meta({ description: "The line's id, named by `chat:removed` when an operator takes it back." }),
  sessionId: z.string(),
  name: z.string(),
  text: z.string(),
  at: z.int().meta({ description: "Server time, ms since the epoch." }),
});

const error = z.strictObject({
  code: z.union([z.enum(ErrorCode), z.enum(TutorErrorCode), z.enum(RoleplayErrorCode)]).meta({ description: "One of ErrorCode, TutorErrorCode or RoleplayErrorCode." }),
  message: z.string().meta({ description: "For people; a tutor code's message is in the learner's language." }),
});

const notice = z
  .strictObject({ code: z.enum(NoticeCode).meta({ description: "One of NoticeCode." }), message: z.string() })
  .meta({ title: "NoticeMessage", description: "A notice about the connection itself." });

const moderation = z
  .strictObject({
    code: z.enum(ModerationCode).meta({ description: "One of ModerationCode." }),
    message: z.string().meta({ description: "What happened, in the learner's language." }),
    reason: z.string().meta({ description: "The operator's reason, as they wrote it." }),
    until: z.int().optional().meta({ description: "Until when a mute lasts, ms since the epoch." }),
  })
  .meta({ title: "ModerationMessage", description: "An operator acted on this learner." });

const chatRemoved = z.strictObject({ id: z.string().meta({ description: "The chat line taken back." }) });

const prompt = z.strictObject({
  lessonId: z.string(),
  stageId: z.string(),
  activityId: z.string(),
  kind: activityKind,
  index: count.meta({ description: "Position in the lesson, 0-based." }),
  total: count.meta({ description: "Number of activities in the lesson." }),
  text: z.string().meta({ description: "The tutor's line in Korean; empty for a listen activity that has audio (the line is heard)." }),
  translation: z.string().meta({ description: "The tutor's line in the learner's language; empty for a listen activity." }),
  task: z.string().meta({ description: "What the learner is asked to do, in their language." }),
  choices: z.array(z.string()).optional().meta({ description: "The options in Korean (choice activities)." }),
  choiceTranslations: z.array(z.string()).optional().meta({ description: "The options in the learner's language (choice and listen activities)." }),
  sentence: z.string().optional().meta({ description: "The sentence with its gap ___ (fill activities)." }),
  audioUrl: z.string().optional().meta({ description: "The line spoken, when the voice is ready in time." }),
  attempt: count.meta({ description: "This attempt, from 1." }),
  maxAttempts: count,
  hints: count.meta({ description: "Hints the activity has." }),
  review: z
    .strictObject({ itemId: z.string(), said: z.string().meta({ description: "What the learner wrote last time, or the option they picked." }) })
    .optional()
    .meta({ title: "ReviewPrompt", description: "Set when the learner's own mistake is brought back; index and total then count the reviews." }),
});

const feedbackError = z
  .strictObject({
    type: errorType,
    span: z.strictObject({ start: count, end: count }).meta({ title: "TextSpan", description: "Where in the answer as the evaluator read it (normalised), in UTF-16 code units." }),
    found: z.string(),
    expected: z.string(),
    message: z.string(),
  })
  .meta({ title: "FeedbackError" });

const feedback = z.strictObject({
  activityId: z.string(),
  score: count.meta({ description: "0 to 100." }),
  pass: z.boolean(),
  errorType,
  errors: z.array(feedbackError),
  feedback: z.string().meta({ description: "The tutor's feedback, in the learner's language." }),
  correction: z.string().optional(),
  audioUrl: z.string().optional(),
  provider: z.string(),
  latencyMs: z.number(),
  outcome: turnOutcome,
  attemptsLeft: count,
  answer: z.string().optional().meta({ description: "The model answer, when the tutor reveals it." }),
  transcript: z.string().optional().meta({ description: "What the server heard, for spoken answers." }),
  line: z.string().optional().meta({ description: "A listen activity's line in Korean, shown once answered." }),
  lineTranslation: z.string().optional().meta({ description: "A listen activity's line in the learner's language." }),
  review: z
    .strictObject({
      itemId: z.string(),
      grade: z.enum(["again", "good", "easy"]).meta({ title: "ReviewGrade", description: "The FSRS grade the answer gave the item." }),
      due: z.string().meta({ description: "When the item is due again (ISO 8601)." }),
      days: count.meta({ description: "Whole days until then." }),
    })
    .optional()
    .meta({ title: "ReviewResult", description: "On the feedback to a review: how it went and when it comes back." }),
});

const hint = z.strictObject({
  activityId: z.string(),
  ko: z.string().meta({ description: "The Korean snippet; empty when no hint is left." }),
  text: z.string().meta({ description: "The hint in the learner's language, or that none is left." }),
  remaining: count,
});

const busy = z.strictObject({ activityId: z.string(), message: z.string() });

// Roleplay (domain/roleplay/roleplayMessages.ts): two learners play a lesson's dialogue.
const role = z.enum(ROLES).meta({ title: "Role", description: "customer or staff." });
const epochMs = z.number().meta({ description: "Wall time, ms since the epoch." });

const roleplayCue = z.strictObject({
  roleplayId: z.string(),
  round: count.meta({ description: "1, then 2 with the roles swapped." }),
  role,
  roleName: z.string().meta({ description: "The role's name in the learner's language." }),
  roleNameKo: z.string(),
  activityId: z.string(),
  index: count.meta({ description: "The script line, 0-based." }),
  total: count.meta({ description: "Lines per round." }),
  heard: z.string().meta({ description: "What the partner just said; empty at the first line of a round." }),
  heardTranslation: z.string().meta({ description: "What the script's line the partner said means, in the learner's language (customer lines only)." }),
  task: z.string().meta({ description: "What to say, in the learner's language." }),
  attempt: count,
  maxAttempts: count,
  hints: count,
  deadlineAt: epochMs.meta({ description: "When the NPC says the line instead (ms since the epoch)." }),
});

const roleplayFeedback = feedback.extend({ roleplayId: z.string(), round: count, role });

const roleplayHint = hint.extend({ roleplayId: z.string() });

const roleplayNotice = z.strictObject({
  roleplayId: z.string().meta({ description: "Empty for notices before a roleplay starts (declined, waiting)." }),
  code: z.enum(RoleplayNoticeCode).meta({ description: "One of RoleplayNoticeCode." }),
  message: z.string().meta({ description: "In the learner's language." }),
});

const roleplayInvited = z.strictObject({
  inviteId: z.string(),
  fromSessionId: z.string(),
  fromName: z.string(),
  lessonId: z.string(),
  lessonTitle: z.string(),
  message: z.string().meta({ description: "The invitation, in the learner's language." }),
  expiresAt: epochMs,
});

const roleplayDone = z.strictObject({
  roleplayId: z.string(),
  lessonId: z.string(),
  lines: count.meta({ description: "This player's lines over both rounds." }),
  passed: count,
  averageScore: count,
  npcLines: count.meta({ description: "Lines the NPC said for this player." }),
  feedback: z.string(),
});

const summary = z
  .strictObject({
    lessonId: z.string(),
    activities: count,
    passed: count,
    skipped: count,
    revealed: count,
    averageScore: count,
    attempts: count,
    hints: count,
  })
  .meta({ title: "LessonSummary" });

const done = z.strictObject({ lessonId: z.string(), summary, feedback: z.string() });

const reviewDone = z.strictObject({
  reviewed: count,
  passed: count,
  feedback: z.string().meta({ description: "The tutor's words, in the learner's language." }),
  nextDue: z.string().optional().meta({ description: "When the next item falls due (ISO 8601), if any is scheduled." }),
});

/** Every server -> client message, by name: its payload's schema. */
export const SERVER_MESSAGES = {
  chat,
  error,
  "roleplay:cue": roleplayCue,
  "roleplay:feedback": roleplayFeedback,
  "roleplay:hint": roleplayHint,
  "roleplay:notice": roleplayNotice,
  "roleplay:invited": roleplayInvited,
  "roleplay:done": roleplayDone,
  "server:draining": notice,
  "session:replaced": notice,
  moderation,
  "chat:removed": chatRemoved,
  "tutor:prompt": prompt,
  "tutor:feedback": feedback,
  "tutor:hint": hint,
  "tutor:busy": busy,
  "tutor:done": done,
  "tutor:review_done": reviewDone,
} as const satisfies { [K in ServerMessageType]: z.ZodType<ServerMessages[K]> };

// The other direction too: schema and type must be identical, not only assignable (an optional
// field one side lacks would pass that). A message whose two differ names itself in the error.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Mismatched = { [K in ServerMessageType]: Same<z.output<(typeof SERVER_MESSAGES)[K]>, ServerMessages[K]> extends true ? never : K }[ServerMessageType];
type NoneOf<T extends never> = T;
/** Compiles only while every schema describes exactly its protocol.ts payload. */
export type SchemasMatchProtocol = NoneOf<Mismatched>;
