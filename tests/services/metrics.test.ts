import { describe, expect, it } from "vitest";
import { ProviderPolicy } from "../../services/ai/policy/ProviderPolicy.ts";
import { PriceTable } from "../../services/ai/usage/PriceTable.ts";
import { SpendGuard } from "../../services/ai/usage/SpendGuard.ts";
import { UsageRecorder } from "../../services/ai/usage/UsageRecorder.ts";
import { createLogger } from "../../services/logger.ts";
import { Metrics } from "../../services/metrics/Metrics.ts";
import { MemoryWriteJournal } from "../../services/writes/WriteJournal.ts";
import { MemoryWriteSink } from "../../services/writes/MemoryWriteSink.ts";
import { WriteQueue } from "../../services/writes/WriteQueue.ts";
import { VerdictCache } from "../../services/tutor/VerdictCache.ts";
import { ManualClock } from "../helpers/manualClock.ts";

/** The gauges the alerts need beyond the call counters: spend against the budget, open circuits, the fullest room. */

const logger = createLogger("silent");

async function setup() {
  const clock = new ManualClock("2026-11-01T09:00:00Z");
  const writes = new WriteQueue({ sink: new MemoryWriteSink(), journal: new MemoryWriteJournal(), logger, clock, capacity: 100 });
  const spend = new SpendGuard(20, clock);
  const usage = new UsageRecorder(writes, await PriceTable.load(), spend, clock);
  const policy = new ProviderPolicy({ type: "eval", name: "gemini", modelId: "m", concurrency: 2, breakerThreshold: 2, retries: 0, logger, clock });
  const verdicts = new VerdictCache(10);
  const metrics = new Metrics(writes, usage, { spend, policies: [policy], verdicts });
  const value = async (name: string, labels: Record<string, string> = {}) => {
    const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
    return metric?.values.find((v) => Object.entries(labels).every(([key, label]) => v.labels[key] === label))?.value;
  };
  return { clock, spend, policy, metrics, value, verdicts };
}

describe("the alerting gauges", () => {
  it("report today's AI spend (this process and the others) against the budget, back to 0 at midnight UTC", async () => {
    const { clock, spend, value } = await setup();
    expect(await value("koto_ai_daily_budget_usd")).toBe(20);
    spend.add(1.25);
    expect(await value("koto_ai_spend_today_usd")).toBe(1.25);
    spend.refresh(17);
    expect(await value("koto_ai_spend_today_usd")).toBe(17);
    clock.advance(15 * 3_600_000);
    expect(await value("koto_ai_spend_today_usd")).toBe(0);
  });

  it("show a provider's circuit open after repeated failures", async () => {
    const { policy, value } = await setup();
    expect(await value("koto_ai_circuit_open", { type: "eval", provider: "gemini" })).toBe(0);
    const failing = () => Promise.reject(Object.assign(new Error("down"), { status: 500 }));
    for (let i = 0; i < 2; i++) await policy.run(failing, { timeoutMs: 1_000, onUsage: () => {} });
    expect(policy.circuit).toBe("open");
    expect(await value("koto_ai_circuit_open", { type: "eval", provider: "gemini" })).toBe(1);
  });

  it("count the rules' verdicts served from the cache and judged afresh", async () => {
    const { verdicts, value } = await setup();
    const activity = { id: "a", kind: "choice", choices: ["네", "아니요"], answer: 0 } as unknown as Parameters<VerdictCache["verdict"]>[0];
    const verdict = { score: 100, pass: true, errorType: "none" as const, errors: [], confidence: 1, normalized: "네" };
    for (const choice of [0, 0, 1, 0]) verdicts.verdict(activity, { choice }, () => ({ ...verdict }));
    expect(await value("koto_verdicts_total", { cache: "hit" })).toBe(2);
    expect(await value("koto_verdicts_total", { cache: "miss" })).toBe(2);
  });

  it("give each scene's fullest room as a share of its seats", async () => {
    const { metrics, value } = await setup();
    metrics.watchRooms(() =>
      Promise.resolve([
        { name: "cafe", clients: 6, maxClients: 24 },
        { name: "cafe", clients: 21, maxClients: 24 },
        { name: "airport", clients: 3, maxClients: 12 },
      ]),
    );
    expect(await value("koto_room_fullest_ratio", { scene: "cafe" })).toBe(0.875);
    expect(await value("koto_room_fullest_ratio", { scene: "airport" })).toBe(0.25);
  });

  it("keeps the last fullest-room values when the listing fails or hangs (Redis away), without holding up the scrape", async () => {
    const { metrics, value } = await setup();
    metrics.watchRooms(() => Promise.resolve([{ name: "cafe", clients: 12, maxClients: 24 }]));
    expect(await value("koto_room_fullest_ratio", { scene: "cafe" })).toBe(0.5);
    metrics.watchRooms(() => new Promise(() => {}));
    const started = performance.now();
    expect(await value("koto_room_fullest_ratio", { scene: "cafe" })).toBe(0.5);
    expect(performance.now() - started).toBeLessThan(2_000);
    metrics.watchRooms(() => Promise.reject(new Error("Redis unreachable")));
    expect(await value("koto_room_fullest_ratio", { scene: "cafe" })).toBe(0.5);
  });
});
