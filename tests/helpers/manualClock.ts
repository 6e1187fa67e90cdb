import type { Clock } from "../../domain/clock.ts";

/** A clock a test moves by hand: wall time and monotonic time advance together, never on their own. */
export class ManualClock implements Clock {
  #epochMs: number;
  #monotonicMs = 0;

  constructor(start: Date | string = "2026-11-01T00:00:00Z") {
    this.#epochMs = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#epochMs);
  }

  monotonicMs(): number {
    return this.#monotonicMs;
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError("a clock does not go back");
    this.#epochMs += ms;
    this.#monotonicMs += ms;
  }

  /** Sets the wall time (forward only), as a day changing. */
  set(to: Date | string): void {
    this.advance(new Date(to).getTime() - this.#epochMs);
  }
}
