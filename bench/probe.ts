// Loaded into every benchmarked server (`node --import ./bench/probe.ts ...`): on request from
// the benchmark (IPC), reports the process's CPU time, memory and event-loop lag since the
// previous request. The servers' own code is not touched.
import { monitorEventLoopDelay } from "node:perf_hooks";

const lag = monitorEventLoopDelay({ resolution: 5 });
lag.enable();
let cpu = process.cpuUsage();
let since = performance.now();

process.on("message", (message: { type?: string }) => {
  if (message?.type !== "probe") return;
  const now = performance.now();
  const used = process.cpuUsage(cpu);
  process.send?.({
    type: "probe",
    cpuSeconds: (used.user + used.system) / 1e6,
    wallSeconds: (now - since) / 1000,
    rssBytes: process.memoryUsage().rss,
    lagP99Ms: lag.percentile(99) / 1e6,
    lagMaxMs: lag.max / 1e6,
  });
  cpu = process.cpuUsage();
  since = now;
  lag.reset();
});
