import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { SecurityConfig } from "../../config/security.ts";

/**
 * Request budgets per client IP and per learner (rate-limiter-flexible). With Redis the
 * counters are shared by every process of the deployment, so a client spread across N
 * processes still gets one budget; while Redis is unreachable each process falls back to
 * its own counters rather than refusing everyone. Without Redis they live in this process.
 */
export interface RateLimits {
  /** Every HTTP request, per client IP. */
  readonly ip: RateLimiterAbstract;
  /** Guest sign-ins, per client IP (each creates an account). */
  readonly signIn: RateLimiterAbstract;
  /** Authenticated API requests, per learner. */
  readonly learner: RateLimiterAbstract;
  /** Recording uploads, per learner. */
  readonly uploads: RateLimiterAbstract;
  /** Room seat reservations (joins), per learner and per IP: see JOIN_COSTS. */
  readonly joins: RateLimiterAbstract;
}

/**
 * Joins share one budget of `RATE_LIMIT_JOINS_PER_MINUTE` x 4 points per key: a learner's
 * join costs 4 (their limit), an IP's 1 (four times that). Costs are whole numbers because
 * the counters are integers (a fractional cost never adds up).
 */
export const JOIN_COSTS = { learner: 4, ip: 1 } as const;

export type LimitCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

export async function consume(limiter: RateLimiterAbstract, key: string, points = 1): Promise<LimitCheck> {
  try {
    await limiter.consume(key, points);
    return { ok: true };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    throw rejection;
  }
}

type PerMinute = (points: number, keyPrefix: string) => RateLimiterAbstract;

function perMinuteIn(redis: Redis | undefined): PerMinute {
  if (!redis) return (points, keyPrefix) => new RateLimiterMemory({ points, duration: 60, keyPrefix });
  return (points, keyPrefix) =>
    new RateLimiterRedis({
      storeClient: redis,
      points,
      duration: 60,
      keyPrefix: `koto:limit:${keyPrefix}`,
      // Fail over at once instead of queueing behind a reconnecting client.
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points, duration: 60, keyPrefix }),
    });
}

export function createRateLimits(config: SecurityConfig, redis?: Redis): RateLimits {
  const perMinute = perMinuteIn(redis);
  const limits = config.rateLimits;
  return {
    ip: perMinute(limits.ipPerMinute, "ip"),
    signIn: perMinute(limits.signInPerMinute, "signin"),
    learner: perMinute(limits.learnerPerMinute, "learner"),
    uploads: perMinute(limits.uploadsPerMinute, "upload"),
    joins: perMinute(limits.joinsPerMinute * JOIN_COSTS.learner, "join"),
  };
}
