import type { Request, RequestHandler, Response } from "express";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { consume } from "../services/abuse/RateLimits.ts";
import type { Logger } from "../services/logger.ts";
import { sendError } from "./errors.ts";

/** Refuses a request over its budget with 429, `Retry-After`, and a JSON error. */
export function rateLimit(limiter: RateLimiterAbstract, keyOf: (req: Request, res: Response) => string, logger: Logger): RequestHandler {
  return async (req, res, next) => {
    const key = keyOf(req, res);
    const check = await consume(limiter, key);
    if (check.ok) return next();
    logger.warn({ limiter: limiter.keyPrefix, path: req.path }, "rate limit reached");
    res.set("Retry-After", String(check.retryAfterSeconds));
    return sendError(res, 429, "rate_limited", "Too many requests; slow down and retry shortly.");
  };
}

/** The client's address as Express sees it through the trusted proxies (TRUST_PROXY). */
export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? "unknown";
}
