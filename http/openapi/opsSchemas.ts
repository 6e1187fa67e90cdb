import { z } from "zod";
import { learnerLangSchema } from "../../domain/learners/learner.ts";
import type { AiCostReport, LearningReport, TutorHealthReport } from "../../domain/ops/reports.ts";
import type { LiveRoom } from "../../rooms/RoomControl.ts";
import type { AuditEntry, FilterDecision } from "../../services/ops/OpsQueries.ts";
import type { StoredRoleplay } from "../../services/roleplay/RoleplayLog.ts";

/**
 * The operator API's answers, for the OpenAPI document and for tests/ops, which parse real
 * answers with them: strict, so a field added or dropped on one side fails there.
 */

const share = z.number().min(0).max(1).nullable().meta({ description: "0 to 1; null when there is nothing to divide." });
const count = z.int().min(0);
const day = z.iso.date();

export const opsFilter = z
  .strictObject({
    from: day,
    to: day.meta({ description: "Included." }),
    scene: z.string().optional(),
    lessonId: z.string().optional(),
    lang: learnerLangSchema.optional(),
  })
  .meta({ id: "OpsFilter" });

export const learningReport = z
  .strictObject({
    filter: opsFilter,
    totals: z.strictObject({ sessions: count, learners: count, turns: count, passRate: share, lessonsCompleted: count, peakConcurrent: count }),
    daily: z.array(
      z.strictObject({ day, sessions: count, learners: count, turns: count, passRate: share, lessonsCompleted: count, peakConcurrent: count }),
    ),
    activities: z.array(
      z.strictObject({
        activityId: z.string(),
        lessonId: z.string().nullable(),
        turns: count,
        passes: count,
        passRate: share,
        meanAttemptsToPass: z.number().nullable().meta({ description: "Mean attempt number of the passing turns (1: first try)." }),
      }),
    ),
    errors: z
      .array(z.strictObject({ activityId: z.string(), lang: learnerLangSchema, errorType: z.string(), count, share: z.number() }))
      .meta({ description: "Per activity and learner language, its three most common error types among failed turns." }),
    failedAnswers: z.array(z.strictObject({ activityId: z.string(), answer: z.string(), count, errorType: z.string() })),
    lessons: z.array(z.strictObject({ lessonId: z.string(), completed: count, medianSeconds: z.number().nullable() })),
  })
  .meta({ id: "LearningReport" }) satisfies z.ZodType<LearningReport>;

const ms = z.number().nullable();

export const tutorHealthReport = z
  .strictObject({
    filter: opsFilter,
    latency: z.strictObject({ turns: count, p50: ms, p90: ms, p95: ms, p99: ms, max: ms }).meta({ description: "Feedback latency (ms) of evaluated turns." }),
    llmAsked: count,
    llmAskedShare: share,
    llmDecided: count,
    llmAgreed: count,
    llmAgreement: share.meta({ description: "Of turns an LLM decided, the share where its pass/fail was the rules' own." }),
    fallbacks: z.array(z.strictObject({ reason: z.string(), count })),
    providers: z.array(z.strictObject({ providerType: z.string(), providerName: z.string(), calls: count, failures: count, errorRate: share })),
    errors: z.array(z.strictObject({ providerType: z.string(), errorCode: z.string(), count })),
  })
  .meta({ id: "TutorHealthReport" }) satisfies z.ZodType<TutorHealthReport>;

export const aiCostReport = z
  .strictObject({
    filter: opsFilter,
    budgetUsd: z.number().meta({ description: "AI_DAILY_BUDGET_USD." }),
    totalUsd: z.number(),
    days: z.array(z.strictObject({ day, costUsd: z.number(), budgetShare: share })),
    byProvider: z.array(z.strictObject({ day, providerType: z.string(), providerName: z.string(), calls: count, costUsd: z.number() })),
  })
  .meta({ id: "AiCostReport" }) satisfies z.ZodType<AiCostReport>;

const liveLesson = z.strictObject({
  lessonId: z.string(),
  stageId: z.string(),
  activityId: z.string(),
  kind: z.string(),
  index: count,
  total: count,
  status: z.string(),
  attempts: count,
  lastScore: z.number().nullable(),
  lastPass: z.boolean().nullable(),
  lastErrorType: z.string(),
  lastFeedback: z.string(),
  lastCorrection: z.string(),
});

