import type { Config } from "../config/config.ts";
import type { Catalog } from "../domain/catalog.ts";
import type { ModerationNotices } from "../domain/ops/moderation.ts";
import { spokenLines } from "../domain/lessons/lesson.ts";
import { regionalCatalog } from "../domain/regions.ts";
import { connectLimitStore } from "./abuse/limitStore.ts";
import { createRateLimits, type RateLimits } from "./abuse/RateLimits.ts";
import { createAiServices, type AiServices } from "./ai/createAiServices.ts";
import { PrismaRecordingStore, type RecordingStore } from "./audio/RecordingStore.ts";
import { RecordedVoiceAnswers, type VoiceAnswers } from "./audio/VoiceAnswers.ts";
import { Metrics } from "./metrics/Metrics.ts";
import { WordListChatFilter, type ChatFilter } from "./moderation/ChatFilter.ts";
import { loadModerationNotices } from "./moderation/moderationNotices.ts";
import { PrismaOpsQueries, type OpsQueries } from "./ops/OpsQueries.ts";
import { systemClock, type Clock } from "./clock.ts";
import { CONTENT_DIR } from "./content/contentDir.ts";
import { loadCatalog } from "./content/loadCatalog.ts";
import { loadLexicon } from "./content/loadLexicon.ts";
import { seedContent } from "./content/seedContent.ts";
import { ContentError } from "./content/yamlFile.ts";
import { openDatabase, type Database } from "./database/database.ts";
import { applyMigrations } from "./database/migrations.ts";
import { PrismaLearnerStore, type LearnerStore } from "./identity/LearnerStore.ts";
import { TokenService } from "./identity/TokenService.ts";
import { PrismaLearningHistory, type LearningHistory } from "./learning/LearningHistory.ts";
import type { Logger } from "./logger.ts";
import { preparePrivateDataDir } from "./privateFiles.ts";
import { PrismaProgressStore, type ProgressStore } from "./progress/ProgressStore.ts";
import { PrismaReviewStore, type ReviewStore } from "./review/ReviewStore.ts";
import { resolveSecrets, type Secrets } from "./secrets.ts";
import { instanceIdentity, PrismaInterruptedSessions, type InterruptedSessions } from "./sessions/InterruptedSessions.ts";
import { createObjectStore } from "./storage/createObjectStore.ts";
import type { ObjectStore } from "./storage/ObjectStore.ts";
import { UrlSigner } from "./storage/UrlSigner.ts";
import { FileWriteJournal } from "./writes/WriteJournal.ts";
import { FileWriteLog, writeLogDir } from "./writes/WriteLog.ts";
import { PrismaWriteSink } from "./writes/PrismaWriteSink.ts";
import { WriteQueue } from "./writes/WriteQueue.ts";

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
  readonly progress: ProgressStore;
  /** Learners' review items (their own mistakes, scheduled with FSRS). */
  readonly reviews: ReviewStore;
  readonly history: LearningHistory;
  readonly store: ObjectStore;
  readonly signer: UrlSigner;
  readonly ai: AiServices;
  readonly recordings: RecordingStore;
  /** Sessions an earlier run of this process left open (a crash), closed at start. */
  readonly interruptedSessions: InterruptedSessions;
  /** Recorded answers heard as text (speech recognition on the owner's recordings). */
  readonly voiceAnswers: VoiceAnswers;
  readonly limits: RateLimits;
  readonly metrics: Metrics;
  /** The operator console's reports and audit trail. */
  readonly ops: OpsQueries;
  /** The abuse filter every chat line goes through. */
  readonly chatFilter: ChatFilter;
  /** What learners are told about moderation (content/moderation.yaml). */
  readonly moderationNotices: ModerationNotices;
  /** Work that must not delay start-up: pre-synthesising lesson audio, refreshing spend. */
  startBackgroundWork(): void;
  /** Flushes pending writes (up to the timeout) and closes connections. */
  close(flushTimeoutMs?: number): Promise<void>;
}

export interface ServiceOverrides {
  clock?: Clock;
  contentDir?: string;
}

