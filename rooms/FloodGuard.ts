/**
 * Per-client, per-message-type budgets for room messages. Each type has a token bucket
 * (a burst and a steady rate); a message over budget is dropped. This runs on every message
 * of every client, so it is a few arithmetic operations, not a library call with promises.
 */

export interface Budget {
  /** Messages allowed at once. */
  burst: number;
  /** Messages per second refilled. */
  perSecond: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class FloodGuard {
  readonly #budgets: Readonly<Record<string, Budget>>;
  readonly #fallback: Budget;
  readonly #buckets = new Map<string, Bucket>();

  constructor(budgets: Readonly<Record<string, Budget>>, fallback: Budget) {
    this.#budgets = budgets;
    this.#fallback = fallback;
  }

  /** Takes one message of `type` from the budget; false when there is none left. */
  allow(type: string, now: number): boolean {
    const budget = this.#budgets[type] ?? this.#fallback;
    const bucket = this.#buckets.get(type) ?? { tokens: budget.burst, at: now };
    bucket.tokens = Math.min(budget.burst, bucket.tokens + ((now - bucket.at) / 1000) * budget.perSecond);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.#buckets.set(type, bucket);
    return allowed;
  }
}

/** Room message budgets: moves at up to 20 Hz, chat one line a second after a short burst. */
export const ROOM_BUDGETS: Readonly<Record<string, Budget>> = {
  move: { burst: 25, perSecond: 20 },
  chat: { burst: 8, perSecond: 1 },
  emote: { burst: 5, perSecond: 1 },
};
/** Each tutor message type: a learner answers, asks for hints, repeats, a few times a second at most. */
export const TUTOR_BUDGET: Budget = { burst: 10, perSecond: 3 };
