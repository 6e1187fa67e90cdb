// The side-by-side benchmark: `npm run bench` (docs/BENCHMARKS.md).
//
// For each server (KOTO with learners doing everything; KOTO with movement only; the bare
// Colyseus room; the naive JSON WebSocket server) it starts the server in its own process,
// ramps bots (in separate load-generator processes) through the steps, and after each step
// measures server CPU, memory and event-loop lag, patch latency, feedback latency, bytes per
// client per second, messages per second, errors and disconnections. KOTO's full run stops at
// the first step that breaks a target. Prints a table, writes an SVG plot, and ends with one
// JSON line.
import type { ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { BotKind, WorkerCommand, WorkerSample } from "./bots/botWorker.ts";
import { rate, readCounters, type BackendCounters, type BackendTargets } from "./backendCounters.ts";
import { databaseEnv, parseDatabases, type BenchDatabase } from "./benchDatabase.ts";
import { profileFile, request, sampleAll, startServer, startWorkers, stopAll, type ServerProbe } from "./benchProcesses.ts";
import { chartSvg } from "./plot.ts";
import { runSoak } from "./soak.ts";
import { summarizeMs } from "./stats.ts";

const { values } = parseArgs({
  options: {
    steps: { type: "string", default: "250,500,1000,1500" },
    window: { type: "string", default: "15" },
    settle: { type: "string", default: "5" },
    workers: { type: "string", default: "2" },
    kinds: { type: "string", default: "koto,koto-move,floor,json" },
    out: { type: "string", default: "bench-results" },
    /** Write CPU profiles of every measurement window (server and bots) into the output folder. */
    profile: { type: "boolean", default: false },
    /** Learners arriving per second, across all load generators. */
    "join-rate": { type: "string", default: "100" },
    /** The database of the KOTO servers: embedded (PGlite), postgres (a fresh koto_bench_<pid> database), or both. */
    database: { type: "string", default: "embedded,postgres" },
    "postgres-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
    /** Instead of the steps: a memory soak of this many seconds (learners from --steps' first, churn per second). */
    soak: { type: "string" },
    churn: { type: "string", default: "10" },
    /** A Redis for the KOTO servers (REDIS_URL), used by nothing else: its commands per second and per join are counted. */
    redis: { type: "string" },
    /** Measure every step, also after one broke a target (by default KOTO's run stops there). */
    "all-steps": { type: "boolean", default: false },
  },
});
const STEPS = values.steps.split(",").map(Number);
const WINDOW_S = Number(values.window);
const SETTLE_S = Number(values.settle);
const WORKERS = Number(values.workers);
const KINDS = values.kinds.split(",") as BotKind[];
const JOIN_INTERVAL_MS = (1000 * WORKERS) / Number(values["join-rate"]);
const DATABASES = parseDatabases(values.database);
/** The database column of a baseline server, which has none. */
type RowDatabase = BenchDatabase | "-";
export const TARGETS = { patchP99Ms: 50, lagP99Ms: 20, feedbackP95Ms: 300 };

export interface Row {
  kind: BotKind;
  database: RowDatabase;
  learners: number;
  /** The server's RSS before the first learner joined. */
  idleRssMb: number;
  cpuCores: number;
  mainThreadCores: number;
  cpuPerLearnerMs: number;
  rssMb: number;
  heapMb: number;
  lagP99Ms: number;
  patchP50Ms: number;
  patchP99Ms: number;
  feedbackP50Ms: number;
  feedbackP95Ms: number;
  bytesPerClientPerSecond: number;
  messagesPerClientPerSecond: number;
  messagesPerSecond: number;
  errors: number;
  errorCodes: Record<string, number>;
  failed: number;
  dropped: number;
  generatorCores: number[];
  generatorLagP99Ms: number[];
  /** PostgreSQL (its own database only) and Redis, counted on their side; null where not measured. */
  dbTransactionsPerSecond: number | null;
  dbRowsPerSecond: number | null;
  redisOpsPerSecond: number | null;
  redisOpsPerJoin: number | null;
  /** Share of the window's answers whose verdict the rules already held (VerdictCache); null for the baselines. */
  verdictCacheHitRate: number | null;
  meetsTargets: boolean;
}

/** Backend counters at the step's start, once its learners had joined, and around the window. */
interface StepCounters {
  start: BackendCounters;
  joined: BackendCounters;
  windowStart: BackendCounters;
  windowEnd: BackendCounters;
  joins: number;
}

/** Profiles of the measurement window: the server and each load generator, one file each. */
async function profiling(name: string, server: ChildProcess, workers: ChildProcess[], phase: "start" | "stop"): Promise<void> {
  await mkdir(path.join(values.out, "profiles"), { recursive: true });
  const processes = [{ child: server, name }, ...workers.map((child, i) => ({ child, name: `${name}-bots${i}` }))];
  await Promise.all(
    processes.map(({ child, name: file }) =>
      phase === "start"
        ? request(child, { type: "profile-start" }, "profiling")
        : request(child, { type: "profile-stop", file: profileFile(values.out, file) }, "profiled"),
    ),
  );
}

function hitRate(before: BackendCounters, after: BackendCounters): number | null {
  const hits = rate(after.verdictHits, before.verdictHits, 1);
  const misses = rate(after.verdictMisses, before.verdictMisses, 1);
  return hits === null || misses === null || hits + misses === 0 ? null : round(hits / (hits + misses), 3);
}

interface RunOf {
  kind: BotKind;
  database: RowDatabase;
  idleRssMb: number;
}

function rowFrom(run: RunOf, learners: number, measured: { server: ServerProbe; workers: WorkerSample[] }, counted: StepCounters): Row {
  const { kind } = run;
  const { server, workers } = measured;
  const patch = summarizeMs(workers.flatMap((w) => w.patchMs));
  const feedback = summarizeMs(workers.flatMap((w) => w.feedbackMs));
  const seconds = server.wallSeconds;
  const cpuCores = server.cpuSeconds / seconds;
  const joined = workers.reduce((sum, w) => sum + w.joined - w.dropped, 0);
  const row: Row = {
    kind,
    database: run.database,
    learners,
    idleRssMb: run.idleRssMb,
    cpuCores: round(cpuCores, 3),
    mainThreadCores: round(server.mainThreadCpuSeconds / seconds, 3),
    cpuPerLearnerMs: round((cpuCores * 1000) / Math.max(1, joined), 4),
    rssMb: Math.round(server.rssBytes / 1024 / 1024),
    heapMb: Math.round(server.heapUsedBytes / 1024 / 1024),
    lagP99Ms: round(server.lagP99Ms, 1),
    patchP50Ms: patch.p50,
    patchP99Ms: patch.p99,
    feedbackP50Ms: feedback.p50,
    feedbackP95Ms: feedback.p95,
    bytesPerClientPerSecond: Math.round(workers.reduce((s, w) => s + w.bytesReceived, 0) / seconds / Math.max(1, joined)),
    messagesPerClientPerSecond: round(workers.reduce((s, w) => s + w.messagesReceived, 0) / seconds / Math.max(1, joined), 1),
    messagesPerSecond: Math.round(workers.reduce((s, w) => s + w.messagesSent, 0) / seconds),
    errors: workers.reduce((s, w) => s + w.errors, 0),
    errorCodes: mergeCounts(workers.map((w) => w.errorCodes)),
    failed: workers.reduce((s, w) => s + w.failed, 0),
    dropped: workers.reduce((s, w) => s + w.dropped, 0),
    generatorCores: workers.map((w) => round(w.cpuSeconds / w.wallSeconds, 2)),
    generatorLagP99Ms: workers.map((w) => round(w.lagP99Ms, 1)),
    dbTransactionsPerSecond: rate(counted.windowEnd.dbTransactions, counted.windowStart.dbTransactions, seconds),
    dbRowsPerSecond: rate(counted.windowEnd.dbRowsWritten, counted.windowStart.dbRowsWritten, seconds),
    redisOpsPerSecond: rate(counted.windowEnd.redisCommands, counted.windowStart.redisCommands, seconds),
    redisOpsPerJoin: rate(counted.joined.redisCommands, counted.start.redisCommands, counted.joins),
    verdictCacheHitRate: hitRate(counted.windowStart, counted.windowEnd),
    meetsTargets: false,
  };
  const feedbackOk = kind !== "koto" || (feedback.n > 0 && feedback.p95 < TARGETS.feedbackP95Ms);
  row.meetsTargets = patch.p99 < TARGETS.patchP99Ms && row.lagP99Ms < TARGETS.lagP99Ms && feedbackOk && row.failed === 0 && row.dropped === 0;
  return row;
}

function mergeCounts(counts: Array<Record<string, number>>): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const count of counts) for (const [code, n] of Object.entries(count)) merged[code] = (merged[code] ?? 0) + n;
  return merged;
}

