// Applies the write journal again: `npm run db:replay [-- --file data/write-journal.jsonl]`.
// The journal holds writes the database could not take (refused, beyond the queue's
// capacity during an outage, or pending at shutdown). Every op is idempotent, so replaying
// one that already landed changes nothing. Ops that still fail are kept in a new file.
import { rename, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config/config.ts";
import { openDatabase } from "../services/database/database.ts";
import { createLogger } from "../services/logger.ts";
import { PrismaWriteSink } from "../services/writes/PrismaWriteSink.ts";
import type { JournalEntry } from "../services/writes/WriteJournal.ts";

const config = loadConfig();
const { values } = parseArgs({ options: { file: { type: "string" } } });
const file = path.resolve(values.file ?? path.join(config.dataDir, "write-journal.jsonl"));
const text = await readFile(file, "utf8").catch(() => "");
const entries = text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as JournalEntry);
if (entries.length === 0) {
  console.log(`nothing to replay in ${file}`);
  process.exit(0);
}
const db = await openDatabase({ url: config.database.url, poolSize: 2, dataDir: config.dataDir });
const sink = new PrismaWriteSink(db, createLogger(config.logLevel));
const failed: JournalEntry[] = [];
for (const entry of entries) {
  try {
    await sink.apply([entry.op]);
  } catch (error) {
    failed.push({ ...entry, error: (error as Error).message.slice(0, 500) });
  }
}
await db.close();
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
await rename(file, `${file}.replayed-${stamp}`);
if (failed.length > 0) await writeFile(`${file}.failed-${stamp}`, failed.map((e) => JSON.stringify(e)).join("\n") + "\n");
console.log(`replayed ${entries.length - failed.length} of ${entries.length} writes${failed.length ? `; ${failed.length} still refused, kept in ${file}.failed-${stamp}` : ""}`);
process.exit(failed.length > 0 ? 1 : 0);
