import { ServerError, type AuthContext } from "@colyseus/core";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import type { Learner } from "../domain/learners/learner.ts";
import { consume } from "../services/abuse/RateLimits.ts";
import type { TokenService } from "../services/identity/TokenService.ts";

const REASONS = { missing: "sign in first: no token", invalid: "invalid token", expired: "token expired" } as const;

/**
 * The seat check every scene room runs before a join: the learner's identity comes from a
 * valid token (never from join options), and joins are rate limited per learner and per IP.
 */
export async function authenticate(
  tokens: TokenService,
  joins: RateLimiterAbstract,
  token: string | undefined,
  context: AuthContext | undefined,
): Promise<Learner> {
  const check = await tokens.verify(token);
  if (!check.ok) throw new ServerError(401, REASONS[check.reason]);
  const byLearner = await consume(joins, `learner:${check.learner.userId}`);
  const byIp = context?.ip ? await consume(joins, `ip:${context.ip}`, 0.25) : { ok: true as const };
  if (!byLearner.ok || !byIp.ok) throw new ServerError(429, "too many joins; wait a moment and try again");
  return check.learner;
}