function round(value: number, digits: number): number {
  return Number.isFinite(value) ? Number(value.toFixed(digits)) : value;
}

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

async function run(kind: BotKind, database: RowDatabase): Promise<Row[]> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "koto-bench-"));
  const name = database === "-" ? kind : `${kind}-${database}`;
  const env: Record<string, string> = database === "-" ? {} : { ...(await databaseEnv(database, values["postgres-url"])), ...(values.redis ? { REDIS_URL: values.redis } : {}) };
  const { child: server, endpoint } = await startServer(kind, dataDir, path.join(values.out, `${name}.log`), env);
  const metricsUrl = database === "-" ? undefined : `${endpoint}/metrics`;
  const targets: BackendTargets = { databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL, metricsUrl };
  const workers = await startWorkers(WORKERS);
  const idle = await sampleAll(server, workers);
  const of: RunOf = { kind, database, idleRssMb: Math.round(idle.server.rssBytes / 1024 / 1024) };
  const rows: Row[] = [];
  let current = 0;
  try {
    for (const step of STEPS) {
      const perWorker = Math.ceil((step - current) / WORKERS);
      const start = await readCounters(targets);
      await Promise.all(
        workers.map((worker, i) =>
          request(worker, { type: "add", kind, endpoint, count: perWorker, firstIndex: current + i * perWorker, joinIntervalMs: JOIN_INTERVAL_MS } satisfies WorkerCommand, "added"),
        ),
      );
      current += perWorker * WORKERS;
      const joined = await readCounters(targets);
      await sleep(SETTLE_S);
      await sampleAll(server, workers);
      const windowStart = await readCounters(targets);
      if (values.profile) await profiling(`${name}-${step}`, server, workers, "start");
      await sleep(WINDOW_S);
      const measured = await sampleAll(server, workers);
      const counted = { start, joined, windowStart, windowEnd: await readCounters(targets), joins: perWorker * WORKERS };
      const row = rowFrom(of, current, measured, counted);
      if (values.profile) await profiling(`${name}-${step}`, server, workers, "stop");
      rows.push(row);
      console.error(`  ${name} ${current}: ${JSON.stringify(row)}`);
      if (kind === "koto" && !row.meetsTargets && !values["all-steps"]) break;
    }
  } finally {
    await stopAll(server, workers);
    await rm(dataDir, { recursive: true, force: true });
  }
  return rows;
}

