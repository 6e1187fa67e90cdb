import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { Clock } from "../../domain/clock.ts";
import { keepDatabaseFilesPrivate } from "../privateFiles.ts";

/** Why a database step did not run: each has a message an operator can act on. */
export type DatabaseRefusal = { ok: false; code: "not_empty" | "in_use" | "missing" | "tool_failed"; message: string };
export type DatabaseOutcome = { ok: true } | DatabaseRefusal;

/**
 * A consistent copy of the database as one file, and its way back. PostgreSQL: `pg_dump`'s
 * custom format (a snapshot: consistent while the server keeps writing) and `pg_restore`.
 * Embedded: PGlite's own dump of its data folder, taken while no server has it open.
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

/** Whether a server has the embedded database open: its socket answers. */
function socketAnswers(socketPath: string): Promise<boolean> {
  if (!existsSync(socketPath)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export class PgliteBackup implements DatabaseBackup {
  readonly kind = "pglite" as const;
  readonly fileName = "database.pglite.tar.gz";
  readonly #dir: string;
  readonly #socket: string;
  readonly #clock: Clock;

  constructor(dataDir: string, clock: Clock) {
    this.#dir = path.resolve(dataDir, "pglite");
    this.#socket = path.resolve(dataDir, "socket", ".s.PGSQL.5432");
    this.#clock = clock;
  }

  async #inUse(): Promise<DatabaseRefusal | undefined> {
    if (!(await socketAnswers(this.#socket))) return undefined;
    return { ok: false, code: "in_use", message: `a running server has the embedded database in ${this.#dir} open; stop it first (or use PostgreSQL for backups of a live server)` };
  }

  hasData(): Promise<boolean> {
    return Promise.resolve(existsSync(path.join(this.#dir, "PG_VERSION")));
  }

  async dump(file: string): Promise<DatabaseOutcome> {
    const busy = await this.#inUse();
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
    const busy = await this.#inUse();
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
