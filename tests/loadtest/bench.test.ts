import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

describe("npm run bench", () => {
  let out = "";
  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  it("runs all four servers side by side, KOTO on both databases, and ends with the summary line, a table and a plot", async () => {
    out = await mkdtemp(path.join(os.tmpdir(), "koto-bench-test-"));
    const args = ["--disable-warning=ExperimentalWarning", "bench/bench.ts", "--steps", "8", "--window", "3", "--settle", "1", "--workers", "1", "--out", out];
    const run = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 150_000 });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split("\n");
    const summary = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    expect(summary).toMatchObject({ learners: 8 });
    for (const key of ["ccu", "patchP99Ms", "cpuRatioVsFloor", "bytesRatioVsJson"]) expect(summary[key], key).toBeTypeOf("number");
    expect(summary).toHaveProperty("feedbackP95Ms");
    const databases = summary.databases as Record<string, Record<string, unknown>>;
    expect(Object.keys(databases)).toEqual(["embedded", "postgres"]);
    for (const figures of Object.values(databases)) for (const key of ["ccu", "patchP99Ms", "idleRssMb", "cpuRatioFullVsFloor"]) expect(figures[key], key).toBeTypeOf("number");
    // Positions of a few learners cost far fewer bytes as patches than as JSON for everyone.
    expect(summary.bytesRatioVsJson as number).toBeLessThan(1);
    const rows = lines.filter((line) => /^\| (koto|koto-move|floor|json) \| \d+ \|/.test(line));
    const cells = rows.map((line) => line.split("|").map((cell) => cell.trim()));
    expect(cells.map((c) => `${c[1]} ${c[3]}`)).toEqual(["koto embedded", "koto postgres", "koto-move embedded", "koto-move postgres", "floor -", "json -"]);
    const results = JSON.parse(await readFile(path.join(out, "results.json"), "utf8")) as {
      results: Array<{ kind: string; database: string; failed: number; dropped: number; dbRowsPerSecond: number | null; idleRssMb: number; verdictCacheHitRate: number | null }>;
    };
    expect(results.results.every((r) => r.failed === 0 && r.dropped === 0 && r.idleRssMb > 0)).toBe(true);
    // Rows written are counted in the server's own PostgreSQL database; the embedded one is not measured that way.
    const koto = (database: string) => results.results.find((r) => r.kind === "koto" && r.database === database)!;
    expect(koto("postgres").dbRowsPerSecond).toBeGreaterThan(0);
    expect(koto("embedded").dbRowsPerSecond).toBeNull();
    // The verdict cache's hit rate is read from KOTO's /metrics (null when no answer fell in the window); the baselines have none.
    for (const database of ["embedded", "postgres"]) expect(koto(database).verdictCacheHitRate ?? 0).toBeGreaterThanOrEqual(0);
    expect(results.results.find((r) => r.kind === "floor")!.verdictCacheHitRate).toBeNull();
    expect(await readFile(path.join(out, "benchmark.svg"), "utf8")).toMatch(/^<svg[\s\S]*Patch latency p99[\s\S]*<\/svg>\s*$/);
  }, 180_000);
});
