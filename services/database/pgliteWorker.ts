// The embedded database's own thread: PGlite (PostgreSQL compiled to WebAssembly) runs its
// queries synchronously, so it lives here, behind a PostgreSQL-protocol socket, and the game
// thread talks to it like to any PostgreSQL server. Started by embeddedPostgres.ts.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { keepDatabaseFilesPrivate } from "../privateFiles.ts";
import { serveDumps } from "./pgliteDumps.ts";
import { PGLITE_OPTIONS } from "./pgliteOptions.ts";

const { dataDir, socketPath, dumpSocketPath } = workerData as { dataDir: string; socketPath: string; dumpSocketPath?: string };

try {
  keepDatabaseFilesPrivate(dataDir);
  const db = await PGlite.create(dataDir, PGLITE_OPTIONS);
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 8 });
  await server.start();
  const dumps = dumpSocketPath ? await serveDumps(db, dumpSocketPath) : undefined;
  parentPort!.on("message", (message: string) => {
    if (message !== "stop") return;
    dumps?.close();
    void server
      .stop()
      .then(() => db.close())
      .finally(() => {
        parentPort!.postMessage({ type: "stopped" });
        parentPort!.close();
      });
  });
  parentPort!.postMessage({ type: "ready" });
} catch (error) {
  parentPort!.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) });
}
