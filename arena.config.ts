import { defineRoom, defineServer, type Server } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { WebSocketTransport } from "@colyseus/ws-transport";
import express, { type Application } from "express";
import { authRoutes } from "./http/authRoutes.ts";
import { errorHandler, notFound } from "./http/errors.ts";
import { healthRoutes } from "./http/healthRoutes.ts";
import { requireLearner } from "./http/learnerAuth.ts";
import { learnerRoutes } from "./http/learnerRoutes.ts";
import { lessonRoutes } from "./http/lessonRoutes.ts";
import { mediaRoutes } from "./http/mediaRoutes.ts";
import { monitorHandler, operatorAuth } from "./http/monitorRoutes.ts";
import { ROOM_NAMES } from "./rooms/protocol.ts";
import { sceneRoom } from "./rooms/SceneRoom.ts";
import type { Services } from "./services/index.ts";

/**
 * The server definition: which rooms exist, which HTTP routes, and where presence and
 * matchmaking live (in this process, or in Redis when REDIS_URL is set).
 */

/** Largest WebSocket frame a client may send; room messages are small JSON-like payloads. */
const MAX_FRAME_BYTES = 16 * 1024;

function defineRooms(services: Services) {
  const { config } = services;
  return Object.fromEntries(
    ROOM_NAMES.map((name) => {
      const scene = services.catalog.scenes.get(name);
      if (!scene) throw new Error(`content/scenes.yaml has no scene "${name}"`);
      const room = sceneRoom({
        scene,
        catalog: services.catalog,
        evaluator: services.ai.evaluator,
        voice: services.ai.voice,
        usage: services.ai.usage,
        progress: services.progress,
        tokens: services.tokens,
        writes: services.writes,
        logger: services.logger.child({ room: name }),
        clock: services.clock,
        capacity: config.rooms.capacityOverride ?? scene.capacity,
        reconnectSeconds: config.rooms.reconnectSeconds,
        patchRateMs: config.rooms.patchRateMs,
      });
      return [name, defineRoom(room)];
    }),
  );
}

function mountHttp(app: Application, services: Services): void {
  const databaseReady = () => services.db.ping(1_000);
  app.disable("x-powered-by");
  app.set("trust proxy", services.config.trustProxy);
  app.use(healthRoutes({ databaseReady }));
  app.use(
    "/colyseus",
    operatorAuth({ user: services.config.monitor.user, password: services.secrets.monitorPassword }),
    monitorHandler(),
  );
  app.use("/api", express.json({ limit: "16kb" }));
  if (services.store.kind === "fs") app.use(mediaRoutes(services.store, services.signer));
  app.use(authRoutes({ learners: services.learners, tokens: services.tokens }));
  app.use(lessonRoutes(services.catalog));
  app.use(learnerRoutes(services.history, requireLearner(services.tokens)));
  app.use(notFound);
  app.use(errorHandler(services.logger, databaseReady));
}

export function createArena(services: Services): Server {
  const { config } = services;
  const scaled = config.redisUrl !== undefined;
  return defineServer({
    rooms: defineRooms(services),
    transport: new WebSocketTransport({ maxPayload: MAX_FRAME_BYTES }),
    presence: scaled ? new RedisPresence(config.redisUrl) : undefined,
    driver: scaled ? new RedisDriver(config.redisUrl) : undefined,
    publicAddress: config.publicAddress,
    // main.ts owns signals and shutdown order (drain rooms, flush writes, then exit).
    gracefullyShutdown: false,
    greet: false,
    logger: services.logger.child({ component: "colyseus" }),
    express: (app) => mountHttp(app, services),
  });
}
