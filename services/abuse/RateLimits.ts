import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { SecurityConfig } from "../../config/security.ts";

/**
 * Request budgets per client IP and per learner (rate-limiter-flexible). Counters live in
 * this process; behind several processes each keeps its own, so a client spread across them
 * gets at most the budget times the number of processes.
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
  /** Room seat reservations (joins), per learner and per IP. */
  readonly joins: RateLimiterAbstract;
}

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

export function createRateLimits(config: SecurityConfig): RateLimits {
  const perMinute = (points: number, keyPrefix: string) => new RateLimiterMemory({ points, duration: 60, keyPrefix });
  const limits = config.rateLimits;
  return {
    ip: perMinute(limits.ipPerMinute, "ip"),
    signIn: perMinute(limits.signInPerMinute, "signin"),
    learner: perMinute(limits.learnerPerMinute, "learner"),
    uploads: perMinute(limits.uploadsPerMinute, "upload"),
    joins: perMinute(limits.joinsPerMinute, "join"),
  };
}
