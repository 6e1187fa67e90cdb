import { isIP } from "node:net";
import { Router, type Request, type RequestHandler } from "express";
import type { Metrics } from "../services/metrics/Metrics.ts";

const PRIVATE_V4 = [/^10\./, /^127\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^169\.254\./];

function isPrivateAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (isIP(v4) === 4) return PRIVATE_V4.some((range) => range.test(v4));
  return address === "::1" || /^f[cd]/i.test(address) || /^fe80:/i.test(address);
}

/**
 * Whether a scrape comes straight from the private network (a Prometheus next to the
 * server). Anything relayed by a proxy (X-Forwarded-For) counts as public, so the gateway
 * cannot turn a public request into a private one.
 */
export function fromPrivateNetwork(req: Request): boolean {
  return isPrivateAddress(req.socket.remoteAddress) && req.get("x-forwarded-for") === undefined;
}

/** Prometheus text at /metrics: open to the private network, operator credentials otherwise. */
export function metricsRoutes(metrics: Metrics, operator: RequestHandler): Router {
  const router = Router();
  router.get("/metrics", (req, res, next) => (fromPrivateNetwork(req) ? next() : operator(req, res, next)), async (_req, res) => {
    res.set("Content-Type", metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}
