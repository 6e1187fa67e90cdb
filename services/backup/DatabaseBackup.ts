import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { Clock } from "../../domain/clock.ts";
import { embeddedDumpSocket } from "../database/embeddedPostgres.ts";
import { requestDump } from "../database/pgliteDumps.ts";
import { keepDatabaseFilesPrivate } from "../privateFiles.ts";

/** Why a database step did not run: each has a message an operator can act on. */
export type DatabaseRefusal = { ok: false; code: "not_empty" | "in_use" | "missing" | "tool_failed"; message: string };
export type DatabaseOutcome = { ok: true } | DatabaseRefusal;

/**
 * A consistent copy of the database as one file, and its way back. PostgreSQL: `pg_dump`'s
 * custom format (a snapshot: consistent while the server keeps writing) and `pg_restore`.
 * Embedded: PGlite's own dump of its data folder, from the server that has it open (between
 * its queries) or, with no server running, from the folder itself.
 */
export interface DatabaseBackup {
  readonly kind: "postgres" | "pglite";
  /** The dump's file name inside a backup folder. */
  readonly fileName: string;
  dump(file: string): Promise<DatabaseOutcome>;
  /** Whether the target already holds a database (restoring over it needs `force`). */
  hasData(): Promise<boolean>;
  restore(file: string, force: boolean): Promise<DatabaseOutcome>;
}

/** Runs a PostgreSQL client tool; the password goes in the environment, never on the command line. */
function runTool(command: string, args: string[], url: string): Promise<DatabaseOutcome> {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return new Promise((resolve) => {
    const child = spawn(command, [...args, `--dbname=${parsed.toString()}`], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", (error) => resolve({ ok: false, code: "tool_failed", message: `${command}: ${error.message}` }));
    child.once("exit", (code) =>
      resolve(code === 0 ? { ok: true } : { ok: false, code: "tool_failed", message: `${command} exited with ${code}: ${stderr.trim().slice(0, 2000)}` }),
    );
  });
}

export class PostgresBackup implements DatabaseBackup {
  readonly kind = "postgres" as const;
  readonly fileName = "database.pgdump";
  readonly #url: string;

  constructor(url: string) {
    this.#url = url;
  }

  dump(file: string): Promise<DatabaseOutcome> {
    return runTool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${file}`], this.#url);
  }

  async hasData(): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.#url });
    await client.connect();
    try {
      const { rows } = await client.query<{ tables: string }>(
        "SELECT count(*) AS tables FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
      );
      return Number(rows[0]?.tables ?? 0) > 0;
    } finally {
      await client.end();
    }
  }

  async restore(file: string, force: boolean): Promise<DatabaseOutcome> {
    if (!force && (await this.hasData())) {
      return { ok: false, code: "not_empty", message: "the database already has tables; restore into an empty database, or pass --force to replace what the backup holds" };
    }
    const clean = force ? ["--clean", "--if-exists"] : [];
    return runTool("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", ...clean, file], this.#url);
  }
}

export class PgliteBackup implements DatabaseBackup {
  readonly kind = "pglite" as const;
  readonly fileName = "database.pglite.tar.gz";
  readonly #dir: string;
  readonly #dumps: string;
  readonly #clock: Clock;

  constructor(dataDir: string, clock: Clock) {
    this.#dir = path.resolve(dataDir, "pglite");
    this.#dumps = embeddedDumpSocket(dataDir);
    this.#clock = clock;
  }

  /** PGlite keeps `postmaster.pid` while a process has the database open (and after a crash). */
  #openElsewhere(): DatabaseRefusal | undefined {
    if (!existsSync(path.join(this.#dir, "postmaster.pid"))) return undefined;
    return {
      ok: false,
      code: "in_use",
      message: `a running server has the embedded database in ${this.#dir} open; stop it first (if none runs, one stopped without closing it: start and stop it once)`,
    };
  }

  hasData(): Promise<boolean> {
    return Promise.resolve(existsSync(path.join(this.#dir, "PG_VERSION")));
  }

  /** From the running server when there is one (between its queries), else from the folder. */
  async dump(file: string): Promise<DatabaseOutcome> {
    const live = await requestDump(this.#dumps);
    if (live.kind === "failed") return { ok: false, code: "tool_failed", message: `the running server could not dump its embedded database: ${live.message}` };
    if (live.kind === "dump") {
      await writeFile(file, live.body, { mode: 0o600 });
      return { ok: true };
    }
    const busy = this.#openElsewhere();
    if (busy) return busy;
    if (!(await this.hasData())) return { ok: false, code: "missing", message: `no embedded database in ${this.#dir}` };
    const db = await PGlite.create(this.#dir);
    try {
      const dump = await db.dumpDataDir("gzip");
      await writeFile(file, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
      return { ok: true };
    } finally {
      await db.close();
    }
  }

  async restore(file: string, force: boolean): Promise<DatabaseOutcome> {
    const busy = this.#openElsewhere();
    if (busy) return busy;
    if (await this.hasData()) {
      if (!force) return { ok: false, code: "not_empty", message: `${this.#dir} already holds a database; pass --force to set it aside and restore` };
      // Set aside, never deleted: a forced restore loses nothing.
      await rename(this.#dir, `${this.#dir}.before-restore-${this.#clock.now().toISOString().replace(/\D/g, "").slice(0, 14)}`);
    }
    keepDatabaseFilesPrivate(this.#dir);
    const db = await PGlite.create(this.#dir, { loadDataDir: new Blob([await readFile(file)]) });
    await db.close();
    keepDatabaseFilesPrivate(this.#dir);
    return { ok: true };
  }
}
