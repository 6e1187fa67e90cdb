import { mkdir, open } from "node:fs/promises";
import path from "node:path";
import { journalLine } from "./journalLines.ts";
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
 * refused, ops beyond the queue's capacity, and (for a queue without a write log) ops still
 * queued at shutdown. `npm run db:replay` applies a journal file again.
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
    // On disk before it counts as kept: the write log lets go of a refused op once it is here,
    // and the feedback for a turn whose ops overflowed the queue waits for it.
    const file = await open(this.file, "a", 0o600);
    try {
      await file.appendFile(entries.map(({ op, ...rest }) => journalLine(op, rest)).join(""), "utf8");
      await file.datasync();
    } finally {
      await file.close();
    }
  }
}

export class MemoryWriteJournal implements WriteJournal {
  readonly entries: JournalEntry[] = [];

  append(entries: readonly JournalEntry[]): Promise<void> {
    this.entries.push(...entries);
    return Promise.resolve();
  }
}
