import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { slopePerMinute, type SoakResult } from "../../bench/soak.ts";

describe("the memory soak's slope", () => {
  it("is the least-squares growth per minute", () => {
    expect(slopePerMinute([0, 60, 120].map((x) => ({ x, y: 100 + x / 30 })))).toBe(2);
    expect(slopePerMinute([{ x: 0, y: 5 }, { x: 30, y: 9 }, { x: 60, y: 5 }])).toBe(0);
    expect(slopePerMinute([{ x: 0, y: 5 }])).toBe(0);
  });
});

describe("npm run bench -- --soak", () => {
  let out = "";
  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  it("keeps learners joining and leaving on PostgreSQL and reports memory samples and their slope", async () => {
    out = await mkdtemp(path.join(os.tmpdir(), "koto-soak-test-"));
    const args = ["--disable-warning=ExperimentalWarning", "bench/bench.ts", "--soak", "20", "--steps", "4", "--churn", "0.2", "--workers", "2", "--database", "postgres", "--out", out];
    const run = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 90_000 });
    expect(run.status, run.stderr).toBe(0);
    const line = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as Omit<SoakResult, "samples"> & { samples: number };
    expect(line).toMatchObject({ database: "postgres", learners: 4, failed: 0 });
    // Four learners, then one replaced per load generator every 10 s.
    expect(line.joins).toBeGreaterThanOrEqual(8);
    expect(line.samples).toBeGreaterThanOrEqual(3);
    const full = JSON.parse(await readFile(path.join(out, "soak-postgres.json"), "utf8")) as SoakResult;
    expect(full.samples.every((s) => s.rssMb > 0 && s.heapMb > 0)).toBe(true);
    // The write queue's depth comes from the server's /metrics with every sample.
    expect(full.samples.every((s) => typeof s.writeQueueDepth === "number" && s.writeQueueDepth >= 0)).toBe(true);
    expect(full.maxWriteQueueDepth).toBe(Math.max(...full.samples.map((s) => s.writeQueueDepth ?? 0)));
    expect(full.rssSlopeMbPerMin).toBe(slopePerMinute(full.samples.map((s) => ({ x: s.seconds, y: s.rssMb }))));
  }, 90_000);

  it("refuses an unknown database with a clear message", () => {
    const run = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", "bench/bench.ts", "--database", "mysql"], { encoding: "utf8", timeout: 30_000 });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/--database takes embedded, postgres or both/);
  });
});
