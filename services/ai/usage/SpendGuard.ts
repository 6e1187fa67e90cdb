import type { Clock } from "../../../domain/clock.ts";

/**
 * Keeps AI spending under a daily limit (UTC days). Every estimated cost is added as calls
 * finish; once today's total reaches the limit, optional AI calls (the LLM's second opinion)
 * are skipped until midnight UTC. Other processes' spending is picked up by `refresh`.
 */
export class SpendGuard {
  readonly #limitUsd: number;
  readonly #clock: Clock;
  #day = "";
  #spentUsd = 0;
  #othersUsd = 0;

  constructor(limitUsd: number, clock: Clock) {
    this.#limitUsd = limitUsd;
    this.#clock = clock;
  }

  #rollover(): void {
    const day = this.#clock.now().toISOString().slice(0, 10);
    if (day !== this.#day) {
      this.#day = day;
      this.#spentUsd = 0;
      this.#othersUsd = 0;
    }
  }

  get limitUsd(): number {
    return this.#limitUsd;
  }

  add(costUsd: number): void {
    this.#rollover();
    this.#spentUsd += costUsd;
  }

  /** Sets today's total as recorded in the database (all processes); never lowers what this process has seen. */
  refresh(todayTotalUsd: number): void {
    this.#rollover();
    this.#othersUsd = Math.max(0, todayTotalUsd - this.#spentUsd);
  }

  spentToday(): number {
    this.#rollover();
    return this.#spentUsd + this.#othersUsd;
  }

  allows(): boolean {
    return this.spentToday() < this.#limitUsd;
  }
}
