import { defineRoom, defineServer, matchMaker, type Server } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { CORS_BASE_HEADERS, corsHeaders } from "./http/cors.ts";
import { mountHttp } from "./http/mountHttp.ts";
import { roomScenes } from "./rooms/sceneRooms.ts";
import { sceneRoom } from "./rooms/SceneRoom.ts";
import type { Services } from "./services/index.ts";
import { redisScaling } from "./services/scaling/redis.ts";

/**
 * The server definition: which rooms exist, which HTTP routes, and where presence and
 * matchmaking live (in this process, or in Redis when REDIS_URL is set).
 */

/** Largest WebSocket frame a client may send; room messages are small JSON-like payloads. */
const MAX_FRAME_BYTES = 16 * 1024;

function defineRooms(services: Services) {
  const { config } = services;
  return Object.fromEntries(
    [...roomScenes(services.catalog.scenes)].map(([name, scene]) => {
      const room = sceneRoom({
        scene,
        catalog: services.catalog,
        evaluator: services.ai.evaluator,
        voice: services.ai.voice,
        usage: services.ai.usage,
        progress: services.progress,
        reviews: services.reviews,
        tokens: services.tokens,
        joins: services.limits.joins,
        metrics: services.metrics,
        voiceAnswers: services.voiceAnswers,
        writes: services.writes,
        logger: services.logger.child({ room: name }),
        clock: services.clock,
        capacity: config.rooms.capacityOverride ?? scene.capacity,
        languages: config.region.languages,
        reconnectSeconds: config.rooms.reconnectSeconds,
        patchRateMs: config.rooms.patchRateMs,
        drainNoticeMs: config.drainNoticeMs,
        chatFilter: services.chatFilter,
        notices: services.moderationNotices,
      });
      return [name, defineRoom(room)];
    }),
  );
}

export function createArena(services: Services, isDraining: () => boolean = () => false): Server {
  const { config } = services;
  // Colyseus sets CORS headers on every response (matchmaking and Express) and answers
  // preflights; by default it allows any origin with credentials. Use the allow-list instead.
  (matchMaker.controller as unknown as { DEFAULT_CORS_HEADERS: Record<string, string> }).DEFAULT_CORS_HEADERS = { ...CORS_BASE_HEADERS };
  matchMaker.controller.getCorsHeaders = (headers: Headers) => corsHeaders(config.security.corsOrigins, headers.get("origin"));
  const redis = config.redisUrl ? redisScaling(config.redisUrl, services.logger.child({ component: "redis" }), services.clock) : undefined;
  return defineServer({
    rooms: defineRooms(services),
    transport: new WebSocketTransport({ maxPayload: MAX_FRAME_BYTES }),
    presence: redis?.presence,
    driver: redis?.driver,
    publicAddress: config.publicAddress,
    // main.ts owns signals and shutdown order (drain rooms, flush writes, then exit).
    gracefullyShutdown: false,
    greet: false,
    logger: services.logger.child({ component: "colyseus" }),
    express: (app) => mountHttp(app, services, isDraining),
  });
}
