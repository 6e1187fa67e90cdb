// The side-by-side benchmark: `npm run bench` (docs/BENCHMARKS.md).
//
// For each server (KOTO with learners doing everything; KOTO with movement only; the bare
// Colyseus room; the naive JSON WebSocket server) it starts the server in its own process,
// ramps bots (in separate load-generator processes) through the steps, and after each step
// measures server CPU, memory and event-loop lag, patch latency, feedback latency, bytes per
// client per second, messages per second, errors and disconnections. KOTO's full run stops at
// the first step that breaks a target. Prints a table, writes an SVG plot, and ends with one
// JSON line.
import { fork, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { BotKind, WorkerCommand, WorkerSample } from "./bots/botWorker.ts";
import { chartSvg } from "./plot.ts";
import { freePort } from "./serverProcess.ts";
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
  },
});
const STEPS = values.steps.split(",").map(Number);
const WINDOW_S = Number(values.window);
const SETTLE_S = Number(values.settle);
const WORKERS = Number(values.workers);
const KINDS = values.kinds.split(",") as BotKind[];
const JOIN_INTERVAL_MS = (1000 * WORKERS) / Number(values["join-rate"]);
export const TARGETS = { patchP99Ms: 50, lagP99Ms: 20, feedbackP95Ms: 300 };

interface ServerProbe {
  cpuSeconds: number;
  /** The event loop's own thread (the rest: the embedded database, GC and I/O threads). */
  mainThreadCpuSeconds: number;
  wallSeconds: number;
  rssBytes: number;
  lagP99Ms: number;
  lagMaxMs: number;
}

export interface Row {
  kind: BotKind;
  learners: number;
  cpuCores: number;
  mainThreadCores: number;
  cpuPerLearnerMs: number;
  rssMb: number;
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
  meetsTargets: boolean;
}

function request<T>(child: ChildProcess, message: unknown, reply: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (answer: { type: string }) => {
      if (answer.type !== reply) return;
      child.off("message", onMessage);
      resolve(answer as T);
    };
    child.on("message", onMessage);
    child.send(message as never);
  });
}

const SERVERS: Record<BotKind, { script: string; scheme: string }> = {
  koto: { script: "server/main.ts", scheme: "http" },
  "koto-move": { script: "server/main.ts", scheme: "http" },
  floor: { script: "bench/baselines/bareRoomServer.ts", scheme: "http" },
  json: { script: "bench/baselines/jsonServer.ts", scheme: "http" },
};

