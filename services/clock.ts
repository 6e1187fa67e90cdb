import type { Clock } from "../domain/clock.ts";

export type { Clock };

/** The process's clock: the one place outside rooms that reads the system time. */
export const systemClock: Clock = { now: () => new Date(), monotonicMs: () => performance.now() };
