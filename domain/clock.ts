/**
 * Time as the game code reads it, behind an interface so tests can set it. Rooms read the
 * Colyseus clock; everything else is handed one of these (services/clock.ts has the real one).
 */
export interface Clock {
  /** Wall-clock time, for what is stored or shown. */
  now(): Date;
  /** Milliseconds from an arbitrary origin that never goes back, for measuring durations. */
  monotonicMs(): number;
}
