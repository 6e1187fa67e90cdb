import { randomUUID } from "node:crypto";
import { appendFile, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "../../services/clock.ts";
import { createLogger } from "../../services/logger.ts";
import { MemoryWriteSink } from "../../services/writes/MemoryWriteSink.ts";
import { MemoryWriteJournal, type JournalEntry, type WriteJournal } from "../../services/writes/WriteJournal.ts";
import { FileWriteLog, writeLogDir, type FileWriteLogOptions } from "../../services/writes/WriteLog.ts";
import type { WriteOp } from "../../services/writes/writeOps.ts";
import { WriteQueue } from "../../services/writes/WriteQueue.ts";

const logger = createLogger("silent");
const folders: string[] = [];

afterEach(async () => {
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "koto-log-"));
  folders.push(dir);
  return path.join(dir, "log");
}

function end(id: string = randomUUID()): WriteOp {
  return { kind: "session.end", id, status: "ended", endReason: "left", endedAt: new Date().toISOString() };
}

const segments = async (dir: string) => (await readdir(dir)).filter((name) => name.endsWith(".jsonl")).sort();

async function linesIn(dir: string): Promise<WriteOp[]> {
  const texts = await Promise.all((await segments(dir)).map((name) => readFile(path.join(dir, name), "utf8")));
  return texts.flatMap((text) => text.split("\n").filter(Boolean).map((line) => (JSON.parse(line) as { op: WriteOp }).op));
}

const open = (dir: string, options?: FileWriteLogOptions) => FileWriteLog.open(dir, logger, systemClock, options);

describe("the write log", () => {
  it("is on disk when durable() resolves, one write for what arrives together", async () => {
    const dir = await folder();
    const log = await open(dir);
    const ops = Array.from({ length: 500 }, () => end());
    const seqs = ops.map((op) => log.append(op));
    expect(seqs.slice(0, 3)).toEqual([1, 2, 3]);
    expect(await log.durable()).toBe(true);
    expect(await linesIn(dir)).toEqual(ops);
    expect(log.stats()).toEqual({ appended: 500, commits: 1, failing: false });
    await log.close();
  });

  it("puts what is appended during an fsync into the next write, resolving those callers together", async () => {
    const dir = await folder();
    const log = await open(dir);
    log.append(end());
    const first = log.durable();
    await new Promise((resolve) => setImmediate(resolve));
    const later = Array.from({ length: 50 }, () => {
      log.append(end());
      return log.durable();
    });
    expect(new Set(later).size).toBe(1);
    expect(await first).toBe(true);
    expect(await Promise.all(later)).toEqual(Array.from({ length: 50 }, () => true));
    expect(log.stats().commits).toBe(2);
    await log.close();
  });

  it("keeps its folder and files private (0700, 0600)", async () => {
    const dir = await folder();
    const log = await open(dir);
    log.append(end());
    await log.durable();
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const [segment] = await segments(dir);
    expect((await stat(path.join(dir, segment!))).mode & 0o777).toBe(0o600);
    await log.close();
  });

  it("deletes a segment once every op in it is settled, and only then", async () => {
    const dir = await folder();
    // Two ops a segment (one line is ~130 bytes).
    const log = await open(dir, { segmentBytes: 200, segmentMs: 300 });
    const ops = Array.from({ length: 6 }, () => end());
    const seqs: number[] = [];
    for (const op of ops) {
      seqs.push(log.append(op));
      await log.durable();
    }
    log.settled(seqs[2]!);
    // The third op shares its segment with the fourth, not settled: that segment stays.
    await vi.waitFor(async () => expect(await linesIn(dir)).toEqual(ops.slice(2)));
    log.settled(seqs[5]!);
    // The current segment goes too, once it is old enough and nothing else comes.
    await vi.waitFor(async () => expect(await segments(dir)).toEqual([]), { timeout: 3_000 });
    await log.close();
  });

  it("hands what an earlier run left to the next one, skipping a line cut short by a crash", async () => {
    const dir = await folder();
    const first = await open(dir);
    const ops = [end(), end(), end()];
    ops.forEach((op) => first.append(op));
    await first.durable();
    // A crash in mid-write: half a line at the end of the last segment.
    const [segment] = await segments(dir);
    await appendFile(path.join(dir, segment!), '{"op":{"kind":"session.end","id":"cut');

    const second = await open(dir);
    const left = await second.leftover();
    expect(left.ops).toEqual(ops);
    expect(left.torn).toBe(1);
    second.append(end());
    await second.durable();
    await left.discard();
    expect(await segments(dir)).toHaveLength(1);
    expect((await linesIn(dir)).map((op) => op.kind)).toEqual(["session.end"]);
    await second.close();
  });

  it("says when it could not write, logs it once, and writes again when it can", async () => {
    const dir = await folder();
    const lines: Array<{ level: number; msg: string }> = [];
    const log = await FileWriteLog.open(dir, pino({ level: "warn" }, { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) }), systemClock);
    await rm(dir, { recursive: true });
    log.append(end());
    expect(await log.durable()).toBe(false);
    log.append(end());
    expect(await log.durable()).toBe(false);
    expect(log.stats().failing).toBe(true);
    expect(lines.filter((line) => line.level === 50)).toHaveLength(1);

    await FileWriteLog.open(dir, logger, systemClock);
    const op = end();
    log.append(op);
    expect(await log.durable()).toBe(true);
    expect(await linesIn(dir)).toEqual([op]);
    expect(lines.at(-1)?.msg).toBe("write log writable again");
    await log.close();
  });

  it("has a folder per instance, so processes sharing a data folder replay only their own", () => {
    const a = writeLogDir("/data", "address:localhost:8080/p1");
    const b = writeLogDir("/data", "address:localhost:8080/p2");
    expect(path.dirname(a)).toBe(path.resolve("/data/journal"));
    expect(path.basename(a)).toMatch(/^address_localhost_8080_p1-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    expect(writeLogDir("/data", "address:a/b")).not.toBe(writeLogDir("/data", "address:a_b"));
  });
});