function table(rows: Row[]): string {
  const header = "| server | learners | database | CPU (cores: all / main thread) | CPU/learner (ms/s) | RSS idle / now (MB) | heap (MB) | loop lag p99 | patch p50 / p99 (ms) | feedback p50 / p95 (ms) | bytes/client/s | msgs/client/s out | msgs/s in | errors / failed / dropped | DB transactions (reads too) / rows written per s | Redis ops/s, per join | verdicts from cache | generator cores (lag p99) |";
  const line = "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
  const body = rows.map(
    (r) =>
      `| ${r.kind} | ${r.learners} | ${r.database} | ${r.cpuCores} / ${r.mainThreadCores} | ${r.cpuPerLearnerMs} | ${r.idleRssMb} / ${r.rssMb} | ${r.heapMb} | ${r.lagP99Ms} | ${r.patchP50Ms} / ${r.patchP99Ms} | ${r.kind === "koto" ? `${r.feedbackP50Ms} / ${r.feedbackP95Ms}` : "-"} | ${r.bytesPerClientPerSecond} | ${r.messagesPerClientPerSecond} | ${r.messagesPerSecond} | ${r.errors} / ${r.failed} / ${r.dropped} | ${r.dbTransactionsPerSecond ?? "-"} / ${r.dbRowsPerSecond ?? "-"} | ${r.redisOpsPerSecond ?? "-"}, ${r.redisOpsPerJoin ?? "-"} | ${r.verdictCacheHitRate ?? "-"} | ${r.generatorCores.join(", ")} (${r.generatorLagP99Ms.join(", ")} ms) |`,
  );
  return [header, line, ...body].join("\n");
}

const MACHINE = `${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node ${process.versions.node}`;
await mkdir(values.out, { recursive: true });