async function startServer(kind: BotKind, dataDir: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const port = await freePort();
  const child = fork(SERVERS[kind].script, [], {
    execArgv: [
      "--disable-warning=ExperimentalWarning",
      "--import",
      "./bench/probe.ts",
    ],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      KOTO_DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      MONITOR_PASSWORD: "bench-monitor-password",
      // All bots come from this machine's one address.
      RATE_LIMIT_IP_PER_MINUTE: "1000000",
      RATE_LIMIT_SIGNIN_PER_MINUTE: "1000000",
      RATE_LIMIT_JOINS_PER_MINUTE: "1000000",
    },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  // The server's output is kept beside the results, to explain a step that went wrong.
  child.stdout!.pipe(createWriteStream(path.join(values.out, `${kind}.log`)));
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${kind} server exited (${code})`)));
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("KOTO listening") && resolve());
  });
  return { child, endpoint: `${SERVERS[kind].scheme}://127.0.0.1:${port}` };
}

/** Profiles of the measurement window: the server and each load generator, one file each. */
async function profiling(kind: BotKind, step: number, server: ChildProcess, workers: ChildProcess[], phase: "start" | "stop"): Promise<void> {
  const dir = path.join(values.out, "profiles");
  await mkdir(dir, { recursive: true });
  const processes = [{ child: server, name: `${kind}-${step}` }, ...workers.map((child, i) => ({ child, name: `${kind}-${step}-bots${i}` }))];
  await Promise.all(
    processes.map(({ child, name }) =>
      phase === "start"
        ? request(child, { type: "profile-start" }, "profiling")
        : request(child, { type: "profile-stop", file: path.join(dir, `${name}.cpuprofile`) }, "profiled"),
    ),
  );
}

async function startWorkers(): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from({ length: WORKERS }, async () => {
      const child = fork("bench/bots/botWorker.ts", [], { execArgv: ["--disable-warning=ExperimentalWarning"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
      await new Promise<void>((resolve) => child.once("message", () => resolve()));
      return child;
    }),
  );
}

async function sampleAll(server: ChildProcess, workers: ChildProcess[]): Promise<{ server: ServerProbe; workers: WorkerSample[] }> {
  const [probe, ...samples] = await Promise.all([
    request<ServerProbe>(server, { type: "probe" }, "probe"),
    ...workers.map((w) => request<WorkerSample>(w, { type: "sample" } satisfies WorkerCommand, "sample")),
  ]);
  return { server: probe, workers: samples };
}

function rowFrom(kind: BotKind, learners: number, measured: { server: ServerProbe; workers: WorkerSample[] }): Row {
  const { server, workers } = measured;
  const patch = summarizeMs(workers.flatMap((w) => w.patchMs));
  const feedback = summarizeMs(workers.flatMap((w) => w.feedbackMs));
  const seconds = server.wallSeconds;
  const cpuCores = server.cpuSeconds / seconds;
  const joined = workers.reduce((sum, w) => sum + w.joined - w.dropped, 0);
  const row: Row = {
    kind,
    learners,
    cpuCores: round(cpuCores, 3),
    mainThreadCores: round(server.mainThreadCpuSeconds / seconds, 3),
    cpuPerLearnerMs: round((cpuCores * 1000) / Math.max(1, joined), 4),
    rssMb: Math.round(server.rssBytes / 1024 / 1024),
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

async function run(kind: BotKind): Promise<Row[]> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "koto-bench-"));
  const { child: server, endpoint } = await startServer(kind, dataDir);
  const workers = await startWorkers();
  const rows: Row[] = [];
  let current = 0;
  try {
    for (const step of STEPS) {
      const perWorker = Math.ceil((step - current) / WORKERS);
      await Promise.all(
        workers.map((worker, i) =>
          request(worker, { type: "add", kind, endpoint, count: perWorker, firstIndex: current + i * perWorker, joinIntervalMs: JOIN_INTERVAL_MS } satisfies WorkerCommand, "added"),
        ),
      );
      current += perWorker * WORKERS;
      await sleep(SETTLE_S);
      await sampleAll(server, workers);
      if (values.profile) await profiling(kind, step, server, workers, "start");
      await sleep(WINDOW_S);
      const row = rowFrom(kind, current, await sampleAll(server, workers));
      if (values.profile) await profiling(kind, step, server, workers, "stop");
      rows.push(row);
      console.error(`  ${kind} ${current}: ${JSON.stringify(row)}`);
      if (kind === "koto" && !row.meetsTargets) break;
    }
  } finally {
    await Promise.all(workers.map((w) => request(w, { type: "stop" } satisfies WorkerCommand, "never").catch(() => {})).map((p) => Promise.race([p, sleep(5)])));
    workers.forEach((w) => w.kill("SIGKILL"));
    server.kill("SIGTERM");
    await Promise.race([new Promise((resolve) => server.once("exit", resolve)), sleep(10)]);
    server.kill("SIGKILL");
    await rm(dataDir, { recursive: true, force: true });
  }
  return rows;
}

function table(rows: Row[]): string {
  const header = "| server | learners | CPU (cores: all / main thread) | CPU/learner (ms/s) | RSS (MB) | loop lag p99 | patch p50 / p99 (ms) | feedback p50 / p95 (ms) | bytes/client/s | msgs/client/s out | msgs/s in | errors / failed / dropped | generator cores (lag p99) |";
  const line = "|---|---|---|---|---|---|---|---|---|---|---|---|---|";
  const body = rows.map(
    (r) =>
      `| ${r.kind} | ${r.learners} | ${r.cpuCores} / ${r.mainThreadCores} | ${r.cpuPerLearnerMs} | ${r.rssMb} | ${r.lagP99Ms} | ${r.patchP50Ms} / ${r.patchP99Ms} | ${r.kind === "koto" ? `${r.feedbackP50Ms} / ${r.feedbackP95Ms}` : "-"} | ${r.bytesPerClientPerSecond} | ${r.messagesPerClientPerSecond} | ${r.messagesPerSecond} | ${r.errors} / ${r.failed} / ${r.dropped} | ${r.generatorCores.join(", ")} (${r.generatorLagP99Ms.join(", ")} ms) |`,
  );
  return [header, line, ...body].join("\n");
}

await mkdir(values.out, { recursive: true });
const results: Row[] = [];
for (const kind of KINDS) {
  console.error(`running ${kind}...`);
  results.push(...(await run(kind)));
}

const byKind = (kind: BotKind) => results.filter((r) => r.kind === kind);
const at = (kind: BotKind, learners: number) => byKind(kind).find((r) => r.learners === learners);
const passing = byKind("koto").filter((r) => r.meetsTargets);
const ccu = passing.length > 0 ? Math.max(...passing.map((r) => r.learners)) : 0;
const reference = STEPS.includes(1000) ? 1000 : (STEPS.at(-1) ?? 0);
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? round(a / b, 3) : null);
const ours = at("koto", reference);
const summary = {
  ccu,
  learners: reference,
  patchP99Ms: ours?.patchP99Ms ?? null,
  feedbackP95Ms: ours?.feedbackP95Ms ?? null,
  lagP99Ms: ours?.lagP99Ms ?? null,
  cpuRatioVsFloor: ratio(at("koto-move", reference)?.cpuPerLearnerMs, at("floor", reference)?.cpuPerLearnerMs),
  cpuRatioFullVsFloor: ratio(ours?.cpuPerLearnerMs, at("floor", reference)?.cpuPerLearnerMs),
  bytesRatioVsJson: ratio(at("koto-move", reference)?.bytesPerClientPerSecond, at("json", reference)?.bytesPerClientPerSecond),
  bytesRatioFullVsJson: ratio(ours?.bytesPerClientPerSecond, at("json", reference)?.bytesPerClientPerSecond),
  machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node ${process.versions.node}`,
};

const colours: Record<BotKind, string> = { koto: "#1f6feb", "koto-move": "#8250df", floor: "#2da44e", json: "#cf222e" };
const series = (pick: (r: Row) => number, kinds: BotKind[] = KINDS) =>
  kinds.filter((k) => byKind(k).length > 0).map((k) => ({ name: k, colour: colours[k], points: byKind(k).map((r) => ({ x: r.learners, y: pick(r) })) }));
const svg = chartSvg(
  [
    { title: "Patch latency p99", unit: "ms", series: series((r) => r.patchP99Ms), target: TARGETS.patchP99Ms },
    { title: "Tutor feedback p95", unit: "ms", series: series((r) => r.feedbackP95Ms, ["koto"]), target: TARGETS.feedbackP95Ms },
    { title: "Server CPU", unit: "cores", series: series((r) => r.cpuCores) },
  ],
  `npm run bench, ${summary.machine}`,
);
await writeFile(path.join(values.out, "benchmark.svg"), svg);
await writeFile(path.join(values.out, "results.json"), JSON.stringify({ results, summary }, null, 2));
console.log(table(results));
console.log(`plot: ${path.join(values.out, "benchmark.svg")}`);
console.log(JSON.stringify(summary));
process.exit(0);
