// The processes of a benchmark run: the server under test (with bench/probe.ts loaded) and
// the load generators (bench/bots/botWorker.ts), and the IPC requests between them.
import { fork, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";
import type { BotKind, WorkerCommand, WorkerSample } from "./bots/botWorker.ts";
import { freePort } from "./serverProcess.ts";

export interface ServerProbe {
  cpuSeconds: number;
  /** The event loop's own thread (the rest: the embedded database, GC and I/O threads). */
  mainThreadCpuSeconds: number;
  wallSeconds: number;
  rssBytes: number;
  /** V8's heap, buffers outside it (sockets, WebAssembly memory is in rss only), for the memory breakdown. */
  heapUsedBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  lagP99Ms: number;
  lagMaxMs: number;
}

export function request<T>(child: ChildProcess, message: unknown, reply: string): Promise<T> {
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

const SCRIPTS: Record<BotKind, string> = {
  koto: "server/main.ts",
  "koto-move": "server/main.ts",
  floor: "bench/baselines/bareRoomServer.ts",
  json: "bench/baselines/jsonServer.ts",
};

export interface StartedServer {
  child: ChildProcess;
  endpoint: string;
}

/**
 * V8's memory flags for the servers under test: those `npm start` and the Dockerfile use, unless
 * BENCH_SERVER_FLAGS names others to compare (space-separated; "none" for V8's own defaults).
 */
function serverV8Flags(): string[] {
  const flags = process.env.BENCH_SERVER_FLAGS;
  if (flags === undefined) return ["--max-semi-space-size=16", "--heap-growing-percent=50"];
  return flags === "none" ? [] : flags.split(" ").filter(Boolean);
}

/** Starts one server; `env` adds to the bench's own settings (DATABASE_URL for PostgreSQL). */
export async function startServer(kind: BotKind, dataDir: string, logFile: string, env: Record<string, string> = {}): Promise<StartedServer> {
  const port = await freePort();
  const child = fork(SCRIPTS[kind], [], {
    execArgv: ["--disable-warning=ExperimentalWarning", ...serverV8Flags(), "--import", "./bench/probe.ts"],
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
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  // The server's output is kept beside the results, to explain a step that went wrong.
  child.stdout!.pipe(createWriteStream(logFile));
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${kind} server exited (${code})`)));
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("KOTO listening") && resolve());
  });
  return { child, endpoint: `http://127.0.0.1:${port}` };
}

export async function startWorkers(count: number): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const child = fork("bench/bots/botWorker.ts", [], { execArgv: ["--disable-warning=ExperimentalWarning"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
      await new Promise<void>((resolve) => child.once("message", () => resolve()));
      return child;
    }),
  );
}

export async function sampleAll(server: ChildProcess, workers: ChildProcess[]): Promise<{ server: ServerProbe; workers: WorkerSample[] }> {
  const [probe, ...samples] = await Promise.all([
    request<ServerProbe>(server, { type: "probe" }, "probe"),
    ...workers.map((w) => request<WorkerSample>(w, { type: "sample" } satisfies WorkerCommand, "sample")),
  ]);
  return { server: probe, workers: samples };
}

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/** Bots leave first (so the server sees ordinary leaves), then everything is stopped. */
export async function stopAll(server: ChildProcess, workers: ChildProcess[]): Promise<void> {
  await Promise.all(workers.map((w) => request(w, { type: "stop" } satisfies WorkerCommand, "never").catch(() => {})).map((p) => Promise.race([p, sleep(5)])));
  workers.forEach((w) => w.kill("SIGKILL"));
  server.kill("SIGTERM");
  await Promise.race([new Promise((resolve) => server.once("exit", resolve)), sleep(10)]);
  server.kill("SIGKILL");
}

export function profileFile(out: string, name: string): string {
  return path.join(out, "profiles", `${name}.cpuprofile`);
}
