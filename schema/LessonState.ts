import { schema, t, type SchemaType } from "@colyseus/schema";
import { MAX_ATTEMPTS } from "../domain/lessons/lessonEngine.ts";

/**
 * One learner's lesson, visible only to that learner (a StateView holds it). It mirrors
 * the tutor's last prompt and feedback so a reconnecting client can redraw everything;
 * the tutor core (domain/tutor, LessonView) decides every value.
 */
export const LessonState = schema(
  {
    /** The tutor phase: idle | prompting | evaluating | completed. */
    status: t.string().default("idle"),
    lessonId: t.string().default(""),
    lessonTitle: t.string().default(""),
    stageId: t.string().default(""),
    activityId: t.string().default(""),
    /** dialogue | choice | repeat | listen | fill */
    kind: t.string().default(""),
    index: t.uint8().default(0),
    total: t.uint8().default(0),
    /**
     * The tutor's current line in Korean, its translation, and its audio when there is any. A
     * listen activity's line is heard, not shown: both are "" (the line, when there is no audio).
     */
    line: t.string().default(""),
    translation: t.string().default(""),
    audioUrl: t.string().default(""),
    task: t.string().default(""),
    /** The options: in Korean for a choice activity, in the learner's language for a listen one. */
    choices: t.array("string"),
    attempts: t.uint8().default(0),
    /** Attempts at an activity before the answer is shown. */
    maxAttempts: t.uint8().default(MAX_ATTEMPTS),
    hintsUsed: t.uint8().default(0),
    hintsTotal: t.uint8().default(0),
    /** The last evaluated answer: -1 before any. */
    lastScore: t.int16().default(-1),
    lastPass: t.boolean().default(false),
    lastErrorType: t.string().default(""),
    lastFeedback: t.string().default(""),
    lastCorrection: t.string().default(""),
    /** A fill activity's sentence, with the gap ___ to fill (last: fields added later go at the end, so older clients still decode). */
    sentence: t.string().default(""),
  },
  "LessonState",
);
export type LessonState = SchemaType<typeof LessonState>;
