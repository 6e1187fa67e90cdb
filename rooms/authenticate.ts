import { ServerError, type AuthContext, type Client, type Room } from "@colyseus/core";
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

/**
 * The check before a reconnection takes a seat back: a reconnection token only names the
 * seat, so the connection must also bring a valid token of the learner who holds it
 * (`holder`; undefined when the seat is gone). Nothing about the seat changes when it fails.
 */
export async function authenticateReconnection(tokens: TokenService, token: string | null | undefined, holder: string | undefined): Promise<void> {
  const check = await tokens.verify(token);
  if (!check.ok) throw new ServerError(401, REASONS[check.reason]);
  if (check.learner.userId !== holder) throw new ServerError(403, "reconnection refused: sign in as the learner of this seat");
}

/** Colyseus's seat handover (`Room._onJoin`), for new joins and reconnections alike. */
type SeatHandover = (client: Client, context: AuthContext, connection?: { reconnectionToken?: string | null }) => Promise<void>;

/**
 * Colyseus hands a dropped learner's seat to whoever presents its reconnection token (and
 * `onReconnect` runs only once it has); a live connection presented with it is waited on.
 * Its handover is the one step that sees both the reconnection token and the connection's
 * learner token, so `check` runs first, for reconnections only: a refusal (a ServerError,
 * sent to the client before its socket is closed with 4003) leaves the seat as it was.
 */
export function checkReconnectionsFirst(room: Room, check: (sessionId: string, token: string | null | undefined) => Promise<void>): void {
  const internals = room as unknown as { _onJoin: SeatHandover };
  const handOver = internals._onJoin.bind(room);
  internals._onJoin = async (client, context, connection) => {
    if (connection?.reconnectionToken) await check(client.sessionId, context.token);
    await handOver(client, context, connection);
  };
}
