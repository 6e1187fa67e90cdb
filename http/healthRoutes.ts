import { Router } from "express";

export interface HealthDeps {
  /** Whether the database answers within a short timeout. */
  databaseReady(): Promise<boolean>;
}

/** `/health`: the process is alive. `/ready`: it can serve learners (the database answers). */
export function healthRoutes(deps: HealthDeps): Router {
  const router = Router();
  router.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/ready", async (_req, res) => {
    const database = await deps.databaseReady();
    res.status(database ? 200 : 503).json({ status: database ? "ready" : "not_ready", database });
  });
  return router;
}
