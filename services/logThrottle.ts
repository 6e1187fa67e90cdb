import type { Clock } from "../domain/clock.ts";

/**
 * For an error that repeats as long as an outside system is down (a reconnecting client
 * fails many times a second): the returned function says whether to log this occurrence,
 * true for the first and then at most once per `intervalMs`.
 */
export function logThrottle(clock: Clock, intervalMs: number): () => boolean {
  let last: number | undefined;
  return () => {
    const now = clock.monotonicMs();
    if (last !== undefined && now - last < intervalMs) return false;
    last = now;
    return true;
  };
}
