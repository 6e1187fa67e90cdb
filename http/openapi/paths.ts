import type { OpenAPIRegistry, ResponseConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { ACCEPTED_CONTENT_TYPES } from "../../domain/audio/inspectRecording.ts";
import { guestBody } from "../authRoutes.ts";
import { sessionsQuery } from "../learnerRoutes.ts";
import { registerOpsPaths } from "./opsPaths.ts";
import * as schemas from "./schemas.ts";

/** Security requirements, by the schemes document.ts declares. */
export const LEARNER = [{ learnerToken: [] }];
export const OPERATOR = [{ operatorBasic: [] }];

const json = (schema: z.ZodType) => ({ "application/json": { schema } });
const ok = (description: string, schema: z.ZodType): ResponseConfig => ({ description, content: json(schema) });
const error = (description: string): ResponseConfig => ({ description, content: json(schemas.errorBody) });

const rateLimited = error("`rate_limited`: over a rate limit; retry after `Retry-After` seconds.");
const unavailable = error("`unavailable`: the database is unreachable; retry shortly.");
const learnerErrors = {
  401: error("`unauthorized` (no or bad token) or `token_expired`: sign in again."),
  429: rateLimited,
  503: unavailable,
};
const idParam = (what: string) => z.object({ id: z.uuid().meta({ description: `The ${what}'s id.` }) });

function registerSignInAndLessons(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "post",
    path: "/api/v1/auth/guest",
    tags: ["learners"],
    summary: "Sign in as a guest",
    description: "Creates a guest learner and returns their token. Limited per client IP (`RATE_LIMIT_SIGNIN_PER_MINUTE`).",
    request: {
      body: {
        required: true,
        description: "`name`: 1-24 visible characters once trimmed; control and invisible characters are removed; stored NFC. `lang`: the learner's own language, for feedback.",
        content: json(guestBody),
      },
    },
    responses: {
      201: ok("The new learner and their token.", schemas.signedIn),
      400: error("`invalid_body` (says which field and why) or `malformed_json`."),
      413: error("`payload_too_large`: JSON bodies are limited to 16 KiB."),
      429: rateLimited,
      503: unavailable,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/lessons",
    tags: ["lessons"],
    summary: "List the lessons",
    responses: { 200: ok("Every lesson, without its activities.", schemas.responses.lessons), 429: rateLimited },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/lessons/{id}",
    tags: ["lessons"],
    summary: "One lesson with its stages and activities",
    description: "What each activity asks, never its answers, slots, hint texts or which choice is right.",
    request: { params: z.object({ id: z.string().meta({ description: "The lesson's id, e.g. `cafe-order`." }) }) },
    responses: { 200: ok("The lesson.", schemas.lessonDetail), 404: error("`not_found`: no such lesson."), 429: rateLimited },
  });
}

function registerScenes(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "get",
    path: "/api/v1/scenes",
    tags: ["scenes"],
    summary: "List the scenes",
    description: "Every scene (room) with its bounds, walking speed, tutor NPC and layout: what a client needs to draw it.",
    responses: { 200: ok("Every scene.", schemas.responses.scenes), 429: rateLimited },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/features",
    tags: ["scenes"],
    summary: "What this server offers",
    description: "Whether voice answers and the tutor's voice are available, so a client can offer a record button or say why not.",
    responses: { 200: ok("The server's features.", schemas.features), 429: rateLimited },
  });
}

function registerLearnerData(registry: OpenAPIRegistry): void {
  const me = (path: string, summary: string, response: ResponseConfig, extra: object = {}) =>
    registry.registerPath({
      method: "get",
      path,
      tags: ["learners"],
      summary,
      security: LEARNER,
      ...extra,
      responses: { 200: response, ...learnerErrors },
    });
  me("/api/v1/me", "The signed-in learner", ok("Who the token belongs to.", schemas.responses.me));
  me("/api/v1/me/progress", "The learner's progress per lesson, and their review items", ok("Progress newest first; review items soonest due first.", schemas.responses.progress));
  me("/api/v1/me/sessions", "The learner's past sessions", ok("Newest first.", schemas.responses.sessions), {
    request: { query: sessionsQuery },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/me/sessions/{id}",
    tags: ["learners"],
    summary: "One of the learner's sessions, with its events",
    security: LEARNER,
    request: { params: idParam("session") },
    responses: {
      200: ok("The session and its events, oldest first.", schemas.responses.sessionDetail),
      404: error("`not_found`: no such session of this learner's."),
      ...learnerErrors,
    },
  });
}

const binary = { type: "string", format: "binary" } as const;

function registerAudio(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "post",
    path: "/api/v1/audio",
    tags: ["voice"],
    summary: "Upload a recorded answer",
    description:
      "The recording as the body (16-bit PCM WAV, WebM/Opus, Ogg/Opus or MP3; `AUDIO_MAX_BYTES`, `AUDIO_MAX_SECONDS`), " +
      "or a `multipart/form-data` field named `audio`. It is checked by its bytes, kept privately for its owner, and expires.",
    security: LEARNER,
    request: {
      body: {
        required: true,
        content: {
          ...Object.fromEntries(ACCEPTED_CONTENT_TYPES.map((type) => [type, { schema: binary }])),
          "multipart/form-data": { schema: { type: "object", properties: { audio: binary }, required: ["audio"] } },
        },
      },
    },
    responses: {
      201: ok("Stored.", schemas.uploadedRecording),
      400: error("The multipart form is malformed, or has other fields or files."),
      413: error("`payload_too_large`: larger than `AUDIO_MAX_BYTES`."),
      415: error("`unsupported_media_type` (no recording in the body) or `mislabelled_audio`."),
      422: error("Not a recording we take, cut off, too short or too long (the code says which)."),
      ...learnerErrors,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/audio/{id}",
    tags: ["voice"],
    summary: "Fetch one of the learner's recordings",
    security: LEARNER,
    request: { params: idParam("recording") },
    responses: {
      302: { description: "To a short-lived link to the recording (`Location`; `MEDIA_URL_TTL_SECONDS`)." },
      404: error("`not_found`: no such recording of this learner's, or it has expired."),
      ...learnerErrors,
    },
  });
}

function registerOperations(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "get",
    path: "/health",
    tags: ["operations"],
    summary: "Liveness",
    responses: { 200: ok("The process is alive.", schemas.health) },
  });
  registry.registerPath({
    method: "get",
    path: "/ready",
    tags: ["operations"],
    summary: "Readiness",
    description: "Whether this process takes learners: the database answers within 1 s and it is not draining.",
    responses: { 200: ok("Ready.", schemas.ready), 503: ok("The database does not answer, or the process is draining (SIGTERM).", schemas.notReady) },
  });
  registry.registerPath({
    method: "get",
    path: "/metrics",
    tags: ["operations"],
    summary: "Prometheus metrics",
    description: "Open to direct requests from the private network; anything else (or relayed by a proxy) needs operator credentials.",
    security: [...OPERATOR, {}],
    responses: {
      200: { description: "Prometheus text format.", content: { "text/plain": { schema: { type: "string" } } } },
      401: error("`unauthorized`: operator credentials required (`MONITOR_USER` / `MONITOR_PASSWORD`)."),
    },
  });
}

export function registerPaths(registry: OpenAPIRegistry): void {
  registerSignInAndLessons(registry);
  registerScenes(registry);
  registerLearnerData(registry);
  registerAudio(registry);
  registerOperations(registry);
  registerOpsPaths(registry);
}
