// Entry point: `npm start`. Reads configuration, opens services, serves rooms and HTTP.
import { loadConfig, ConfigError } from "../config/config.ts";
import { createLogger } from "../services/logger.ts";
import { createServices } from "../services/index.ts";
import { ContentError } from "../services/content/yamlFile.ts";
import { startServer } from "./startServer.ts";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  let services;
  try {
    services = await createServices(config, logger);
  } catch (error) {
    if (error instanceof ContentError) {
      console.error(`Content error in ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const running = await startServer(services);
  const banner = [
    `KOTO listening on http://localhost:${running.port} (ws://localhost:${running.port})`,
    `  database: ${services.db.kind === "pglite" ? `embedded PGlite in ${config.dataDir}/pglite` : "PostgreSQL (DATABASE_URL)"}`,
    `  presence: ${config.redisUrl ? "Redis (REDIS_URL)" : "in-process"}`,
    `  monitor:  http://localhost:${running.port}/colyseus  user "${config.monitor.user}"` +
      (services.secrets.monitorPasswordGenerated
        ? `, generated password "${services.secrets.monitorPassword}" (set MONITOR_PASSWORD to choose one)`
        : ", password from MONITOR_PASSWORD"),
  ];
  process.stdout.write(`${banner.join("\n")}\n`);
  // Rooms contain their own failures (onUncaughtException); anything reaching here means
  // process state can no longer be trusted: log it, save what can be saved, and exit so the
  // supervisor restarts a clean process.
  const fatal = (error: unknown, origin: string) => {
    logger.fatal({ err: error, origin }, "unexpected failure; shutting down");
    void running.stop().finally(() => process.exit(1));
  };
  process.on("uncaughtException", (error) => fatal(error, "uncaughtException"));
  process.on("unhandledRejection", (reason) => fatal(reason, "unhandledRejection"));
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "shutting down");
      void running.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  console.error("KOTO failed to start:", error);
  process.exit(1);
});
