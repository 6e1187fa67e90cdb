import {
  BrokenCircuitError,
  bulkhead,
  BulkheadRejectedError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleType,
  handleWhen,
  retry,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
  wrap,
  type IPolicy,
} from "cockatiel";
import type { Clock } from "../../../domain/clock.ts";
import type { Logger } from "../../logger.ts";
import type { UsageFigures } from "../usage/PriceTable.ts";
import type { UsageEntry } from "../usage/UsageRecorder.ts";
import { errorCodeOf, isTransient, safeMessage } from "./aiErrors.ts";

/**
 * The one policy every AI provider call goes through: a concurrency cap (calls beyond it are
 * refused at once, never queued), a timeout, one retry for transient errors only, and two
 * circuit breakers: one opens after repeated failures of any kind, the other sooner, after
 * attempts that ran out of time (a provider that hangs costs every call its whole budget, so
 * waiting for five of them would keep learners waiting). An open circuit lets one probe
 * through later; every other call meanwhile is refused at once, without waiting for the
 * probe. Every attempt that reaches the provider, and every call refused before it, yields
 * one usage entry.
 */

export interface ProviderCall<T> {
  value: T;
  usage: UsageFigures;
  /** The model or voice that answered, when the provider says. */
  modelId?: string | undefined;
}

export type FallbackReason = "timeout" | "circuit_open" | "overloaded" | "failed" | "invalid_response" | "budget_exhausted";

export type PolicyOutcome<T> =
  | { ok: true; value: T; latencyMs: number }
  | { ok: false; reason: FallbackReason; latencyMs: number };

export interface ProviderPolicyOptions {
  type: UsageEntry["providerType"];
  name: string;
  modelId: string | null;
  concurrency: number;
  /** Consecutive failures that open the circuit, and how long it stays open before a probe. */
  breakerThreshold?: number;
  /** Consecutive attempts that ran out of time that open the circuit. */
  hangThreshold?: number;
  halfOpenAfterMs?: number;
  /** Extra attempts for transient errors (within the timeout). */
  retries?: number;
  logger: Logger;
  /** Measures each call's and each attempt's latency. */
  clock: Clock;
  /** Strings never to store or log (API keys). */
  secrets?: readonly string[];
}

export interface RunOptions {
  timeoutMs: number;
  /** Receives the usage entries of this call (one per attempt, or one for a refused call). */
  onUsage: (entry: UsageEntry) => void;
  sessionId?: string | null | undefined;
}

/** An attempt still running when the call's time ran out (the hang breaker counts these). */
class AttemptTimedOut extends Error {
  constructor() {
    super("no answer within the time budget");
    this.name = "AttemptTimedOut";
  }
}

/** Rejects when the signal aborts; handled, so a signal aborted after the call won is no unhandled rejection. */
function rejectOnAbort(signal: AbortSignal): Promise<never> {
  const aborted = new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(new AttemptTimedOut()), { once: true }));
  aborted.catch(() => {});
  return aborted;
}

export class ProviderPolicy {
  readonly #o: Required<Omit<ProviderPolicyOptions, "secrets">> & { secrets: readonly string[] };
  readonly #breaker;
  readonly #hangBreaker;
  readonly #limit;
  readonly #retry: IPolicy;

