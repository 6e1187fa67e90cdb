import { Router } from "express";

export interface HealthDeps {
  /** Whether the database answers within a short timeout. */
  databaseReady(): Promise<boolean>;
  /** True once the process is draining (SIGTERM): gateways should send new learners elsewhere. */
  isDraining(): boolean;
}

/**
 * `/health`: the process is alive. `/ready`: it can take learners: the database answers and
 * it is not draining.
 */
export function healthRoutes(deps: HealthDeps): Router {
  const router = Router();
  router.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/ready", async (_req, res) => {
    if (deps.isDraining()) {
      res.status(503).json({ status: "draining" });
      return;
    }
    const database = await deps.databaseReady();
    res.status(database ? 200 : 503).json({ status: database ? "ready" : "not_ready", database });
  });
  return router;
}
