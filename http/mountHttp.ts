import express, { type Application, type Request } from "express";
import helmet from "helmet";
import { MatchMakerRoomControl } from "../rooms/RoomControl.ts";
import { compileTrust } from "../services/abuse/clientAddress.ts";
import type { Services } from "../services/index.ts";
import { audioRoutes } from "./audioRoutes.ts";
import { authRoutes } from "./authRoutes.ts";
import { errorHandler, notFound } from "./errors.ts";
import { featureRoutes } from "./featureRoutes.ts";
import { healthRoutes } from "./healthRoutes.ts";
import { learnerOf, requireLearner } from "./learnerAuth.ts";
import { learnerRoutes } from "./learnerRoutes.ts";
import { lessonRoutes } from "./lessonRoutes.ts";
import { mediaRoutes } from "./mediaRoutes.ts";
import { metricsRoutes } from "./metricsRoutes.ts";
import { monitorHandler, operatorAuth } from "./monitorRoutes.ts";
import { docsRoutes } from "./openapi/docsRoutes.ts";
import { opsConsole } from "./opsConsole.ts";
import { opsRoutes } from "./opsRoutes.ts";
import { openApiDocument } from "./openapi/document.ts";
import { loadPlayground } from "./playground.ts";
import { clientIp, rateLimit } from "./rateLimit.ts";
import { sceneRoutes } from "./sceneRoutes.ts";
import { webClient } from "./webClient.ts";

/**
 * Every HTTP route, with its protections: security headers, rate limits
 * per client IP and per learner, body limits, operator credentials for operator pages, and
 * JSON errors that never carry internal details. (CORS is decided in arena.config.ts.)
 */
export async function mountHttp(app: Application, services: Services, isDraining: () => boolean): Promise<void> {
  const { config, logger, limits } = services;
  const databaseReady = () => services.db.ping(1_000);
  const byIp = (req: Request) => clientIp(req);
  app.disable("x-powered-by");
  app.set("trust proxy", compileTrust(config.trustProxy));
  app.use(healthRoutes({ databaseReady, isDraining }));

  const operator = operatorAuth({ user: config.monitor.user, password: services.secrets.monitorPassword });
  app.use(metricsRoutes(services.metrics, operator));
  // The monitor is a single-page app with inline bootstrapping; it gets every header but a CSP.
  app.use("/colyseus", helmet({ contentSecurityPolicy: false }), operator, monitorHandler());
  const playground = config.playground ? await loadPlayground(logger) : undefined;
  // Development only (config.playground); a single-page app like the monitor.
  if (playground) app.use("/playground", helmet({ contentSecurityPolicy: false }), playground);

  app.use(helmet());
  app.use(rateLimit(limits.ip, byIp, logger));
  app.use(docsRoutes(openApiDocument()));
  app.use("/ops", operator, opsConsole(logger));
  app.use(webClient(config, logger));
  if (services.store.kind === "fs") app.use(mediaRoutes(services.store, services.signer, services.clock));

  const learner = requireLearner(services.tokens);
  const perLearner = rateLimit(limits.learner, (_req, res) => learnerOf(res).userId, logger);
  app.use(
    audioRoutes({
      recordings: services.recordings,
      store: services.store,
      requireLearner: learner,
      uploadLimit: rateLimit(limits.uploads, (_req, res) => learnerOf(res).userId, logger),
      maxBytes: config.security.audio.maxBytes,
      maxSeconds: config.security.audio.maxSeconds,
      urlTtlSeconds: config.storage.urlTtlSeconds,
    }),
  );
  app.use("/api", express.json({ limit: "16kb" }));
  app.use("/api/v1/auth/guest", rateLimit(limits.signIn, byIp, logger));
  app.use(authRoutes({ learners: services.learners, tokens: services.tokens, languages: config.region.languages }));
  app.use("/api/v1/ops", operator);
  app.use(
    opsRoutes({
      queries: services.ops,
      rooms: new MatchMakerRoomControl(logger.child({ component: "ops" })),
      writes: services.writes,
      clock: services.clock,
      logger: logger.child({ component: "ops" }),
      aiDailyBudgetUsd: config.ai.dailyBudgetUsd,
    }),
  );
  app.use(lessonRoutes(services.catalog));
  app.use(sceneRoutes(services.catalog.scenes));
  app.use(featureRoutes(config.ai, config.region));
  app.use("/api/v1/me", learner, perLearner);
  app.use(learnerRoutes({ history: services.history, reviews: services.reviews, clock: services.clock }, learner));
  app.use(notFound);
  app.use(errorHandler(logger, databaseReady));
}
