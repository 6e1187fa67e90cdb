// The memory soak (`npm run bench -- --soak 600`): one KOTO server holds a number of learners
// for the given seconds while some of them leave and new ones join every few seconds; the
// server's RSS and V8 heap are sampled all along, and the slope (MB per minute, least squares)
// says whether memory grows with learners coming and going. The write queue's depth is read
// from /metrics with each sample: a queue that falls behind grows the heap too.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { BotKind, WorkerCommand } from "./bots/botWorker.ts";
import { scrapeMetrics } from "./backendCounters.ts";
import { databaseEnv, type BenchDatabase } from "./benchDatabase.ts";
import { request, sampleAll, startServer, startWorkers, stopAll, type ServerProbe } from "./benchProcesses.ts";

export interface SoakOptions {
  database: BenchDatabase;
  postgresUrl: string;
  learners: number;
  seconds: number;
  /** Learners leaving (and as many joining) per second. */
  churnPerSecond: number;
  workers: number;
  joinIntervalMs: number;
  out: string;
}

export interface SoakSample {
  seconds: number;
  rssMb: number;
  heapMb: number;
  /** Writes waiting for the database (null when /metrics did not answer in time). */
  writeQueueDepth: number | null;
}

export interface SoakResult {
  database: BenchDatabase;
  learners: number;
  seconds: number;
  churnPerSecond: number;
  /** Learners who joined (the first ones and every replacement). */
  joins: number;
  failed: number;
  idleRssMb: number;
  startRssMb: number;
  endRssMb: number;
  maxRssMb: number;
  rssSlopeMbPerMin: number;
  /** The slope over the second half only: growth that is not the first minutes' warm-up. */
  rssSlopeSecondHalfMbPerMin: number;
  heapSlopeMbPerMin: number;
  maxWriteQueueDepth: number | null;
  samples: SoakSample[];
}

const SAMPLE_EVERY_S = 10;
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

async function sampleOf(server: ServerProbe, seconds: number, endpoint: string): Promise<SoakSample> {
  return { seconds: Math.round(seconds), rssMb: mb(server.rssBytes), heapMb: mb(server.heapUsedBytes), writeQueueDepth: (await scrapeMetrics(`${endpoint}/metrics`, ["koto_write_queue_depth"]))[0] ?? null };
}

/** Least-squares slope of y against x (x in seconds), per minute. */
export function slopePerMinute(points: ReadonlyArray<{ x: number; y: number }>): number {
  if (points.length < 2) return 0;
  const meanX = points.reduce((s, p) => s + p.x, 0) / points.length;
  const meanY = points.reduce((s, p) => s + p.y, 0) / points.length;
  const num = points.reduce((s, p) => s + (p.x - meanX) * (p.y - meanY), 0);
  const den = points.reduce((s, p) => s + (p.x - meanX) ** 2, 0);
  return den === 0 ? 0 : Math.round((num / den) * 60 * 100) / 100;
}

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const kind: BotKind = "koto";
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "koto-soak-"));
  const env = await databaseEnv(o.database, o.postgresUrl);
  const { child: server, endpoint } = await startServer(kind, dataDir, path.join(o.out, `soak-${o.database}.log`), env);
  const workers = await startWorkers(o.workers);
  const samples: SoakSample[] = [];
  let next = 0;
  const command = (type: "add" | "churn", count: number, i: number): WorkerCommand => ({ type, kind, endpoint, count, firstIndex: next + i * count, joinIntervalMs: o.joinIntervalMs });
  try {
    const idle = (await sampleAll(server, workers)).server;
    const perWorker = Math.ceil(o.learners / o.workers);
    await Promise.all(workers.map((w, i) => request(w, command("add", perWorker, i), "added")));
    next += perWorker * o.workers;
    const started = performance.now();
    const churnPerWorker = Math.max(1, Math.round((o.churnPerSecond * SAMPLE_EVERY_S) / o.workers));
    let last = await sampleAll(server, workers);
    let failed = 0;
    while ((performance.now() - started) / 1000 < o.seconds) {
      const t = (performance.now() - started) / 1000;
      samples.push(await sampleOf(last.server, t, endpoint));
      await Promise.all([...workers.map((w, i) => request(w, command("churn", churnPerWorker, i), "churned")), sleep(SAMPLE_EVERY_S)]);
      next += churnPerWorker * o.workers;
      last = await sampleAll(server, workers);
      failed = last.workers.reduce((s, w) => s + w.failed, 0);
    }
    samples.push(await sampleOf(last.server, (performance.now() - started) / 1000, endpoint));
    const rss = samples.map((s) => ({ x: s.seconds, y: s.rssMb }));
    return {
      database: o.database,
      learners: o.learners,
      seconds: o.seconds,
      churnPerSecond: o.churnPerSecond,
      joins: next,
      failed,
      idleRssMb: mb(idle.rssBytes),
      startRssMb: samples[0]!.rssMb,
      endRssMb: samples.at(-1)!.rssMb,
      maxRssMb: Math.max(...samples.map((s) => s.rssMb)),
      rssSlopeMbPerMin: slopePerMinute(rss),
      rssSlopeSecondHalfMbPerMin: slopePerMinute(rss.slice(Math.floor(rss.length / 2))),
      heapSlopeMbPerMin: slopePerMinute(samples.map((s) => ({ x: s.seconds, y: s.heapMb }))),
      maxWriteQueueDepth: samples.some((s) => s.writeQueueDepth !== null) ? Math.max(...samples.map((s) => s.writeQueueDepth ?? 0)) : null,
      samples,
    };
  } finally {
    await stopAll(server, workers);
    await rm(dataDir, { recursive: true, force: true });
  }
}
