// Makes a new embedded database (initdb) in a process of its own, started by
// embeddedPostgres.ts before the database's serving thread: made on that thread, initdb's
// WebAssembly memory stayed in the server for good (docs/BENCHMARKS.md).
import { PGlite } from "@electric-sql/pglite";
import { keepDatabaseFilesPrivate } from "../privateFiles.ts";
import { PGLITE_OPTIONS } from "./pgliteOptions.ts";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: pgliteInit.ts DATA_DIR");
keepDatabaseFilesPrivate(dataDir);
const db = await PGlite.create(dataDir, PGLITE_OPTIONS);
await db.close();