async function prepareDatabase(config: Config, catalog: Catalog, logger: Logger): Promise<Database> {
  const db = await openDatabase({ url: config.database.url, poolSize: config.database.poolSize, dataDir: config.dataDir });
  try {
    const applied = await applyMigrations(db.adapterFactory);
    if (applied.length > 0) logger.info({ migrations: applied, database: db.kind }, "applied database migrations");
    const seeded = await seedContent(db, catalog);
    if (seeded.lessons.length + seeded.packs.length > 0) logger.info(seeded, "seeded content into the database");
    return db;
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}

async function todaysSpend(db: Database, now: Date): Promise<number> {
  const since = new Date(now.toISOString().slice(0, 10) + "T00:00:00Z");
  const total = await db.prisma.aiUsageLog.aggregate({ _sum: { estimatedCostUsd: true }, where: { createdAt: { gte: since } } });
  return Number(total._sum.estimatedCostUsd ?? 0);
}

/**
 * Before any room opens: what an earlier run left in the write log goes to the database, and
 * is there before sessions left open are closed (a replayed session start must not reopen one).
 */
async function replayWriteLog(writes: WriteQueue, logger: Logger): Promise<void> {
  const replayed = await writes.replay();
  if (replayed.ops === 0) return;
  logger.warn(replayed, "replaying the writes an earlier run left in the write log");
  if (!(await writes.flush(30_000))) logger.warn({ depth: writes.depth }, "replayed writes still pending; the queue keeps retrying");
}

export async function createServices(config: Config, logger: Logger, overrides: ServiceOverrides = {}): Promise<Services> {
  const clock = overrides.clock ?? systemClock;
  const contentDir = overrides.contentDir ?? CONTENT_DIR;
  const [content, lexicon, moderationNotices] = await Promise.all([loadCatalog(contentDir), loadLexicon(contentDir), loadModerationNotices()]);
  const regional = regionalCatalog(content, config.region.lessons);
  if (!regional.ok) throw new ContentError(`config/regions.yaml (region ${config.region.id})`, regional.problems);
  const catalog = regional.catalog;
  await preparePrivateDataDir(config.dataDir, logger);
  const instanceId = await instanceIdentity(config.publicAddress, config.dataDir);
  const secrets = await resolveSecrets(config);
  const db = await prepareDatabase(config, catalog, logger);
  const writes = new WriteQueue({
    sink: new PrismaWriteSink(db, logger.child({ component: "writes" })),
    journal: new FileWriteJournal(config.dataDir),
    log: await FileWriteLog.open(writeLogDir(config.dataDir, instanceId), logger.child({ component: "writes" }), clock),
    logger: logger.child({ component: "writes" }),
    clock,
    capacity: config.writeQueueCapacity,
  });
  await replayWriteLog(writes, logger.child({ component: "writes" }));
  const signer = new UrlSigner(secrets.jwtSecret);
  const store = await createObjectStore(config, signer, clock);
  const ai = await createAiServices({ config, catalog, lexicon, store, writes, clock, logger });
  const recordings = new PrismaRecordingStore(db, store, clock, config.security.audio.retentionMs);
  const limitStore = config.redisUrl ? connectLimitStore(config.redisUrl, logger.child({ component: "limits" }), clock) : undefined;
  const voiceAnswers = new RecordedVoiceAnswers({ recordings, store, listener: ai.listener, maxDurationMs: config.security.audio.maxSeconds * 1000 });
  const timers: NodeJS.Timeout[] = [];
  const background = new AbortController();
  const running: Promise<unknown>[] = [];
  return {
    config,
    logger,
    clock,
    secrets,
    db,
    catalog,
    tokens: new TokenService(secrets.jwtSecret, config.jwt.ttlSeconds, clock),
    learners: new PrismaLearnerStore(db),
    writes,
    progress: new PrismaProgressStore(db, writes),
    reviews: new PrismaReviewStore(db, writes),
    history: new PrismaLearningHistory(db),
    store,
    signer,
    ai,
    recordings,
    interruptedSessions: new PrismaInterruptedSessions(db, instanceId, clock),
    voiceAnswers,
    limits: createRateLimits(config.security, limitStore),
    ops: new PrismaOpsQueries(db),
    chatFilter: new WordListChatFilter(),
    moderationNotices,
    metrics: new Metrics(writes, ai.usage, ai),
    startBackgroundWork() {
      const cleanUp = () =>
        recordings.deleteExpired().then(
          (count) => count > 0 && logger.info({ count }, "deleted expired recordings"),
          (error: unknown) => logger.warn({ err: error }, "cannot delete expired recordings"),
        );
      timers.push(setInterval(() => void cleanUp(), config.security.audio.cleanupEveryMs).unref());
      const refreshSpend = () =>
        todaysSpend(db, clock.now()).then(
          (total) => ai.spend.refresh(total),
          (error: unknown) => logger.warn({ err: error }, "cannot read today's AI spend"),
        );
      void refreshSpend();
      timers.push(setInterval(() => void refreshSpend(), 60_000).unref());
      if (ai.voice) {
        running.push(
          ai.voice.presynthesize([...catalog.lessons.values()].flatMap((lesson) => spokenLines(lesson)), background.signal).then((result) => logger.info(result, "tutor lines synthesised")),
        );
      }
    },
    async close(flushTimeoutMs = 10_000) {
      timers.forEach(clearInterval);
      background.abort();
      await Promise.allSettled(running);
      const flushed = await writes.flush(flushTimeoutMs);
      if (!flushed) logger.warn({ depth: writes.depth }, "writes still pending at shutdown; kept in the write log for the next start");
      await writes.close();
      await ai.close();
      limitStore?.disconnect();
      await db.close();
    },
  };
}
