// The embedded database's own thread: PGlite (PostgreSQL compiled to WebAssembly) runs its
// queries synchronously, so it lives here, behind a PostgreSQL-protocol socket, and the game
// thread talks to it like to any PostgreSQL server. Started by embeddedPostgres.ts.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { keepDatabaseFilesPrivate } from "../privateFiles.ts";

const { dataDir, socketPath } = workerData as { dataDir: string; socketPath: string };

try {
  keepDatabaseFilesPrivate(dataDir);
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 8 });
  await server.start();
  parentPort!.on("message", (message: string) => {
    if (message !== "stop") return;
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
