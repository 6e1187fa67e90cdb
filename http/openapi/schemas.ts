import { z } from "zod";
import { ERROR_TYPES, inLearnerLangs } from "../../domain/lessons/lesson.ts";
import { learnerLangSchema, type Learner } from "../../domain/learners/learner.ts";
import { activityResultSchema, PROGRESS_STATUSES } from "../../domain/lessons/lessonEngine.ts";
import { FLOORS, FURNITURE_KINDS } from "../../domain/scenes/layout.ts";
import type { LessonProgressView, SessionEventView, SessionView } from "../../services/learning/LearningHistory.ts";
import type { ReviewView } from "../../services/review/ReviewStore.ts";
import type { Features } from "../featureRoutes.ts";
import type { PublicScene } from "../sceneRoutes.ts";

/**
 * What the HTTP API answers, for the OpenAPI document. The routes build these bodies by hand;
 * the schemas are strict so tests/http/openapi.test.ts, which checks real answers against
 * them, fails when a route adds, drops or renames a field the document does not describe.
 */

const isoTime = z.iso.datetime();
const koEn = z.strictObject({ ko: z.string(), en: z.string() });

export const errorBody = z
  .strictObject({
    error: z.strictObject({
      code: z.string().meta({ description: "Stable, for programs (`invalid_body`, `unauthorized`, `rate_limited`, ...)." }),
      message: z.string().meta({ description: "A short sentence for people; never internal details." }),
    }),
  })
  .meta({ id: "Error" });

export const learner = z
  .strictObject({ userId: z.uuid(), name: z.string(), lang: learnerLangSchema })
  .meta({ id: "Learner" }) satisfies z.ZodType<Learner>;

export const signedIn = z
  .strictObject({
    token: z.string().meta({ description: "The learner token (JWT): `Authorization: Bearer <token>` here, `client.auth.token` in the SDKs." }),
    expiresAt: isoTime,
    learner,
  })
  .meta({ id: "SignedIn" });

const lessonFields = {
  id: z.string(),
  level: z.string().meta({ description: "CEFR level, e.g. A1 or A1-A2." }),
  scene: z.string().meta({ description: "The scene (room name) where the lesson is played." }),
  title: koEn,
  objectives: z.strictObject({ ko: z.array(z.string()), en: z.array(z.string()) }),
};

export const lessonSummary = z
  .strictObject({
    ...lessonFields,
    stages: z.int().meta({ description: "Number of stages." }),
    activities: z.int().meta({ description: "Number of activities." }),
  })
  .meta({ id: "LessonSummary" });

const publicActivity = z
  .strictObject({
    id: z.string(),
    kind: z.enum(["dialogue", "repeat", "choice", "listen", "fill"]),
    difficulty: z.int().min(1).max(5),
    tutor: z
      .strictObject({ text: z.string(), translations: inLearnerLangs.strict() })
      .optional()
      .meta({ description: "The tutor's line; absent for listen activities, whose line is heard in the room." }),
    task: inLearnerLangs.strict(),
    hints: z.int().meta({ description: "How many hints the tutor can give (their texts come in the room)." }),
    choices: z
      .array(z.strictObject({ text: z.string().optional(), translations: inLearnerLangs.strict() }))
      .optional()
      .meta({ description: "Choice and listen activities; which one is right is not told, and a listen activity's options come without their Korean text." }),
    sentence: z.string().optional().meta({ description: "Fill activities: the sentence with its gap ___." }),
  })
  .meta({ id: "PublicActivity" });

export const lessonDetail = z
  .strictObject({
    ...lessonFields,
    stages: z.array(z.strictObject({ id: z.string(), title: koEn, activities: z.array(publicActivity) })),
    activities: z.int(),
  })
  .meta({ id: "Lesson" });

export const lessonProgress = z
  .strictObject({
    lessonId: z.string(),
    status: z.enum(PROGRESS_STATUSES),
    currentActivityId: z.string().nullable(),
    attempts: z.int().meta({ description: "Attempts so far on the current activity." }),
    hintsUsed: z.int().meta({ description: "Hints shown so far on the current activity." }),
    results: z.record(z.string(), activityResultSchema).meta({ description: "How each activity went, by activity id." }),
    startedAt: isoTime,
    updatedAt: isoTime,
    completedAt: isoTime.nullable(),
  })
  .meta({ id: "LessonProgress" }) satisfies z.ZodType<LessonProgressView>;

export const session = z
  .strictObject({
    id: z.uuid(),
    scene: z.string(),
    lessonId: z.string().nullable(),
    roomId: z.string(),
    status: z.string(),
    endReason: z.string().nullable(),
    startedAt: isoTime,
    endedAt: isoTime.nullable(),
    events: z.int().meta({ description: "Number of recorded events (tutor turns and the like)." }),
  })
  .meta({ id: "Session" }) satisfies z.ZodType<SessionView>;

