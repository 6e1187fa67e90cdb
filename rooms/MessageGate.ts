import type { Client } from "@colyseus/core";
import type { z } from "zod";
import type { Logger } from "../services/logger.ts";
import type { Metrics } from "../services/metrics/Metrics.ts";
import { FloodGuard, ROOM_BUDGETS, TUTOR_BUDGET } from "./FloodGuard.ts";
import { describeIssues } from "./messages.ts";
import { CloseCode, ErrorCode } from "./protocol.ts";
import { StrikeCounter } from "./StrikeCounter.ts";

/** Invalid payloads tolerated per client per window before the client is disconnected. */
const INVALID_LIMIT = 10;
/** Messages dropped for flooding, per window, before the client is disconnected. */
const FLOOD_LIMIT = 100;
const WINDOW_MS = 10_000;
/** At most one `rate_limited` notice per client this often. */
const NOTICE_EVERY_MS = 1_000;

interface ClientGate {
  flood: FloodGuard;
  invalid: StrikeCounter;
  flooding: StrikeCounter;
  lastNotice: number;
}

/**
 * What every room message passes before a handler sees it: the sender's budget for that
 * message type (over budget: dropped, with a `rate_limited` error at most once a second),
 * then the payload schema (invalid: a clear `invalid_message` error). A client that keeps
 * flooding or keeps sending invalid payloads is disconnected with 4002.
 */
export class MessageGate {
  readonly #clients = new Map<string, ClientGate>();
  readonly #logger: Logger;
  readonly #metrics: Metrics;
  readonly #sendError: (client: Client, code: ErrorCode, message: string) => void;
  readonly #now: () => number;

  /** `now`: the room's clock, in milliseconds. */
  constructor(logger: Logger, metrics: Metrics, sendError: (client: Client, code: ErrorCode, message: string) => void, now: () => number) {
    this.#logger = logger;
    this.#metrics = metrics;
    this.#sendError = sendError;
    this.#now = now;
  }

  admit(sessionId: string): void {
    this.#clients.set(sessionId, {
      flood: new FloodGuard(ROOM_BUDGETS, TUTOR_BUDGET),
      invalid: new StrikeCounter(INVALID_LIMIT, WINDOW_MS),
      flooding: new StrikeCounter(FLOOD_LIMIT, WINDOW_MS),
      lastNotice: 0,
    });
  }

  release(sessionId: string): void {
    this.#clients.delete(sessionId);
  }

  guard<S extends z.ZodType, C extends Client>(
    type: string,
    schema: S,
    handler: (client: C, message: z.output<S>) => void,
  ): (client: C, payload: unknown) => void {
    return (client, payload) => {
      this.#metrics.message(type);
      const gate = this.#clients.get(client.sessionId);
      if (!gate) return;
      const now = this.#now();
      if (!gate.flood.allow(type, now)) return this.#flooded(client, gate, type, now);
      const parsed = schema.safeParse(payload);
      if (parsed.success) return handler(client, parsed.data);
      this.#sendError(client, ErrorCode.INVALID_MESSAGE, `${type}: ${describeIssues(parsed.error)}`);
      if (gate.invalid.hit(now)) this.#expel(client, "too many invalid messages");
    };
  }

  #flooded(client: Client, gate: ClientGate, type: string, now: number): void {
    if (now - gate.lastNotice >= NOTICE_EVERY_MS) {
      gate.lastNotice = now;
      this.#sendError(client, ErrorCode.RATE_LIMITED, `Too many "${type}" messages; some were dropped.`);
    }
    if (gate.flooding.hit(now)) this.#expel(client, "flooding");
  }

  #expel(client: Client, reason: string): void {
    this.#logger.warn({ sessionId: client.sessionId, reason }, "disconnecting client");
    client.leave(CloseCode.PROTOCOL_VIOLATION, reason);
  }
}