const role = z.enum(["customer", "staff"]);

const liveRoleplay = z.strictObject({
  id: z.uuid(),
  lessonId: z.string(),
  round: z.int().min(1).max(2),
  index: count.meta({ description: "The line under way in this round, from 0." }),
  total: count.meta({ description: "Lines in a round." }),
  players: z.array(
    z.strictObject({
      userId: z.uuid(),
      name: z.string(),
      lang: learnerLangSchema,
      role: role.meta({ description: "The part they play this round." }),
      status: z.enum(["here", "away", "left"]).meta({ description: "`away`: their connection dropped (the NPC says their lines); `left`: the NPC plays their part to the end." }),
    }),
  ),
});

export const liveRooms = z
  .strictObject({
    at: z.iso.datetime(),
    rooms: z.array(
      z.strictObject({
        roomId: z.string(),
        scene: z.string(),
        processId: z.string(),
        clients: count,
        maxClients: count,
        locked: z.boolean(),
        reachable: z.boolean().meta({ description: "False when the room did not answer in time; then only the matchmaker's fields are given." }),
        npcTalkingTo: z.strictObject({ sessionId: z.string(), name: z.string() }).nullable().optional(),
        learners: z
          .array(
            z.strictObject({
              sessionId: z.string(),
              userId: z.uuid(),
              name: z.string(),
              lang: learnerLangSchema,
              connected: z.boolean(),
              mutedUntil: z.int().nullable(),
              lesson: liveLesson.nullable(),
            }),
          )
          .optional(),
        recentChat: z
          .array(z.strictObject({ id: z.uuid(), sessionId: z.string(), userId: z.uuid(), name: z.string(), text: z.string(), at: z.int() }))
          .optional(),
        roleplays: z.array(liveRoleplay).optional().meta({ description: "Roleplays under way in the room (docs/together.md)." }),
      }),
    ),
  })
  .meta({ id: "LiveRooms" }) satisfies z.ZodType<{ at: string; rooms: LiveRoom[] }>;

export const audit = z
  .strictObject({
    actions: z.array(
      z.strictObject({
        id: z.uuid(),
        operator: z.string(),
        action: z.string(),
        roomId: z.string().nullable(),
        targetUserId: z.uuid().nullable(),
        reason: z.string().nullable(),
        outcome: z.string().meta({ description: "`done`, or why not: `no_such_room`, `no_such_learner`, `no_such_message`, `room_unreachable`." }),
        createdAt: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: "AuditTrail" }) satisfies z.ZodType<{ actions: AuditEntry[] }>;

export const chatFilter = z
  .strictObject({
    decisions: z.array(
      z.strictObject({
        id: z.uuid(),
        userId: z.uuid(),
        roomId: z.string(),
        text: z.string().meta({ description: "The line as the learner wrote it (after cleaning)." }),
        decision: z.string().meta({ description: "`blocked`: nobody saw it." }),
        matched: z.array(z.string()).meta({ description: "The list terms it matched." }),
        createdAt: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: "ChatFilterDecisions" }) satisfies z.ZodType<{ decisions: FilterDecision[] }>;

export const actionDone = z
  .strictObject({ ok: z.literal(true), auditId: z.uuid(), targetUserId: z.uuid().nullable() })
  .meta({ id: "OperatorActionDone" });

export const roleplays = z
  .strictObject({
    roleplays: z.array(
      z.strictObject({
        id: z.uuid(),
        scene: z.string(),
        roomId: z.string(),
        lessonId: z.string().nullable(),
        startedAt: z.iso.datetime(),
        lastAt: z.iso.datetime().meta({ description: "The roleplay's last stored event." }),
        status: z.enum(["completed", "left", "open"]).meta({ description: "`completed`: both rounds played; `left`: someone left before the end; `open`: under way, or cut short (the room closed)." }),
        answers: count.meta({ description: "Lines judged (every attempt)." }),
        passed: count,
        npcLines: count.meta({ description: "Lines the NPC said for a player who was slow, away or gone." }),
        players: z.array(z.strictObject({ userId: z.uuid(), name: z.string(), lang: learnerLangSchema.nullable(), firstRole: role.nullable().meta({ description: "Their part in round one." }) })),
      }),
    ),
  })
  .meta({ id: "Roleplays" }) satisfies z.ZodType<{ roleplays: StoredRoleplay[] }>;
