import type { AddressInfo } from "node:net";
import { matchMaker, type Server } from "@colyseus/core";
import { createArena } from "../arena.config.ts";
import { pinClientAddress } from "../http/clientAddress.ts";
import { compileTrust } from "../services/abuse/clientAddress.ts";
import type { Services } from "../services/index.ts";
import { watchEventLoop } from "../services/metrics/eventLoopWatch.ts";

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  /**
   * Drains and stops: no new rooms or learners, learners told and disconnected (4001) after
   * their progress is written, pending writes flushed, connections closed; bounded by
   * `timeoutMs`, after which whatever is still queued goes to the write journal.
   */
  stop(flushTimeoutMs?: number, timeoutMs?: number): Promise<void>;
}

/** Starts the arena on the configured host and port (0 picks a free port). */
export async function startServer(services: Services): Promise<RunningServer> {
  let draining = false;
  const server = createArena(services, () => draining);
  await server.listen(services.config.port, services.config.host);
  if (server.transport.server) pinClientAddress(server.transport.server, compileTrust(services.config.trustProxy));
  await services.interruptedSessions.closeLeftOpen(matchMaker.processId).then(
    (closed) => closed > 0 && services.logger.info({ closed }, "closed the sessions an earlier run left open as interrupted"),
    (error: unknown) => services.logger.warn({ err: error }, "cannot close the sessions an earlier run left open"),
  );
  // Only this process's rooms: each process reports its own, Prometheus takes the max.
  services.metrics.watchRooms(() => Promise.resolve(matchMaker.query({ processId: matchMaker.processId })));
  services.startBackgroundWork();
  const stopWatching = watchEventLoop(services.logger);
  const address = server.transport.server?.address() as AddressInfo | null;
  const port = address?.port ?? services.config.port;
  let stopping: Promise<void> | undefined;
  return {
    server,
    port,
    stop(flushTimeoutMs, timeoutMs = services.config.drainTimeoutMs) {
      stopping ??= (async () => {
        draining = true;
        stopWatching();
        const drained = await bounded(server.gracefullyShutdown(false), timeoutMs);
        if (!drained) services.logger.error({ timeoutMs }, "rooms did not drain in time; closing anyway");
        await services.close(flushTimeoutMs);
      })();
      return stopping;
    },
  };
}

function bounded(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([work.then(() => true), late]).finally(() => clearTimeout(timer));
}