export const sessionEvent = z
  .strictObject({
    id: z.uuid(),
    activityId: z.string().nullable(),
    eventType: z.string(),
    userInput: z.string().nullable(),
    tutorResponse: z.string().nullable(),
    score: z.number().nullable(),
    pass: z.boolean().nullable(),
    errorType: z.string().nullable().meta({ description: `The main mistake: ${ERROR_TYPES.join(", ")}.` }),
    provider: z.string().nullable(),
    latencyMs: z.int().nullable(),
    createdAt: isoTime,
  })
  .meta({ id: "SessionEvent" }) satisfies z.ZodType<SessionEventView>;

export const uploadedRecording = z
  .strictObject({
    audioId: z.uuid().meta({ description: "Send it in the room as `tutor:audio { audioId }`." }),
    durationMs: z.int(),
    format: z.strictObject({ container: z.string(), codec: z.string() }),
    expiresAt: isoTime.nullable(),
  })
  .meta({ id: "UploadedRecording" });

const rect = {
  x: z.number().meta({ description: "Centre, metres east." }),
  y: z.number().meta({ description: "Centre, metres north." }),
  w: z.number().meta({ description: "Width (east-west), metres." }),
  h: z.number().meta({ description: "Depth (north-south), metres." }),
};

export const scene = z
  .strictObject({
    name: z.string().meta({ description: "The room name to join." }),
    title: koEn,
    bounds: z.strictObject({ minX: z.number(), maxX: z.number(), minY: z.number(), maxY: z.number() }),
    capacity: z.int(),
    walkSpeed: z.number().meta({ description: "Metres per second; faster moves are clamped." }),
    npc: z.strictObject({ id: z.string(), name: koEn, x: z.number(), y: z.number(), facing: z.number() }),
    lessonId: z.string().optional().meta({ description: "The lesson the tutor starts by default." }),
    layout: z
      .strictObject({
        floor: z.enum(FLOORS),
        areas: z.array(z.strictObject({ floor: z.enum(FLOORS), ...rect })),
        items: z.array(z.strictObject({ kind: z.enum(FURNITURE_KINDS), ...rect, label: z.string().optional() })),
      })
      .meta({ description: "What to draw: the floor, patches of other floors, and furniture (rectangles centred on x, y)." }),
  })
  .meta({ id: "Scene" }) satisfies z.ZodType<PublicScene>;

export const features = z
  .strictObject({
    region: z.string().meta({ description: "The region this deployment serves (`REGION`, config/regions.yaml)." }),
    languages: z.array(learnerLangSchema).min(1).meta({ description: "Instruction languages offered, in order: offer the first by default; sign-in refuses others." }),
    voiceAnswers: z.boolean().meta({ description: "Recorded answers are transcribed (`STT_PROVIDER`); when false, ask learners to type." }),
    tutorVoice: z.boolean().meta({ description: "The tutor's lines come with audio (`TTS_PROVIDER`) when it is ready in time." }),
  })
  .meta({ id: "Features" }) satisfies z.ZodType<Features>;

export const health = z.strictObject({ status: z.literal("ok") });
export const ready = z.strictObject({ status: z.literal("ready"), database: z.literal(true) });
export const notReady = z.union([
  z.strictObject({ status: z.literal("not_ready"), database: z.literal(false) }),
  z.strictObject({ status: z.literal("draining") }),
]);

export const reviewItem = z
  .strictObject({
    id: z.uuid(),
    lessonId: z.string(),
    activityId: z.string(),
    errorType: z.enum(ERROR_TYPES).meta({ description: "The kind of mistake the learner made." }),
    answer: z.string().meta({ description: "What the learner wrote (or the option they picked)." }),
    correction: z.string().meta({ description: "What it should have been." }),
    due: isoTime.meta({ description: "When the tutor brings it back (FSRS schedule)." }),
    isDue: z.boolean().meta({ description: "Due now: it comes first when the learner next starts a lesson in its scene, or asks for a review." }),
    reps: z.int().meta({ description: "Times graded, the failed turn that made it included." }),
    lapses: z.int().meta({ description: "Times missed after having been remembered." }),
    lastReview: isoTime.nullable(),
  })
  .meta({ id: "ReviewItem", description: "One of the learner's own mistakes, scheduled for review (docs/review.md)." }) satisfies z.ZodType<ReviewView>;

export const responses = {
  me: z.strictObject({ learner }),
  lessons: z.strictObject({ lessons: z.array(lessonSummary) }),
  scenes: z.strictObject({ scenes: z.array(scene) }),
  progress: z.strictObject({
    progress: z.array(lessonProgress),
    reviews: z.array(reviewItem).meta({ description: "The learner's review items, the soonest due first." }),
    reviewsDue: z.int().meta({ description: "How many of them are due now." }),
  }),
  sessions: z.strictObject({ sessions: z.array(session) }),
  sessionDetail: z.strictObject({ session, events: z.array(sessionEvent) }),
};