if (values.soak) {
  for (const database of DATABASES) {
    console.error(`soaking koto on ${database}...`);
    const soak = await runSoak({
      database,
      postgresUrl: values["postgres-url"],
      learners: STEPS[0]!,
      seconds: Number(values.soak),
      churnPerSecond: Number(values.churn),
      workers: WORKERS,
      joinIntervalMs: JOIN_INTERVAL_MS,
      out: values.out,
    });
    await writeFile(path.join(values.out, `soak-${database}.json`), JSON.stringify(soak, null, 2));
    const { samples, ...line } = soak;
    console.log(JSON.stringify({ ...line, samples: samples.length, machine: MACHINE }));
  }
  process.exit(0);
}

const results: Row[] = [];
for (const kind of KINDS) {
  for (const database of kind === "koto" || kind === "koto-move" ? DATABASES : (["-"] as const)) {
    console.error(`running ${kind}${database === "-" ? "" : ` on ${database}`}...`);
    results.push(...(await run(kind, database)));
  }
}

const reference = STEPS.includes(1000) ? 1000 : (STEPS.at(-1) ?? 0);
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? round(a / b, 3) : null);
const rowsOf = (kind: BotKind, database: RowDatabase) => results.filter((r) => r.kind === kind && r.database === database);
const at = (kind: BotKind, database: RowDatabase, learners = reference) => rowsOf(kind, database).find((r) => r.learners === learners);

/** The targets' figures for one database, against the same baselines. */
function summaryFor(database: BenchDatabase) {
  const passing = rowsOf("koto", database).filter((r) => r.meetsTargets);
  const ours = at("koto", database);
  const moving = at("koto-move", database);
  return {
    ccu: passing.length > 0 ? Math.max(...passing.map((r) => r.learners)) : 0,
    patchP99Ms: ours?.patchP99Ms ?? null,
    feedbackP95Ms: ours?.feedbackP95Ms ?? null,
    lagP99Ms: ours?.lagP99Ms ?? null,
    idleRssMb: rowsOf("koto", database)[0]?.idleRssMb ?? moving?.idleRssMb ?? null,
    rssMb: ours?.rssMb ?? null,
    cpuRatioVsFloor: ratio(moving?.cpuPerLearnerMs, at("floor", "-")?.cpuPerLearnerMs),
    cpuRatioFullVsFloor: ratio(ours?.cpuPerLearnerMs, at("floor", "-")?.cpuPerLearnerMs),
    bytesRatioVsJson: ratio(moving?.bytesPerClientPerSecond, at("json", "-")?.bytesPerClientPerSecond),
    bytesRatioFullVsJson: ratio(ours?.bytesPerClientPerSecond, at("json", "-")?.bytesPerClientPerSecond),
  };
}

const databases = Object.fromEntries(DATABASES.map((d) => [d, summaryFor(d)]));
// The first database's figures stay at the top level, as before there was a choice.
const summary = { ...summaryFor(DATABASES[0]!), learners: reference, database: DATABASES[0]!, databases, machine: MACHINE };

const colours = ["#1f6feb", "#8250df", "#2da44e", "#cf222e", "#bf8700", "#0a7ea4"];
const runs = [...new Set(results.map((r) => `${r.kind}|${r.database}`))];
const series = (pick: (r: Row) => number, only?: BotKind) =>
  runs
    .map((key, i) => ({ key, colour: colours[i % colours.length]!, rows: results.filter((r) => `${r.kind}|${r.database}` === key) }))
    .filter(({ rows }) => rows.length > 0 && (only === undefined || rows[0]!.kind === only))
    .map(({ key, colour, rows }) => ({ name: key.replace("|-", "").replace("|", " "), colour, points: rows.map((r) => ({ x: r.learners, y: pick(r) })) }));
const svg = chartSvg(
  [
    { title: "Patch latency p99", unit: "ms", series: series((r) => r.patchP99Ms), target: TARGETS.patchP99Ms },
    { title: "Tutor feedback p95", unit: "ms", series: series((r) => r.feedbackP95Ms, "koto"), target: TARGETS.feedbackP95Ms },
    { title: "Server CPU", unit: "cores", series: series((r) => r.cpuCores) },
  ],
  `npm run bench, ${MACHINE}`,
);
await writeFile(path.join(values.out, "benchmark.svg"), svg);
await writeFile(path.join(values.out, "results.json"), JSON.stringify({ results, summary }, null, 2));
console.log(table(results));
console.log(`plot: ${path.join(values.out, "benchmark.svg")}`);
console.log(JSON.stringify(summary));
process.exit(0);
