import path from "node:path";
import type { Config } from "../config/config.ts";
import type { Scene } from "../domain/scenes/scene.ts";
import { systemClock, type Clock } from "./clock.ts";
import { loadScenes } from "./content/scenes.ts";
import { openDatabase, type Database } from "./database/database.ts";
import { applyMigrations } from "./database/migrations.ts";
import { PrismaLearnerStore, type LearnerStore } from "./identity/LearnerStore.ts";
import { TokenService } from "./identity/TokenService.ts";
import type { Logger } from "./logger.ts";
import { resolveSecrets, type Secrets } from "./secrets.ts";
import { FileWriteJournal } from "./writes/WriteJournal.ts";
import { PrismaWriteSink } from "./writes/PrismaWriteSink.ts";
import { WriteQueue } from "./writes/WriteQueue.ts";

export const CONTENT_DIR = path.resolve(import.meta.dirname, "../content");

/**
 * Every side effect the server has, chosen here from configuration and nowhere else.
 * Rooms and routes receive these through their constructors or factories.
 */
export interface Services {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly secrets: Secrets;
  readonly db: Database;
  readonly scenes: ReadonlyMap<string, Scene>;
  readonly tokens: TokenService;
  readonly learners: LearnerStore;
  readonly writes: WriteQueue;
  /** Flushes pending writes (up to the timeout) and closes connections. */
  close(flushTimeoutMs?: number): Promise<void>;
}

export interface ServiceOverrides {
  clock?: Clock;
  contentDir?: string;
}

export async function createServices(config: Config, logger: Logger, overrides: ServiceOverrides = {}): Promise<Services> {
  const scenes = await loadScenes(overrides.contentDir ?? CONTENT_DIR);
  const secrets = await resolveSecrets(config);
  const db = await openDatabase({ url: config.database.url, poolSize: config.database.poolSize, dataDir: config.dataDir });
  try {
    const applied = await applyMigrations(db.adapterFactory);
    if (applied.length > 0) logger.info({ migrations: applied, database: db.kind }, "applied database migrations");
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  const writes = new WriteQueue({
    sink: new PrismaWriteSink(db),
    journal: new FileWriteJournal(config.dataDir),
    logger: logger.child({ component: "writes" }),
    capacity: config.writeQueueCapacity,
  });
  return {
    config,
    logger,
    clock: overrides.clock ?? systemClock,
    secrets,
    db,
    scenes,
    tokens: new TokenService(secrets.jwtSecret, config.jwt.ttlSeconds),
    learners: new PrismaLearnerStore(db),
    writes,
    async close(flushTimeoutMs = 10_000) {
      const flushed = await writes.flush(flushTimeoutMs);
      if (!flushed) logger.warn({ depth: writes.depth }, "writes still pending at shutdown; journaling them");
      await writes.close();
      await db.close();
    },
  };
}
