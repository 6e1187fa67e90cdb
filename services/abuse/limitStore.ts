import { Redis } from "ioredis";
import type { Clock } from "../../domain/clock.ts";
import { logThrottle } from "../logThrottle.ts";
import type { Logger } from "../logger.ts";

/**
 * The Redis connection the rate limits count in. A command that does not answer quickly
 * fails, and the limits fall back to this process's own counters until Redis is back:
 * a slow or absent Redis must not hold up every request.
 */
export function connectLimitStore(url: string, logger: Logger, clock: Clock): Redis {
  const shouldLog = logThrottle(clock, 5_000);
  return new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 500 }).on("error", (error: Error) => {
    if (!shouldLog()) return;
    logger.warn({ err: error }, "Redis unreachable for rate limits; counting in this process until it is back");
  });
}
