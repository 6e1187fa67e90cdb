// Applies the write journal again: `npm run db:replay [-- --file data/write-journal.jsonl]`.
// The journal holds writes the database could not take (refused, or beyond the queue's
// capacity during an outage). Every op is idempotent, so replaying one that already landed
// changes nothing. Ops that still fail are kept in a new file.
// The write log (KOTO_DATA_DIR/journal/) needs no command: the server replays it at start.
// A segment of it copied from a machine that will not start again can be given as --file.
import { rename, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config/config.ts";
import { openDatabase } from "../services/database/database.ts";
import { createLogger } from "../services/logger.ts";
import { journalLine, parseJournal } from "../services/writes/journalLines.ts";
import { PrismaWriteSink } from "../services/writes/PrismaWriteSink.ts";
import type { WriteOp } from "../services/writes/writeOps.ts";

interface Entry {
  line: Record<string, unknown>;
  op: WriteOp;
}

const config = loadConfig();
const { values } = parseArgs({ options: { file: { type: "string" } } });
const file = path.resolve(values.file ?? path.join(config.dataDir, "write-journal.jsonl"));
const text = await readFile(file, "utf8").catch(() => "");
const { entries, torn } = parseJournal(text, (line, op): Entry => ({ line, op }));
const skipped = torn > 0 ? `; ${torn} lines that are not a whole entry skipped` : "";
if (entries.length === 0) {
  console.log(`nothing to replay in ${file}${skipped}`);
  process.exit(0);
}
const db = await openDatabase({ url: config.database.url, poolSize: 2, dataDir: config.dataDir });
const sink = new PrismaWriteSink(db, createLogger(config.logLevel));
const failed: string[] = [];
for (const { line, op } of entries) {
  try {
    await sink.apply([op]);
  } catch (error) {
    failed.push(journalLine(op, { ...line, error: (error as Error).message.slice(0, 500) }));
  }
}
await db.close();
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
await rename(file, `${file}.replayed-${stamp}`);
if (failed.length > 0) await writeFile(`${file}.failed-${stamp}`, failed.join(""), { mode: 0o600 });
const refused = failed.length > 0 ? `; ${failed.length} still refused, kept in ${file}.failed-${stamp}` : "";
console.log(`replayed ${entries.length - failed.length} of ${entries.length} writes${refused}${skipped}`);
process.exit(failed.length > 0 ? 1 : 0);
