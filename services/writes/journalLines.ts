import { z } from "zod";
import type { WriteOp, WriteOpKind } from "./writeOps.ts";

const KINDS = ["session.start", "session.end", "session.lesson", "progress.save", "event", "ai.usage", "operator.action", "chat.filter", "review.save"] as const satisfies readonly WriteOpKind[];

// The files are this server's own, so a line is either one it wrote whole or one cut short by
// a crash in mid-write: checking the envelope tells the two apart; the sink checks the rest.
const lineSchema = z.object({ op: z.looseObject({ kind: z.enum(KINDS) }) });

/** One line of the write log or of the journal: `{ "op": {...}, ... }`. */
export function journalLine(op: WriteOp, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...extra, op }) + "\n";
}

export interface ParsedJournal<T> {
  entries: T[];
  /** Lines that are not a whole entry (a write cut short by a crash), skipped. */
  torn: number;
}

/** Every whole line of a log or journal file, in order; `toEntry` gets the line's object and its op. */
export function parseJournal<T>(text: string, toEntry: (line: Record<string, unknown>, op: WriteOp) => T): ParsedJournal<T> {
  const parsed: ParsedJournal<T> = { entries: [], torn: 0 };
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      parsed.torn += 1;
      continue;
    }
    const checked = lineSchema.safeParse(value);
    if (checked.success) parsed.entries.push(toEntry(value as Record<string, unknown>, checked.data.op as unknown as WriteOp));
    else parsed.torn += 1;
  }
  return parsed;
}
