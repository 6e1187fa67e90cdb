// Loaded into every benchmarked server (`node --import ./bench/probe.ts ...`): on request from
// the benchmark (IPC), reports the process's CPU time, memory and event-loop lag since the
// previous request, and profiles a measurement window on request. The servers' own code is
// not touched.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { WindowProfiler } from "./windowProfiler.ts";

const lag = monitorEventLoopDelay({ resolution: 5 });
lag.enable();
let cpu = process.cpuUsage();
let mainThread = process.threadCpuUsage();
let since = performance.now();

const profiler = new WindowProfiler();

process.on("message", (message: { type?: string; file?: string }) => {
  if (message?.type === "profile-start") void profiler.start().then(() => process.send?.({ type: "profiling" }));
  if (message?.type === "profile-stop") void profiler.stop(message.file!).then(() => process.send?.({ type: "profiled" }));
  if (message?.type !== "probe") return;
  const now = performance.now();
  const used = process.cpuUsage(cpu);
  const usedOnMain = process.threadCpuUsage(mainThread);
  const memory = process.memoryUsage();
  process.send?.({
    type: "probe",
    cpuSeconds: (used.user + used.system) / 1e6,
    mainThreadCpuSeconds: (usedOnMain.user + usedOnMain.system) / 1e6,
    wallSeconds: (now - since) / 1000,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    externalBytes: memory.external,
    arrayBuffersBytes: memory.arrayBuffers,
    lagP99Ms: lag.percentile(99) / 1e6,
    lagMaxMs: lag.max / 1e6,
  });
  cpu = process.cpuUsage();
  mainThread = process.threadCpuUsage();
  since = now;
  lag.reset();
});
