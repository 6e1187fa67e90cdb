/** Counts offences in a sliding window; `hit` says when the limit is reached. */
export class StrikeCounter {
  readonly #limit: number;
  readonly #windowMs: number;
  #times: number[] = [];

  constructor(limit: number, windowMs: number) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  hit(now: number): boolean {
    this.#times = this.#times.filter((t) => now - t < this.#windowMs);
    this.#times.push(now);
    return this.#times.length >= this.#limit;
  }
}