/** A journal whose appends wait until the test lets them through. */
class HeldJournal implements WriteJournal {
  readonly entries: JournalEntry[] = [];
  #open!: () => void;
  readonly #gate = new Promise<void>((resolve) => (this.#open = resolve));

  async append(entries: readonly JournalEntry[]): Promise<void> {
    await this.#gate;
    this.entries.push(...entries);
  }

  release(): void {
    this.#open();
  }
}

describe("the write queue with a write log", () => {
  function queue(dir: Promise<FileWriteLog>, sink: MemoryWriteSink, journal: WriteJournal = new MemoryWriteJournal(), capacity = 1_000) {
    return dir.then((log) => ({ log, queue: new WriteQueue({ sink, journal, log, logger, clock: systemClock, capacity, baseBackoffMs: 10, maxBackoffMs: 40 }) }));
  }

  it("logs every op it accepts, and lets the log go of what the database has", async () => {
    const dir = await folder();
    const sink = new MemoryWriteSink();
    const { queue: writes } = await queue(open(dir, { segmentMs: 50 }), sink);
    const ops = Array.from({ length: 20 }, () => end());
    ops.forEach((op) => writes.enqueue(op));
    expect(await writes.durable()).toBe(true);
    expect(await linesIn(dir)).toEqual(ops);
    expect(await writes.flush(2_000)).toBe(true);
    expect(sink.applied).toEqual(ops);
    await vi.waitFor(async () => expect(await segments(dir)).toEqual([]));
    await writes.close();
  });

  it("keeps what is queued at close in the log (not the journal), and the next start writes it", async () => {
    const dir = await folder();
    const down = new MemoryWriteSink();
    down.down = true;
    const journal = new MemoryWriteJournal();
    const { queue: before } = await queue(open(dir), down, journal);
    const ops = Array.from({ length: 5 }, () => end());
    ops.forEach((op) => before.enqueue(op));
    expect(await before.flush(100)).toBe(false);
    await before.close();
    expect(journal.entries).toEqual([]);

    const up = new MemoryWriteSink();
    const { queue: after } = await queue(open(dir, { segmentMs: 50 }), up);
    expect(await after.replay()).toEqual({ ops: 5, torn: 0 });
    expect(await after.flush(2_000)).toBe(true);
    expect(up.applied).toEqual(ops);
    await vi.waitFor(async () => expect(await segments(dir)).toEqual([]));
    await after.close();
  });

  it("replays after a crash what the database had not taken, before anything new", async () => {
    const dir = await folder();
    const down = new MemoryWriteSink();
    down.down = true;
    const { queue: crashed } = await queue(open(dir), down);
    const held = Array.from({ length: 3 }, () => end());
    held.forEach((op) => crashed.enqueue(op));
    await crashed.durable();
    // No close: the process died. Its queue keeps retrying in the void; the test stops looking at it.

    const up = new MemoryWriteSink();
    const { queue: restarted } = await queue(open(dir), up);
    await restarted.replay();
    const fresh = end();
    restarted.enqueue(fresh);
    expect(await restarted.flush(2_000)).toBe(true);
    expect(up.applied).toEqual([...held, fresh]);
    await restarted.close();
    await crashed.close();
  });

  it("waits, for ops beyond its capacity, until the journal has them on disk", async () => {
    const dir = await folder();
    const sink = new MemoryWriteSink();
    sink.down = true;
    const journal = new HeldJournal();
    const { queue: writes } = await queue(open(dir), sink, journal, 2);
    [end(), end(), end()].forEach((op) => writes.enqueue(op));
    let durable = false;
    const waiting = writes.durable().then((ok) => (durable = ok));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(durable).toBe(false);
    journal.release();
    await waiting;
    expect(durable).toBe(true);
    expect(journal.entries.map((e) => e.reason)).toEqual(["overflow"]);
    await writes.close();
  });
});
