import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Logger } from "../logger.ts";

/**
 * Warns when the event loop stalls. A stalled game process misses presence heartbeats and
 * can drop its live rooms from the shared listing (colyseus#968); the lag is also exported
 * as koto_nodejs_eventloop_lag_* by the metrics.
 */
export function watchEventLoop(logger: Logger, thresholdMs = 100, everyMs = 10_000): () => void {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const timer = setInterval(() => {
    const p99 = histogram.percentile(99) / 1e6;
    if (p99 > thresholdMs) logger.warn({ p99Ms: Math.round(p99), maxMs: Math.round(histogram.max / 1e6) }, "event loop lagging");
    histogram.reset();
  }, everyMs).unref();
  return () => {
    clearInterval(timer);
    histogram.disable();
  };
}
