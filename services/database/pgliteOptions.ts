import type { PGliteOptions } from "@electric-sql/pglite";

/**
 * PGlite's defaults reserve PostgreSQL's 128 MB of shared buffers inside the WebAssembly
 * memory, which never shrinks; 16 MB hold this server's working set (the files themselves
 * stay in the OS page cache) and take about 120 MB off the process (docs/BENCHMARKS.md).
 */
export const PGLITE_OPTIONS: PGliteOptions = { postgresqlconf: ["shared_buffers=16MB", "wal_buffers=1MB"] };
