import { existsSync } from "node:fs";
import path from "node:path";
import { Router } from "express";
import helmet from "helmet";
import type { Logger } from "../services/logger.ts";
import { WEB_ROOT } from "./webClient.ts";

/** The console's policy: its own scripts and styles, the API on this origin, nothing else. */
const POLICY = {
  "default-src": ["'none'"],
  "script-src": ["'self'"],
  "style-src": ["'self'"],
  "img-src": ["'self'", "data:", "blob:"],
  "connect-src": ["'self'"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
  "frame-ancestors": ["'none'"],
};

/**
 * The operator console (web/ops, built with the browser client into web/dist/ops): its page at
 * `/ops`, mounted behind the operator credentials. Its assets are the client's (`/assets`).
 */
export function opsConsole(logger: Logger, root = WEB_ROOT): Router {
  const router = Router();
  const index = path.join(root, "ops", "index.html");
  const policy = helmet.contentSecurityPolicy({ useDefaults: false, directives: POLICY });
  router.get("/", policy, (_req, res) => {
    if (!existsSync(index)) {
      logger.warn({ root }, "the operator console is not built (npm run build:web)");
      res.status(503).type("text/plain").send("The operator console has not been built. Run `npm run build:web`, then reload.\n");
      return;
    }
    res.setHeader("cache-control", "no-cache");
    res.sendFile(index);
  });
  return router;
}
