import type { Clock } from "../../domain/clock.ts";
import type { Logger } from "../logger.ts";
import type { JournalReason, WriteJournal } from "./WriteJournal.ts";
import type { WriteLog } from "./WriteLog.ts";
import type { WriteOp } from "./writeOps.ts";
import type { WriteSink } from "./WriteSink.ts";

/**
 * Persists room writes off the rooms' path. Rooms enqueue synchronously and never wait;
 * the queue applies ops in order, in batches. When the database is unreachable it keeps
 * retrying with backoff (an outage), holding up to `capacity` ops; when the database is up
 * but refuses an op (bad data), that op alone is retried a few times and then journaled.
 * Nothing is dropped silently: overflow and shutdown leftovers go to the journal too.
 *
 * With a write log (the server always has one), every accepted op is also appended to it,
 * `durable()` says when the ops enqueued so far are on disk, a segment of the log is deleted
 * once the database has its ops, and what is still queued at close stays in the log for
 * `replay()` at the next start instead of going to the journal.
 */

export interface WriteQueueOptions {
  sink: WriteSink;
  journal: WriteJournal;
  logger: Logger;
  /** Times the outage and stamps journal entries. */
  clock: Clock;
  capacity: number;
  /** Most ops written in one transaction. */
  batchSize?: number;
  /** First retry delay during an outage; doubles up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Attempts for an op the reachable database keeps refusing, before it is journaled. */
  maxAttempts?: number;
  log?: WriteLog;
}

export interface WriteQueueStats {
  depth: number;
  written: number;
  retries: number;
  journaled: number;
  overflowed: number;
  /** ISO time since when the database has been failing, if it is. */
  failingSince: string | null;
}

interface Queued {
  op: WriteOp;
  /** Its place in the write log (0 without one). */
  seq: number;
}

