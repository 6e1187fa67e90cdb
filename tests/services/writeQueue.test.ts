import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { createLogger } from "../../services/logger.ts";
import { MemoryWriteJournal } from "../../services/writes/WriteJournal.ts";
import { MemoryWriteSink } from "../../services/writes/MemoryWriteSink.ts";
import type { WriteOp } from "../../services/writes/writeOps.ts";
import { WriteQueue } from "../../services/writes/WriteQueue.ts";
import { ManualClock } from "../helpers/manualClock.ts";

const logger = createLogger("silent");

function start(id: string = randomUUID()): WriteOp {
  return {
    kind: "session.start",
    id,
    userId: randomUUID(),
    scene: "cafe",
    roomId: "r1",
    processId: null,
    lessonId: null,
    startedAt: new Date().toISOString(),
  };
}

function setup(capacity = 1_000) {
  const sink = new MemoryWriteSink();
  const journal = new MemoryWriteJournal();
  const clock = new ManualClock("2026-11-01T09:00:00Z");
  const queue = new WriteQueue({ sink, journal, logger, clock, capacity, baseBackoffMs: 10, maxBackoffMs: 40 });
  return { sink, journal, queue, clock };
}

describe("the write queue", () => {
  it("writes ops in order, batching what arrives together, up to 1,000 ops a transaction", async () => {
    const { sink, queue } = setup(10_000);
    const ops = Array.from({ length: 2_500 }, () => start());
    ops.forEach((op) => queue.enqueue(op));
    expect(await queue.flush(2_000)).toBe(true);
    expect(sink.applied).toEqual(ops);
    expect(sink.batches).toBe(3);
    expect(queue.stats()).toMatchObject({ depth: 0, written: 2_500, journaled: 0 });
  });

  it("holds writes through an outage and writes them all, in order, when the database returns", async () => {
    const { sink, queue, journal } = setup();
    sink.down = true;
    const ops = Array.from({ length: 20 }, () => start());
    ops.forEach((op) => queue.enqueue(op));
    await vi.waitFor(() => expect(queue.stats().retries).toBeGreaterThan(2));
    expect(queue.stats().failingSince).not.toBeNull();
    expect(queue.depth).toBe(20);
    sink.down = false;
    expect(await queue.flush(2_000)).toBe(true);
    expect(sink.applied).toEqual(ops);
    expect(journal.entries).toEqual([]);
    expect(queue.stats().failingSince).toBeNull();
  });

  it("sets aside an op the database keeps refusing, and writes the rest of its batch", async () => {
    const { sink, queue, journal } = setup();
    const bad = start("bad");
    sink.refuse = (op) => op.kind === "session.start" && op.id === "bad";
    const good = [start(), start()];
    queue.enqueue(good[0]!);
    queue.enqueue(bad);
    queue.enqueue(good[1]!);
    expect(await queue.flush(2_000)).toBe(true);
    expect(sink.applied).toEqual(good);
    expect(journal.entries).toHaveLength(1);
    expect(journal.entries[0]).toMatchObject({ reason: "rejected", error: "refused session.start", op: bad });
    expect(queue.stats()).toMatchObject({ written: 2, journaled: 1 });
  });

  it("journals what overflows its capacity instead of dropping it", async () => {
    const { sink, queue, journal } = setup(5);
    sink.down = true;
    const ops = Array.from({ length: 8 }, () => start());
    ops.forEach((op) => queue.enqueue(op));
    expect(queue.depth).toBe(5);
    await vi.waitFor(() => expect(journal.entries).toHaveLength(3));
    expect(journal.entries.map((e) => e.op)).toEqual(ops.slice(5));
    expect(journal.entries.every((e) => e.reason === "overflow")).toBe(true);
    expect(queue.stats().overflowed).toBe(3);
    sink.down = false;
    expect(await queue.flush(2_000)).toBe(true);
    expect(sink.applied).toEqual(ops.slice(0, 5));
  });

  it("dates the outage and the journal entries by its clock", async () => {
    const { sink, queue, journal, clock } = setup(1);
    sink.down = true;
    queue.enqueue(start());
    await vi.waitFor(() => expect(queue.stats().failingSince).toBe("2026-11-01T09:00:00.000Z"));
    clock.advance(90_000);
    queue.enqueue(start());
    await vi.waitFor(() => expect(journal.entries).toHaveLength(1));
    expect(journal.entries[0]).toMatchObject({ reason: "overflow", at: "2026-11-01T09:01:30.000Z" });
    sink.down = false;
    expect(await queue.flush(2_000)).toBe(true);
    expect(queue.stats().failingSince).toBeNull();
  });

  it("journals whatever is still queued when it is closed during an outage", async () => {
    const { sink, queue, journal } = setup();
    sink.down = true;
    const ops = Array.from({ length: 4 }, () => start());
    ops.forEach((op) => queue.enqueue(op));
    expect(await queue.flush(100)).toBe(false);
    await queue.close();
    expect(journal.entries.map((e) => e.op)).toEqual(ops);
    expect(journal.entries.every((e) => e.reason === "shutdown")).toBe(true);
    queue.enqueue(start());
    await vi.waitFor(() => expect(journal.entries).toHaveLength(5));
  });
});
