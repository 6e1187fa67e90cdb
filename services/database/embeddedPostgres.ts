import { fork } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * The embedded database (PGlite in the data folder), run on its own thread and reached over
 * a private Unix socket with the PostgreSQL protocol: the same driver, client and migrations
 * as a real server, and no database work on the game thread's event loop.
 */
export interface EmbeddedPostgres {
  /** node-postgres connection settings for the socket. */
  readonly connection: { host: string; port: number; user: string; database: string };
  stop(): Promise<void>;
}

/** What pgliteWorker.ts posts. */
type WorkerMessage = { type: "ready" } | { type: "failed"; message: string } | { type: "stopped" };

/**
 * The worker's own messages, and nothing else: under Node's watch mode (`npm run dev`) every
 * module a worker imports is also announced on its port (`{ "watch:import": [...] }`).
 */
function onWorkerMessage(worker: Worker, handle: (message: WorkerMessage) => void): () => void {
  const listener = (message: unknown) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (type === "ready" || type === "failed" || type === "stopped") handle(message as WorkerMessage);
  };
  worker.on("message", listener);
  return () => worker.off("message", listener);
}

/** Where a running server hands out dumps of its embedded database (pgliteDumps.ts), when its socket is in the data folder. */
export function embeddedDumpSocket(dataDir: string): string {
  return path.join(path.resolve(dataDir), "socket", "backup.sock");
}

const WORKER = new URL("./pgliteWorker.ts", import.meta.url);

function started(worker: Worker): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    worker.once("error", reject);
    const off = onWorkerMessage(worker, (message) => {
      off();
      if (message.type === "ready") resolve();
      else reject(new Error(`embedded database failed to start: ${message.type === "failed" ? message.message : "it stopped"}`));
    });
  });
}

/**
 * A new database is made (initdb) in a short-lived process (pgliteInit.ts). Made on the
 * serving thread, initdb's WebAssembly memory stayed in the server for good, and a thread
 * that ends did not give all of it back either (docs/BENCHMARKS.md).
 */
async function initialiseIfNew(databaseDir: string): Promise<void> {
  if (existsSync(path.join(databaseDir, "PG_VERSION"))) return;
  const child = fork(fileURLToPath(new URL("./pgliteInit.ts", import.meta.url)), [databaseDir], {
    execArgv: ["--disable-warning=ExperimentalWarning"],
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let errors = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-2_000);
  });
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`embedded database could not be made: ${errors.trim().split("\n").at(-1) ?? `exit ${code}`}`);
}

/** Unix socket paths are limited to about 100 bytes. */
async function socketDirectory(dataDir: string): Promise<{ dir: string; temporary: boolean }> {
  const dir = path.join(dataDir, "socket");
  if (path.join(dir, ".s.PGSQL.5432").length < 100) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return { dir, temporary: false };
  }
  return { dir: await mkdtemp(path.join(os.tmpdir(), "koto-pg-")), temporary: true };
}

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const databaseDir = path.resolve(dataDir, "pglite");
  await mkdir(databaseDir, { recursive: true });
  const socket = await socketDirectory(path.resolve(dataDir));
  const socketPath = path.join(socket.dir, ".s.PGSQL.5432");
  await rm(socketPath, { force: true });
  // With the socket in a temporary folder (a long data folder path), no live dumps: backups need the server stopped.
  const dumpSocketPath = socket.temporary ? undefined : embeddedDumpSocket(dataDir);
  await initialiseIfNew(databaseDir);
  const worker = new Worker(WORKER, { workerData: { dataDir: databaseDir, socketPath, dumpSocketPath } });
  await started(worker);
  worker.unref();
  return {
    connection: { host: socket.dir, port: 5432, user: "postgres", database: "postgres" },
    async stop() {
      const stopped = new Promise<void>((resolve) => {
        onWorkerMessage(worker, (message) => {
          if (message.type === "stopped") resolve();
        });
        worker.once("exit", () => resolve());
      });
      worker.postMessage("stop");
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      await worker.terminate();
      if (socket.temporary) await rm(socket.dir, { recursive: true, force: true });
    },
  };
}
