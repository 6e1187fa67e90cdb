import { randomUUID } from "node:crypto";
import type { Clock } from "../../clock.ts";
import type { AiUsageOp, WriteOp } from "../../writes/writeOps.ts";
import type { PriceTable, UsageFigures } from "./PriceTable.ts";
import type { SpendGuard } from "./SpendGuard.ts";

export interface UsageEntry extends UsageFigures {
  providerType: AiUsageOp["providerType"];
  providerName: string;
  modelId: string | null;
  latencyMs: number;
  success: boolean;
  errorCode?: string | null | undefined;
  errorMessage?: string | null | undefined;
  sessionId?: string | null | undefined;
  eventId?: string | null | undefined;
}

export type UsageListener = (entry: UsageEntry & { estimatedCostUsd: number }) => void;

/** Writes one AI usage row per call, with its estimated cost, and counts the cost against the daily limit. */
export class UsageRecorder {
  readonly #writes: { enqueue(op: WriteOp): void };
  readonly #prices: PriceTable;
  readonly #spend: SpendGuard;
  readonly #clock: Clock;
  readonly #listeners: UsageListener[] = [];

  constructor(writes: { enqueue(op: WriteOp): void }, prices: PriceTable, spend: SpendGuard, clock: Clock) {
    this.#writes = writes;
    this.#prices = prices;
    this.#spend = spend;
    this.#clock = clock;
  }

  /** Also tell `listener` about every call (metrics). */
  onRecord(listener: UsageListener): void {
    this.#listeners.push(listener);
  }

  record(entry: UsageEntry): void {
    const cost = entry.success || entry.tokensIn ? this.#prices.estimate(entry.providerType, entry.providerName, entry.modelId, entry) : 0;
    this.#spend.add(cost);
    this.#writes.enqueue({
      kind: "ai.usage",
      id: randomUUID(),
      sessionId: entry.sessionId ?? null,
      eventId: entry.eventId ?? null,
      providerType: entry.providerType,
      providerName: entry.providerName,
      modelId: entry.modelId,
      tokensIn: entry.tokensIn ?? null,
      tokensOut: entry.tokensOut ?? null,
      audioDurationMs: entry.audioDurationMs ?? null,
      latencyMs: Math.round(entry.latencyMs),
      success: entry.success,
      errorCode: entry.errorCode ?? null,
      errorMessage: entry.errorMessage ?? null,
      estimatedCostUsd: cost,
      createdAt: this.#clock.now().toISOString(),
    });
    for (const listener of this.#listeners) listener({ ...entry, estimatedCostUsd: cost });
  }
}
