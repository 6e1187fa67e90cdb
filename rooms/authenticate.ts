import { ServerError, type AuthContext } from "@colyseus/core";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import type { Learner } from "../domain/learners/learner.ts";
import { consume, JOIN_COSTS } from "../services/abuse/RateLimits.ts";
import type { TokenService } from "../services/identity/TokenService.ts";

const REASONS = { missing: "sign in first: no token", invalid: "invalid token", expired: "token expired" } as const;

/**
 * The seat check every scene room runs before a join: the learner's identity comes from a
 * valid token (never from join options), and joins are rate limited per learner and per IP.
 * The IP is the one worked out through the trusted proxies (http/clientAddress.ts pins it
 * on every request before matchmaking reads it).
 */
export async function authenticate(
  tokens: TokenService,
  joins: RateLimiterAbstract,
  token: string | undefined,
  context: AuthContext | undefined,
): Promise<Learner> {
  const check = await tokens.verify(token);
  if (!check.ok) throw new ServerError(401, REASONS[check.reason]);
  const tooMany = () => new ServerError(429, "too many joins; wait a moment and try again");
  if (!(await consume(joins, `learner:${check.learner.userId}`, JOIN_COSTS.learner)).ok) throw tooMany();
  if (!(await consume(joins, `ip:${context?.ip ?? "unknown"}`, JOIN_COSTS.ip)).ok) throw tooMany();
  return check.learner;
}