// A batch costs a round trip per kind of row, whatever its size, and under load every round
// trip also waits for the busy event loop: with 100 ops a batch, 1,000 learners in lessons
// enqueued faster than the queue wrote and it fell minutes behind (docs/BENCHMARKS.md, the
// soak). The largest row kind has 17 columns: 1,000 rows stay far below PostgreSQL's 65,535
// parameters per statement.
const DEFAULT_BATCH_SIZE = 1_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export class WriteQueue {
  readonly #o: Required<Omit<WriteQueueOptions, "log">>;
  readonly #log: WriteLog | undefined;
  #ops: Queued[] = [];
  #head = 0;
  #pumping = false;
  #closed = false;
  #idleWaiters: Array<() => void> = [];
  #stats = { written: 0, retries: 0, journaled: 0, overflowed: 0 };
  #failingSince: Date | null = null;
  /** Journal appends under way for ops that overflowed (they are not in the log). */
  readonly #settingAside = new Set<Promise<boolean>>();

  constructor({ log, ...options }: WriteQueueOptions) {
    this.#o = { batchSize: DEFAULT_BATCH_SIZE, baseBackoffMs: 200, maxBackoffMs: 5_000, maxAttempts: 3, ...options };
    this.#log = log;
  }

  get depth(): number {
    return this.#ops.length - this.#head;
  }

  /** The newest queued (not yet written) op matching `match`. */
  latestPending<T extends WriteOp>(match: (op: WriteOp) => op is T): T | undefined {
    for (let i = this.#ops.length - 1; i >= this.#head; i -= 1) {
      const { op } = this.#ops[i]!;
      if (match(op)) return op;
    }
    return undefined;
  }

  /** Every queued (not yet written) op matching `match`, oldest first. */
  allPending<T extends WriteOp>(match: (op: WriteOp) => op is T): T[] {
    const found: T[] = [];
    for (let i = this.#head; i < this.#ops.length; i += 1) {
      const { op } = this.#ops[i]!;
      if (match(op)) found.push(op);
    }
    return found;
  }

  stats(): WriteQueueStats {
    return { depth: this.depth, ...this.#stats, failingSince: this.#failingSince?.toISOString() ?? null };
  }

  enqueue(op: WriteOp): void {
    if (this.#closed) {
      void this.#journal([op], "shutdown");
      return;
    }
    if (this.depth >= this.#o.capacity) {
      this.#stats.overflowed += 1;
      const setAside = this.#journal([op], "overflow");
      this.#settingAside.add(setAside);
      void setAside.then(() => this.#settingAside.delete(setAside));
      return;
    }
    this.#ops.push({ op, seq: this.#log?.append(op) ?? 0 });
    if (!this.#pumping) this.#startPump();
  }

  /**
   * Resolves once every op enqueued so far is on disk (in the write log, or set aside in the
   * journal): true, or false when the disk failed (logged). Without a log, only ops that
   * overflowed are waited for.
   */
  async durable(): Promise<boolean> {
    const logged = this.#log?.durable() ?? Promise.resolve(true);
    if (this.#settingAside.size === 0) return logged;
    const all = await Promise.all([logged, ...this.#settingAside]);
    return all.every(Boolean);
  }

  /**
   * Queues again, before anything else, the ops an earlier run left in the write log (it
   * crashed, or stopped with writes pending); they are applied again as they are idempotent.
   * The earlier segments are deleted once the ops are in this run's log.
   */
  async replay(): Promise<{ ops: number; torn: number }> {
    if (!this.#log) return { ops: 0, torn: 0 };
    const left = await this.#log.leftover();
    for (const op of left.ops) this.enqueue(op);
    if (await this.durable()) await left.discard();
    return { ops: left.ops.length, torn: left.torn };
  }

  #startPump(): void {
    this.#pumping = true;
    // Let the current tick enqueue more so they share a batch. With a log, once that batch is
    // on disk: the feedback waiting for it goes out first, the database's work comes after.
    const pump = () => setImmediate(() => void this.#pump());
    if (this.#log) void this.#log.durable().then(pump);
    else pump();
  }

  /** Resolves true once everything queued so far is written, false on timeout. */
  async flush(timeoutMs: number): Promise<boolean> {
    if (this.depth === 0 && !this.#pumping) return true;
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => this.#idleWaiters.push(() => resolve(true)));
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    return Promise.race([idle, timeout]).finally(() => clearTimeout(timer));
  }

  /** Stops writing; whatever is still queued stays in the write log, or without one goes to the journal. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#log) {
      await Promise.all(this.#settingAside);
      await this.#log.close();
      return;
    }
    const left = this.#ops.slice(this.#head).map((queued) => queued.op);
    this.#ops = [];
    this.#head = 0;
    await this.#journal(left, "shutdown");
  }

  /** Never rejects (it logs what stops it), so callers may fire and forget it. */
  async #pump(): Promise<void> {
    try {
      while (this.depth > 0 && !this.#closed) {
        const batch = this.#ops.slice(this.#head, this.#head + this.#o.batchSize);
        await this.#write(batch.map((queued) => queued.op));
        if (this.#closed) return;
        this.#head += batch.length;
        this.#settle(batch.at(-1)!);
        this.#compact();
      }
    } catch (error) {
      this.#o.logger.error({ err: error }, "write queue stopped unexpectedly");
    } finally {
      this.#pumping = false;
      if (this.depth === 0) this.#idleWaiters.splice(0).forEach((wake) => wake());
      else if (!this.#closed) this.#startPump();
    }
  }

  /** Tells the log how far the database (or the journal) has everything. */
  #settle(lastWritten: Queued): void {
    const next = this.#ops[this.#head];
    this.#log?.settled(next ? next.seq - 1 : lastWritten.seq);
  }

  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#ops.length) {
      this.#ops = this.#ops.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Writes one batch, waiting out outages; returns once every op is written or journaled. */
  async #write(batch: readonly WriteOp[]): Promise<void> {
    let backoff = this.#o.baseBackoffMs;
    for (;;) {
      const failure = await this.#tryApply(batch);
      if (failure === undefined) {
        this.#recovered(batch.length);
        return;
      }
      if (this.#closed) return;
      if (await this.#o.sink.isReachable()) {
        await this.#isolate(batch);
        return;
      }
      this.#outage(failure);
      this.#stats.retries += 1;
      await sleep(backoff);
      backoff = Math.min(backoff * 2, this.#o.maxBackoffMs);
      if (this.#closed) return;
    }
  }

  async #tryApply(batch: readonly WriteOp[]): Promise<unknown> {
    try {
      await this.#o.sink.apply(batch);
      return undefined;
    } catch (error) {
      return error ?? new Error("write failed");
    }
  }

  /** The database is up but refused the batch: find and set aside the op(s) at fault. */
  async #isolate(batch: readonly WriteOp[]): Promise<void> {
    for (const op of batch) {
      let lastError: unknown;
      for (let attempt = 1; attempt <= this.#o.maxAttempts; attempt += 1) {
        lastError = await this.#tryApply([op]);
        if (lastError === undefined) break;
        this.#stats.retries += 1;
        if (!(await this.#o.sink.isReachable())) return this.#write(batch.slice(batch.indexOf(op)));
      }
      if (lastError === undefined) {
        this.#recovered(1);
      } else {
        this.#o.logger.error({ err: lastError, op: op.kind }, "database refused a write; kept in the journal");
        await this.#journal([op], "rejected", lastError);
      }
    }
  }

  #outage(error: unknown): void {
    if (this.#failingSince === null) {
      this.#failingSince = this.#o.clock.now();
      this.#o.logger.error({ err: error, depth: this.depth }, "database unreachable; holding writes and retrying");
    }
  }

  #recovered(count: number): void {
    this.#stats.written += count;
    if (this.#failingSince !== null) {
      const downMs = this.#o.clock.now().getTime() - this.#failingSince.getTime();
      this.#o.logger.warn({ downMs, depth: this.depth }, "database reachable again; writing held ops");
      this.#failingSince = null;
    }
  }

  /** Whether the ops are on disk; never rejects (a journal that cannot be written is logged), so callers may fire and forget it. */
  async #journal(ops: readonly WriteOp[], reason: JournalReason, error?: unknown): Promise<boolean> {
    if (ops.length === 0) return true;
    this.#stats.journaled += ops.length;
    const at = this.#o.clock.now().toISOString();
    const message = error instanceof Error ? error.message.slice(0, 500) : undefined;
    try {
      await this.#o.journal.append(ops.map((op) => ({ at, reason, error: message, op })));
      return true;
    } catch (journalError) {
      // Last resort: the log line itself carries the ops so an operator can recover them.
      this.#o.logger.fatal({ err: journalError, reason, ops }, "cannot write the journal; ops logged here");
      return false;
    }
  }
}
