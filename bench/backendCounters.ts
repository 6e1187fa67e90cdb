// What a KOTO server asks of the services behind it, counted on their side during a step:
// PostgreSQL's transactions (reads included) and rows written in the server's own database (pg_stat_database), and
// the commands Redis processed (INFO stats). Both are counters of the whole service, so the
// benchmark gives the server a database of its own and, for Redis, expects one used by it alone.
// From the server itself (its /metrics): the rules' verdicts served from their cache and judged.
import { Redis } from "ioredis";
import pg from "pg";

export interface BackendCounters {
  dbTransactions: number | null;
  dbRowsWritten: number | null;
  redisCommands: number | null;
  verdictHits: number | null;
  verdictMisses: number | null;
}

export interface BackendTargets {
  /** The server's own database (DATABASE_URL); undefined on the embedded one. */
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** The KOTO server's /metrics; undefined for the baselines. */
  metricsUrl: string | undefined;
}

async function databaseCounters(url: string): Promise<Pick<BackendCounters, "dbTransactions" | "dbRowsWritten">> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Counters flushed by other backends reach the view within a second; a fresh snapshot is asked for.
    await client.query("SELECT pg_stat_clear_snapshot()");
    const { rows } = await client.query<{ commits: string; written: string }>(
      "SELECT xact_commit AS commits, tup_inserted + tup_updated + tup_deleted AS written FROM pg_stat_database WHERE datname = current_database()",
    );
    return { dbTransactions: Number(rows[0]!.commits), dbRowsWritten: Number(rows[0]!.written) };
  } finally {
    await client.end();
  }
}

async function redisCommands(url: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    const info = await redis.info("stats");
    // Includes this reading's own few commands (connect, INFO): noise of a few per step.
    return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? Number.NaN);
  } finally {
    redis.disconnect();
  }
}

/**
 * Reads samples from a KOTO server's /metrics (open to the private network): for each series
 * named as Prometheus prints it (`name` or `name{label="value"}`), its value, or null when the
 * scrape failed or the series is absent.
 */
export async function scrapeMetrics(url: string, series: readonly string[]): Promise<Array<number | null>> {
  let text: string;
  try {
    text = await (await fetch(url, { signal: AbortSignal.timeout(5_000) })).text();
  } catch {
    return series.map(() => null);
  }
  const lines = text.split("\n");
  return series.map((name) => {
    const line = lines.find((l) => l.startsWith(`${name} `));
    return line === undefined ? null : Number(line.slice(name.length + 1));
  });
}

const NO_VERDICTS = { verdictHits: null, verdictMisses: null };

async function verdictCounts(url: string): Promise<Pick<BackendCounters, "verdictHits" | "verdictMisses">> {
  const [verdictHits, verdictMisses] = await scrapeMetrics(url, ['koto_verdicts_total{cache="hit"}', 'koto_verdicts_total{cache="miss"}']);
  return { verdictHits: verdictHits ?? null, verdictMisses: verdictMisses ?? null };
}

export async function readCounters(targets: BackendTargets): Promise<BackendCounters> {
  const [db, redis, verdicts] = await Promise.all([
    targets.databaseUrl ? databaseCounters(targets.databaseUrl) : { dbTransactions: null, dbRowsWritten: null },
    targets.redisUrl ? redisCommands(targets.redisUrl) : null,
    targets.metricsUrl ? verdictCounts(targets.metricsUrl) : NO_VERDICTS,
  ]);
  return { ...db, redisCommands: redis, ...verdicts };
}

/** Per second (or per event) between two readings; null where nothing was counted. */
export function rate(after: number | null, before: number | null, per: number): number | null {
  if (after === null || before === null || per <= 0) return null;
  return Math.round(((after - before) / per) * 100) / 100;
}
