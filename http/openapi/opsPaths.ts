import type { OpenAPIRegistry, ResponseConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { moderationActionSchema } from "../../domain/ops/moderation.ts";
import { learnerLangSchema } from "../../domain/learners/learner.ts";
import { auditQuery, costQuery } from "../opsRoutes.ts";
import * as ops from "./opsSchemas.ts";
import { errorBody } from "./schemas.ts";

const OPERATOR = [{ operatorBasic: [] }];
const json = (schema: z.ZodType) => ({ "application/json": { schema } });
const ok = (description: string, schema: z.ZodType): ResponseConfig => ({ description, content: json(schema) });
const error = (description: string): ResponseConfig => ({ description, content: json(errorBody) });
const unauthorized = error("`unauthorized`: operator credentials required (`MONITOR_USER` / `MONITOR_PASSWORD`).");
const badQuery = error("`invalid_query`: names the parameter and what is wrong with it.");

const reportQuery = z.object({
  from: z.iso.date().optional().meta({ description: "First UTC day (default: 6 days before `to`)." }),
  to: z.iso.date().optional().meta({ description: "Last UTC day, included (default: today). At most 366 days in all." }),
  scene: z.string().optional().meta({ description: "Only this scene (room name)." }),
  lessonId: z.string().optional().meta({ description: "Only this lesson." }),
  lang: learnerLangSchema.optional().meta({ description: "Only learners who joined with this language." }),
});

function report(registry: OpenAPIRegistry, path: string, summary: string, description: string, schema: z.ZodType, query: z.ZodObject = reportQuery): void {
  registry.registerPath({
    method: "get",
    path,
    tags: ["console"],
    summary,
    description,
    security: OPERATOR,
    request: { query },
    responses: { 200: ok(summary, schema), 400: badQuery, 401: unauthorized },
  });
}

/** The operator console's API (http/opsRoutes.ts; docs/OPERATIONS.md). */
export function registerOpsPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "get",
    path: "/api/v1/ops/live",
    tags: ["console"],
    summary: "Every room of every process, now",
    description: "From the matchmaker (with Redis: the whole deployment), each room answering for itself: its learners, their lesson position and last feedback, whom the NPC talks to, recent chat.",
    security: OPERATOR,
    responses: { 200: ok("The live rooms.", ops.liveRooms), 401: unauthorized },
  });
  report(registry, "/api/v1/ops/learning", "How learning goes", "Sessions, learners, turns, pass rates, attempts, error types per activity and language, the most-failed answers, lessons completed and their median time.", ops.learningReport);
  report(registry, "/api/v1/ops/tutor-health", "Tutor health", "Feedback latency percentiles, how often the LLM is asked and agrees with the rules, fallbacks, provider errors (AI calls are filtered by day only).", ops.tutorHealthReport);
  report(registry, "/api/v1/ops/ai-cost", "AI cost per day and provider", "Estimated spend from the usage log, against AI_DAILY_BUDGET_USD. Takes only `from` and `to`.", ops.aiCostReport, costQuery);
  registry.registerPath({
    method: "get",
    path: "/api/v1/ops/audit",
    tags: ["console"],
    summary: "The audit trail",
    description: "Operator actions, newest first.",
    security: OPERATOR,
    request: { query: auditQuery },
    responses: { 200: ok("Operator actions.", ops.audit), 400: badQuery, 401: unauthorized },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/ops/chat-filter",
    tags: ["console"],
    summary: "The chat filter's decisions",
    description: "Chat lines the abuse filter held back, newest first, with the terms they matched.",
    security: OPERATOR,
    request: { query: auditQuery },
    responses: { 200: ok("Lines held back.", ops.chatFilter), 400: badQuery, 401: unauthorized },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/ops/roleplays",
    tags: ["console"],
    summary: "Stored roleplays",
    description: "The latest roleplays from the stored session events, newest first: scene, room, lesson, status, lines judged and passed, NPC lines, and the players with their role in round one. Those under way are also on `/api/v1/ops/live`, per room.",
    security: OPERATOR,
    request: { query: auditQuery },
    responses: { 200: ok("Roleplays.", ops.roleplays), 400: badQuery, 401: unauthorized },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/ops/rooms/{roomId}/actions",
    tags: ["console"],
    summary: "Act in a room",
    description: "Mute, unmute or remove a learner (they are told why, in their language, with the reason as written), lock or unlock the room, or take back a chat line. Reaches the room on whichever process holds it; written to the audit trail either way.",
    security: OPERATOR,
    request: {
      params: z.object({ roomId: z.string().meta({ description: "The room's id (the Live view's `roomId`)." }) }),
      body: { required: true, content: json(moderationActionSchema) },
    },
    responses: {
      200: ok("Done.", ops.actionDone),
      400: error("`invalid_body`: names the field and what is wrong with it."),
      401: unauthorized,
      404: error("`no_such_room`, `no_such_learner` or `no_such_message`."),
      503: error("`room_unreachable`: the room's process did not answer in time."),
    },
  });
}
