import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { UsageRecorder } from "../ai/usage/UsageRecorder.ts";
import type { WriteQueue } from "../writes/WriteQueue.ts";

/** What the AI alerts need beyond the call counters: spend against the budget, open circuits. */
export interface AiGauges {
  spend: { spentToday(): number; readonly limitUsd: number };
  policies: readonly { readonly type: string; readonly name: string; readonly circuit: string }[];
  verdicts: { readonly stats: { hits: number; misses: number } };
}

/** A room as the matchmaker lists it: its scene (room name), learners seated and seats. */
export interface RoomListing {
  name: string;
  clients: number;
  maxClients: number;
}

const LISTING_TIMEOUT_MS = 500;

function fullestByScene(rooms: readonly RoomListing[]): Map<string, number> {
  const fullest = new Map<string, number>();
  for (const room of rooms) {
    const ratio = room.maxClients > 0 ? room.clients / room.maxClients : 0;
    fullest.set(room.name, Math.max(fullest.get(room.name) ?? 0, ratio));
  }
  return fullest;
}

/** The value, or undefined if it fails or takes longer than `ms`. */
function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([work.catch(() => undefined), late]).finally(() => clearTimeout(timer));
}

/**
 * Prometheus metrics (`/metrics`). Numbers touched on every message or frame are plain
 * counters that the registry reads at scrape time, so the hot path pays an addition, not a
 * metrics-library call.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly #messages = new Map<string, number>();
  readonly #rooms = new Map<string, number>();
  readonly #learners = new Map<string, number>();
  #bytesSent = 0;
  #patchBytes = 0;
  readonly #turns: Histogram<"provider" | "outcome">;
  readonly #aiCalls: Counter<"type" | "provider" | "outcome">;
  readonly #aiLatency: Histogram<"type" | "provider">;
  #listRooms: () => Promise<readonly RoomListing[]> = () => Promise.resolve([]);

  constructor(writes: WriteQueue, usage: UsageRecorder, ai: AiGauges) {
    collectDefaultMetrics({ register: this.registry, prefix: "koto_", eventLoopMonitoringPrecision: 10 });
    this.#turns = new Histogram({
      name: "koto_tutor_turn_seconds",
      help: "Time from a learner's answer to the tutor's feedback, server side.",
      labelNames: ["provider", "outcome"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 5],
      registers: [this.registry],
    });
    this.#aiCalls = new Counter({
      name: "koto_ai_calls_total",
      help: "AI provider calls by type, provider and outcome (ok, or the error code).",
      labelNames: ["type", "provider", "outcome"],
      registers: [this.registry],
    });
    this.#aiLatency = new Histogram({
      name: "koto_ai_call_seconds",
      help: "AI provider call latency.",
      labelNames: ["type", "provider"],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8],
      registers: [this.registry],
    });
    usage.onRecord((entry) => {
      this.#aiCalls.inc({ type: entry.providerType, provider: entry.providerName, outcome: entry.success ? "ok" : (entry.errorCode ?? "error") });
      if (entry.latencyMs > 0) this.#aiLatency.observe({ type: entry.providerType, provider: entry.providerName }, entry.latencyMs / 1000);
    });
    this.#gauges(writes);
    this.#aiGauges(ai);
    this.#fullestRoom();
  }

  /** Where the fullest-room gauge reads this process's rooms from (the matchmaker, set at start). */
  watchRooms(list: () => Promise<readonly RoomListing[]>): void {
    this.#listRooms = list;
  }

  #aiGauges({ spend, policies, verdicts }: AiGauges): void {
    new Counter({
      name: "koto_verdicts_total",
      help: "Answers the rules judged, by whether the verdict was already held (cache: hit) or computed (miss).",
      labelNames: ["cache"],
      registers: [this.registry],
      collect() {
        const { hits, misses } = verdicts.stats;
        this.reset();
        this.inc({ cache: "hit" }, hits);
        this.inc({ cache: "miss" }, misses);
      },
    });
    new Gauge({
      name: "koto_ai_spend_today_usd",
      help: "Estimated AI spend today (UTC), all processes, as this process last read it plus its own calls since.",
      registers: [this.registry],
      collect() { this.set(spend.spentToday()); },
    });
    new Gauge({ name: "koto_ai_daily_budget_usd", help: "AI_DAILY_BUDGET_USD.", registers: [this.registry], collect() { this.set(spend.limitUsd); } });
    new Gauge({
      name: "koto_ai_circuit_open",
      help: "1 while an AI provider's circuit breaker is open (calls refused after repeated failures).",
      labelNames: ["type", "provider"],
      registers: [this.registry],
      collect() {
        for (const policy of policies) this.set({ type: policy.type, provider: policy.name }, policy.circuit === "open" ? 1 : 0);
      },
    });
  }

  #fullestRoom(): void {
    const list = () => this.#listRooms();
    // With Redis the listing is a Redis query: while Redis is away, report the last values
    // rather than hold up the scrape (a scrape that times out reads as the process down).
    let fullest = new Map<string, number>();
    new Gauge({
      name: "koto_room_fullest_ratio",
      help: "Seats taken in the fullest room of each scene in this process (learners / capacity, 0-1).",
      labelNames: ["scene"],
      registers: [this.registry],
      async collect() {
        const rooms = await within(list(), LISTING_TIMEOUT_MS);
        if (rooms) fullest = fullestByScene(rooms);
        this.reset();
        for (const [scene, ratio] of fullest) this.set({ scene }, ratio);
      },
    });
  }

  #gauges(writes: WriteQueue): void {
    const byScene = (name: string, help: string, source: Map<string, number>) =>
      new Gauge({
        name,
        help,
        labelNames: ["scene"],
        registers: [this.registry],
        collect() {
          this.reset();
          for (const [scene, value] of source) this.set({ scene }, value);
        },
      });
    byScene("koto_rooms", "Rooms open in this process, by scene.", this.#rooms);
    byScene("koto_learners_connected", "Learners connected to rooms of this process, by scene.", this.#learners);
    const counter = (name: string, help: string, read: () => number) =>
      new Counter({ name, help, registers: [this.registry], collect() { this.reset(); this.inc(read()); } });
    counter("koto_patch_bytes_total", "Bytes of state patches sent to clients.", () => this.#patchBytes);
    counter("koto_sent_bytes_total", "Bytes sent to clients over WebSockets (patches and messages).", () => this.#bytesSent);
    const messages = this.#messages;
    new Counter({
      name: "koto_room_messages_total",
      help: "Messages received from clients, by type (rate = messages per second).",
      labelNames: ["type"],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [type, count] of messages) this.inc({ type }, count);
      },
    });
    const stat = (name: string, help: string, read: () => number) =>
      new Gauge({ name, help, registers: [this.registry], collect() { this.set(read()); } });
    stat("koto_write_queue_depth", "Writes waiting for the database.", () => writes.depth);
    stat("koto_write_queue_journaled", "Writes set aside in the journal since start (refused, overflow, shutdown).", () => writes.stats().journaled);
    stat("koto_write_queue_failing", "1 while the database is failing writes.", () => (writes.stats().failingSince ? 1 : 0));
  }

  message(type: string): void {
    this.#messages.set(type, (this.#messages.get(type) ?? 0) + 1);
  }

  sent(bytes: number): void {
    this.#bytesSent += bytes;
  }

  patched(bytes: number): void {
    this.#patchBytes += bytes;
  }

  get bytesSent(): number {
    return this.#bytesSent;
  }

  roomOpened(scene: string): void {
    this.#rooms.set(scene, (this.#rooms.get(scene) ?? 0) + 1);
  }

  roomClosed(scene: string): void {
    this.#rooms.set(scene, Math.max(0, (this.#rooms.get(scene) ?? 0) - 1));
  }

  learners(scene: string, delta: number): void {
    this.#learners.set(scene, Math.max(0, (this.#learners.get(scene) ?? 0) + delta));
  }

  turn(seconds: number, provider: string, outcome: string): void {
    this.#turns.observe({ provider, outcome }, seconds);
  }
}
