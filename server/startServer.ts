import type { AddressInfo } from "node:net";
import type { Server } from "@colyseus/core";
import { createArena } from "../arena.config.ts";
import type { Services } from "../services/index.ts";

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  /** Disconnects learners, flushes pending writes and closes every connection. */
  stop(flushTimeoutMs?: number): Promise<void>;
}

/** Starts the arena on the configured host and port (0 picks a free port). */
export async function startServer(services: Services): Promise<RunningServer> {
  const server = createArena(services);
  await server.listen(services.config.port, services.config.host);
  services.startBackgroundWork();
  const address = server.transport.server?.address() as AddressInfo | null;
  const port = address?.port ?? services.config.port;
  let stopping: Promise<void> | undefined;
  return {
    server,
    port,
    stop(flushTimeoutMs) {
      stopping ??= (async () => {
        await server.gracefullyShutdown(false);
        await services.close(flushTimeoutMs);
      })();
      return stopping;
    },
  };
}
