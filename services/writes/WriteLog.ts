import { createHash } from "node:crypto";
import { mkdir, open, readdir, readFile, unlink, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { Clock } from "../clock.ts";
import type { Logger } from "../logger.ts";
import { journalLine, parseJournal } from "./journalLines.ts";
import type { WriteOp } from "./writeOps.ts";

/**
 * The write queue's local write-ahead log. Every op the queue accepts is appended here, and a
 * learner is told how their turn went only once its ops are on disk, so a turn they had
 * feedback for survives `kill -9` or a power cut, with or without the database.
 *
 * Group commit: the ops appended in one tick, and those appended while an fsync is under way,
 * share one write and one fdatasync, and their callers are resolved together. The file I/O is
 * asynchronous (libuv's thread pool), so the game thread never waits on the disk.
 *
 * The log is a folder of segments (numbered files of JSON lines, opened once each). A segment
 * is deleted once the database has every op in it; what an earlier run left (a crash, or a
 * shutdown with writes pending) is read back at the next start and queued again.
 */
export interface WriteLog {
  /** Adds an op; returns its sequence number in this run (1, 2, ...). */
  append(op: WriteOp): number;
  /** Resolves once every op appended so far is on disk: true, or false when writing failed (logged). */
  durable(): Promise<boolean>;
  /** Every op up to `seq` is in the database or set aside elsewhere: segments holding only those may go. */
  settled(seq: number): void;
  /** What earlier runs left, in order. */
  leftover(): Promise<Leftover>;
  /** Writes what is pending, closes the file; a segment the database has in full is deleted. */
  close(): Promise<void>;
}

export interface Leftover {
  ops: WriteOp[];
  /** Lines cut short by a crash in mid-write (never acknowledged), skipped. */
  torn: number;
  /** Deletes the earlier runs' segments; call once their ops are on disk in this run's log. */
  discard(): Promise<void>;
}

export interface FileWriteLogOptions {
  /** A segment is closed and a new one begun past this size... */
  segmentBytes?: number;
  /** ...or this age; a segment the database has in full is deleted once this old. */
  segmentMs?: number;
}

export interface WriteLogStats {
  appended: number;
  /** Writes with their fdatasync: appended / commits ops share each one. */
  commits: number;
  failing: boolean;
}

interface Segment {
  readonly file: string;
  readonly handle: FileHandle;
  /** When it became the segment written to. */
  openedAt: number;
  bytes: number;
  /** The last op written into it (0: none yet). */
  lastSeq: number;
}

interface Batch {
  readonly done: Promise<boolean>;
  resolve(ok: boolean): void;
}

function batch(): Batch {
  let resolve!: (ok: boolean) => void;
  const done = new Promise<boolean>((r) => (resolve = r));
  return { done, resolve };
}

const SEGMENT_NAME = /^(\d{12})\.jsonl$/;
const segmentName = (n: number) => `${String(n).padStart(12, "0")}.jsonl`;

/**
 * The log folder of one server instance (its identity, see instanceIdentity), so that
 * processes sharing a data folder each replay only their own.
 */
export function writeLogDir(dataDir: string, instanceId: string): string {
  const readable = instanceId.replace(/[^A-Za-z0-9.-]+/g, "_").slice(0, 60);
  const hash = createHash("sha256").update(instanceId).digest("hex").slice(0, 8);
  return path.resolve(dataDir, "journal", `${readable}-${hash}`);
}

export class FileWriteLog implements WriteLog {
  readonly dir: string;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #segmentBytes: number;
  readonly #segmentMs: number;
  /** Segments of earlier runs, found at open. */
  readonly #earlier: string[];
  #nextNumber: number;
  #seq = 0;
  #settled = 0;
  #lines: string[] = [];
  #next: Batch | undefined;
  #inFlight: Promise<boolean> | undefined;
  #committing = false;
  #current: Segment | undefined;
  /** This run's segments no longer written to, waiting for the database. */
  #retired: Segment[] = [];
  /** The next segment, made ahead of need so that no turn waits for a file to be created. */
  #spare: Promise<Segment | undefined> | undefined;
  #failing = false;
  #commits = 0;
  #trimTimer: NodeJS.Timeout | undefined;

  private constructor(dir: string, logger: Logger, clock: Clock, earlier: string[], options: FileWriteLogOptions) {
    this.dir = dir;
    this.#logger = logger;
    this.#clock = clock;
    this.#earlier = earlier;
    this.#segmentBytes = options.segmentBytes ?? 4 * 1024 * 1024;
    this.#segmentMs = options.segmentMs ?? 1_000;
    const last = earlier.at(-1);
    this.#nextNumber = last ? Number(SEGMENT_NAME.exec(last)![1]) + 1 : 1;
  }

  /** Opens (creating it if need be) the log in `dir`; what is already there is the leftover. */
  static async open(dir: string, logger: Logger, clock: Clock, options: FileWriteLogOptions = {}): Promise<FileWriteLog> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const earlier = (await readdir(dir)).filter((name) => SEGMENT_NAME.test(name)).sort();
    return new FileWriteLog(dir, logger, clock, earlier, options);
  }

  append(op: WriteOp): number {
    this.#seq += 1;
    this.#lines.push(journalLine(op));
    this.#next ??= batch();
    if (!this.#committing) {
      this.#committing = true;
      // Whatever else this tick appends shares the write.
      setImmediate(() => void this.#commitAll());
    }
    return this.#seq;
  }

  durable(): Promise<boolean> {
    return this.#next?.done ?? this.#inFlight ?? Promise.resolve(true);
  }

  stats(): WriteLogStats {
    return { appended: this.#seq, commits: this.#commits, failing: this.#failing };
  }

  settled(seq: number): void {
    this.#settled = Math.max(this.#settled, seq);
    this.#trim();
  }

  async leftover(): Promise<Leftover> {
    const ops: WriteOp[] = [];
    let torn = 0;
    for (const name of this.#earlier) {
      const parsed = parseJournal(await readFile(path.join(this.dir, name), "utf8"), (_, op) => op);
      ops.push(...parsed.entries);
      torn += parsed.torn;
    }
    const files = this.#earlier.map((name) => path.join(this.dir, name));
    return { ops, torn, discard: () => Promise.all(files.map((file) => unlink(file).catch(() => {}))).then(() => {}) };
  }

  async close(): Promise<void> {
    await this.durable();
    clearTimeout(this.#trimTimer);
    const current = this.#current;
    if (current) this.#retire(current);
    await current?.handle.close().catch(() => {});
    await this.#dropSpare();
    this.#trim();
  }

  /** Writes batch after batch until nothing is pending; each batch's callers are resolved together. */
  async #commitAll(): Promise<void> {
    while (this.#lines.length > 0) {
      const text = this.#lines.join("");
      const pending = this.#next!;
      const lastSeq = this.#seq;
      this.#lines = [];
      this.#next = undefined;
      this.#inFlight = pending.done;
      pending.resolve(await this.#commit(text, lastSeq));
    }
    this.#inFlight = undefined;
    this.#committing = false;
    this.#trim();
  }

  async #commit(text: string, lastSeq: number): Promise<boolean> {
    let segment: Segment | undefined;
    try {
      segment = await this.#segment();
      const data = Buffer.from(text, "utf8");
      segment.lastSeq = lastSeq;
      await segment.handle.appendFile(data);
      await segment.handle.datasync();
      segment.bytes += data.length;
      this.#commits += 1;
      if (this.#dueSoon(segment)) this.#spare ??= this.#newSegment().catch(() => undefined);
      if (this.#failing) this.#logger.warn({ dir: this.dir }, "write log writable again");
      this.#failing = false;
      return true;
    } catch (error) {
      if (!this.#failing) this.#logger.error({ err: error, dir: this.dir }, "cannot write the write log; turns are not durable until it can");
      this.#failing = true;
      // A segment may now end in half a line: the next batch starts a clean one.
      if (segment) this.#retire(segment);
      await segment?.handle.close().catch(() => {});
      return false;
    }
  }

  /** The segment to write into: the current one, or the next one when it is full or old. */
  async #segment(): Promise<Segment> {
    const current = this.#current;
    if (current && !this.#due(current, 1)) return current;
    if (current) {
      this.#retire(current);
      void current.handle.close().catch(() => {});
    }
    const spare = this.#spare;
    this.#spare = undefined;
    const next = (await spare) ?? (await this.#newSegment());
    next.openedAt = this.#clock.monotonicMs();
    this.#current = next;
    return next;
  }

  #due(segment: Segment, share: number): boolean {
    return segment.bytes >= this.#segmentBytes * share || this.#clock.monotonicMs() - segment.openedAt >= this.#segmentMs * share;
  }

  #dueSoon(segment: Segment): boolean {
    return this.#due(segment, 0.5);
  }

  async #newSegment(): Promise<Segment> {
    const file = path.join(this.dir, segmentName(this.#nextNumber++));
    const handle = await open(file, "ax", 0o600);
    try {
      await this.#syncDir();
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
    return { file, handle, openedAt: this.#clock.monotonicMs(), bytes: 0, lastSeq: 0 };
  }

  /** An idle log keeps no file: the spare goes with the last segment. */
  async #dropSpare(): Promise<void> {
    const making = this.#spare;
    this.#spare = undefined;
    const spare = await making;
    if (!spare) return;
    await spare.handle.close().catch(() => {});
    await this.#delete(spare.file);
  }

  /** Makes a new segment's name itself durable, not only its contents. */
  async #syncDir(): Promise<void> {
    const dir = await open(this.dir, "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  #retire(segment: Segment): void {
    if (this.#current === segment) this.#current = undefined;
    this.#retired.push(segment);
  }

  /** Deletes the segments the database has in full; the current one too once it is old enough and idle. */
  #trim(): void {
    const done = this.#retired.filter((s) => s.lastSeq <= this.#settled);
    this.#retired = this.#retired.filter((s) => s.lastSeq > this.#settled);
    for (const segment of done) void this.#delete(segment.file);
    const current = this.#current;
    if (!current || this.#committing || current.lastSeq > this.#settled) return;
    const wait = current.openedAt + this.#segmentMs - this.#clock.monotonicMs();
    if (wait <= 0) {
      this.#retire(current);
      void current.handle.close().catch(() => {}).then(() => this.#trim());
      void this.#dropSpare();
    } else if (!this.#trimTimer) {
      this.#trimTimer = setTimeout(() => {
        this.#trimTimer = undefined;
        this.#trim();
      }, wait).unref();
    }
  }

  async #delete(file: string): Promise<void> {
    await unlink(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") this.#logger.warn({ err: error, file }, "cannot delete a written segment of the write log");
    });
  }
}
