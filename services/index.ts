import { CONTENT_DIR } from "./content/contentDir.ts";
import type { Config } from "../config/config.ts";
import type { Catalog } from "../domain/catalog.ts";
import { systemClock, type Clock } from "./clock.ts";
import { loadCatalog } from "./content/loadCatalog.ts";
import { seedContent } from "./content/seedContent.ts";
import { openDatabase, type Database } from "./database/database.ts";
import { applyMigrations } from "./database/migrations.ts";
import { PrismaLearnerStore, type LearnerStore } from "./identity/LearnerStore.ts";
import { TokenService } from "./identity/TokenService.ts";
import type { Logger } from "./logger.ts";
import { resolveSecrets, type Secrets } from "./secrets.ts";
import { FileWriteJournal } from "./writes/WriteJournal.ts";
import { PrismaWriteSink } from "./writes/PrismaWriteSink.ts";
import { WriteQueue } from "./writes/WriteQueue.ts";
import { PrismaProgressStore, type ProgressStore } from "./progress/ProgressStore.ts";
import { PrismaLearningHistory, type LearningHistory } from "./learning/LearningHistory.ts";
import { RulesTurnEvaluator, type TurnEvaluator } from "./tutor/TurnEvaluator.ts";

export { CONTENT_DIR };

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
  readonly catalog: Catalog;
  readonly tokens: TokenService;
  readonly learners: LearnerStore;
  readonly writes: WriteQueue;
  readonly evaluator: TurnEvaluator;
  readonly progress: ProgressStore;
  readonly history: LearningHistory;
  /** Flushes pending writes (up to the timeout) and closes connections. */
  close(flushTimeoutMs?: number): Promise<void>;
}

export interface ServiceOverrides {
  clock?: Clock;
  contentDir?: string;
}

export async function createServices(config: Config, logger: Logger, overrides: ServiceOverrides = {}): Promise<Services> {
  const catalog = await loadCatalog(overrides.contentDir ?? CONTENT_DIR);
  const secrets = await resolveSecrets(config);
  const db = await openDatabase({ url: config.database.url, poolSize: config.database.poolSize, dataDir: config.dataDir });
  try {
    const applied = await applyMigrations(db.adapterFactory);
    if (applied.length > 0) logger.info({ migrations: applied, database: db.kind }, "applied database migrations");
    const seeded = await seedContent(db, catalog);
    if (seeded.lessons.length + seeded.packs.length > 0) logger.info(seeded, "seeded content into the database");
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
    catalog,
    tokens: new TokenService(secrets.jwtSecret, config.jwt.ttlSeconds),
    learners: new PrismaLearnerStore(db),
    writes,
    evaluator: new RulesTurnEvaluator(),
    progress: new PrismaProgressStore(db, writes),
    history: new PrismaLearningHistory(db),
    async close(flushTimeoutMs = 10_000) {
      const flushed = await writes.flush(flushTimeoutMs);
      if (!flushed) logger.warn({ depth: writes.depth }, "writes still pending at shutdown; journaling them");
      await writes.close();
      await db.close();
    },
  };
}
