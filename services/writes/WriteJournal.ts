import { appendFile, mkdir } from "node:fs/promises";
import path from "node:path";
import type { WriteOp } from "./writeOps.ts";

export type JournalReason = "rejected" | "overflow" | "shutdown";

export interface JournalEntry {
  at: string;
  reason: JournalReason;
  error?: string | undefined;
  op: WriteOp;
}

/**
 * Keeps writes the database could not take, so that none is silently lost: ops the database
 * refused, ops beyond the queue's capacity, and ops still queued at shutdown.
 * `npm run db:replay` applies a journal file again.
 */
export interface WriteJournal {
  append(entries: readonly JournalEntry[]): Promise<void>;
}

export class FileWriteJournal implements WriteJournal {
  readonly file: string;
  #ready: Promise<unknown> | undefined;

  constructor(dataDir: string) {
    this.file = path.resolve(dataDir, "write-journal.jsonl");
  }

  async append(entries: readonly JournalEntry[]): Promise<void> {
    if (entries.length === 0) return;
    this.#ready ??= mkdir(path.dirname(this.file), { recursive: true });
    await this.#ready;
    await appendFile(this.file, entries.map((entry) => JSON.stringify(entry)).join("\n") + "\n", "utf8");
  }
}

export class MemoryWriteJournal implements WriteJournal {
  readonly entries: JournalEntry[] = [];

  append(entries: readonly JournalEntry[]): Promise<void> {
    this.entries.push(...entries);
    return Promise.resolve();
  }
}
