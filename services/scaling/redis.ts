import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { Redis } from "ioredis";
import type { Clock } from "../../domain/clock.ts";
import { logThrottle } from "../logThrottle.ts";
import type { Logger } from "../logger.ts";

/**
 * Presence and matchmaking in Redis, shared by every process. The clients reconnect on their
 * own when Redis restarts; their errors are logged here (at most every few seconds) instead
 * of surfacing as unhandled error events.
 */
export function redisScaling(url: string, logger: Logger, clock: Clock): { presence: RedisPresence; driver: RedisDriver } {
  const shouldLog = logThrottle(clock, 5_000);
  const onError = (error: Error) => {
    if (!shouldLog()) return;
    logger.warn({ err: error }, "Redis unreachable; reconnecting");
  };
  const client = () => new Redis(url, { maxRetriesPerRequest: 3 }).on("error", onError);
  const presence = new RedisPresence(client());
  (presence as unknown as { sub: Redis }).sub.on("error", onError);
  return { presence, driver: new RedisDriver(client()) };
}