  constructor(options: ProviderPolicyOptions) {
    this.#o = { breakerThreshold: 5, hangThreshold: 2, halfOpenAfterMs: 30_000, retries: 1, secrets: [], ...options };
    this.#limit = bulkhead(this.#o.concurrency, 0);
    // The hang breaker's refusals pass through this one without counting as failures.
    this.#breaker = circuitBreaker(handleWhen((error) => !(error instanceof BrokenCircuitError)), {
      halfOpenAfter: this.#o.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(this.#o.breakerThreshold),
    });
    this.#hangBreaker = circuitBreaker(handleType(AttemptTimedOut), {
      halfOpenAfter: this.#o.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(this.#o.hangThreshold),
    });
    this.#retry = retry(handleWhen(isTransient), {
      maxAttempts: this.#o.retries,
      backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 400 }),
    });
    for (const [breaker, which] of [[this.#breaker, "failures"], [this.#hangBreaker, "timeouts"]] as const) {
      breaker.onStateChange((state) => {
        const name = CircuitState[state];
        this.#o.logger.warn({ provider: this.#o.name, type: this.#o.type, state: name, breaker: which }, `AI provider circuit ${name.toLowerCase()}`);
      });
    }
  }

  get name(): string {
    return this.#o.name;
  }

  get type(): UsageEntry["providerType"] {
    return this.#o.type;
  }

  get circuit(): "closed" | "open" | "half_open" | "isolated" {
    const states = [this.#breaker.state, this.#hangBreaker.state];
    if (states.includes(CircuitState.Isolated)) return "isolated";
    if (states.includes(CircuitState.Open)) return "open";
    return states.includes(CircuitState.HalfOpen) ? "half_open" : "closed";
  }

  async run<T>(call: (signal: AbortSignal) => Promise<ProviderCall<T>>, options: RunOptions): Promise<PolicyOutcome<T>> {
    const clock = this.#o.clock;
    const started = clock.monotonicMs();
    // While a probe is out, cockatiel would hold every other call until it ends: refuse them now.
    if (this.circuit === "half_open") {
      this.#refused("circuit_open", options);
      return { ok: false, reason: "circuit_open", latencyMs: 0 };
    }
    const ledger = new AttemptLedger(options.onUsage, clock);
    const policy = wrap(this.#limit, timeout(options.timeoutMs, TimeoutStrategy.Aggressive), this.#retry, this.#breaker, this.#hangBreaker);
    try {
      const value = await policy.execute(({ signal }) => this.#attempt(call, signal, options, ledger));
      return { ok: true, value, latencyMs: clock.monotonicMs() - started };
    } catch (error) {
      const reason = this.#reasonFor(error);
      // A timed-out attempt is accounted for now, not whenever the provider gives up.
      ledger.closeOpen((attempt) => this.#failure(attempt, options, "timeout", "no answer within the time budget"));
      if (reason === "circuit_open" || reason === "overloaded") this.#refused(reason, options);
      return { ok: false, reason, latencyMs: clock.monotonicMs() - started };
    }
  }

  async #attempt<T>(
    call: (signal: AbortSignal) => Promise<ProviderCall<T>>,
    signal: AbortSignal,
    options: RunOptions,
    ledger: AttemptLedger,
  ): Promise<T> {
    const attempt = ledger.open();
    try {
      // The attempt ends at the deadline even if the provider's client ignores the signal.
      const result = await Promise.race([call(signal), rejectOnAbort(signal)]);
      ledger.close(attempt, {
        providerType: this.#o.type,
        providerName: this.#o.name,
        sessionId: options.sessionId ?? null,
        ...result.usage,
        modelId: result.modelId ?? this.#o.modelId,
        latencyMs: this.#o.clock.monotonicMs() - attempt.started,
        success: true,
      });
      return result.value;
    } catch (error) {
      const timedOut = signal.aborted;
      ledger.close(attempt, this.#failure(attempt, options, timedOut ? "timeout" : errorCodeOf(error), timedOut ? "no answer within the time budget" : safeMessage(error, this.#o.secrets)));
      throw timedOut ? new AttemptTimedOut() : error;
    }
  }

  #failure(attempt: { started: number }, options: RunOptions, code: string, message: string): UsageEntry {
    return {
      providerType: this.#o.type,
      providerName: this.#o.name,
      sessionId: options.sessionId ?? null,
      modelId: this.#o.modelId,
      latencyMs: this.#o.clock.monotonicMs() - attempt.started,
      success: false,
      errorCode: code,
      errorMessage: message,
    };
  }

  #reasonFor(error: unknown): FallbackReason {
    if (error instanceof BrokenCircuitError) return "circuit_open";
    if (error instanceof BulkheadRejectedError) return "overloaded";
    if (error instanceof TaskCancelledError) return "timeout";
    return errorCodeOf(error) === "invalid_response" ? "invalid_response" : "failed";
  }

  #refused(reason: FallbackReason, options: RunOptions): void {
    options.onUsage({
      providerType: this.#o.type,
      providerName: this.#o.name,
      modelId: this.#o.modelId,
      sessionId: options.sessionId ?? null,
      latencyMs: 0,
      success: false,
      errorCode: reason,
      errorMessage: reason === "circuit_open" ? "not called: the circuit is open after repeated failures" : "not called: too many calls in flight",
    });
  }
}

/** The attempts of one call, each reported exactly once, even if the provider answers late. */
class AttemptLedger {
  readonly #report: (entry: UsageEntry) => void;
  readonly #clock: Clock;
  readonly #open = new Set<{ started: number }>();

  constructor(report: (entry: UsageEntry) => void, clock: Clock) {
    this.#report = report;
    this.#clock = clock;
  }

  open(): { started: number } {
    const attempt = { started: this.#clock.monotonicMs() };
    this.#open.add(attempt);
    return attempt;
  }

  close(attempt: { started: number }, entry: UsageEntry): void {
    if (this.#open.delete(attempt)) this.#report(entry);
  }

  closeOpen(entryFor: (attempt: { started: number }) => UsageEntry): void {
    for (const attempt of [...this.#open]) this.close(attempt, entryFor(attempt));
  }
}
