import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../services/database/database.ts";
import {
  applyMigrations,
  diffMigrationsToSchema,
  MigrationError,
  MIGRATIONS_DIR,
  SCHEMA_FILE,
} from "../../services/database/migrations.ts";
import { pgliteAdapterFactory } from "../../services/database/pgliteAdapter.ts";
import { createTempDatabase } from "../helpers/postgres.ts";

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("schema.prisma and prisma/migrations", () => {
  it("agree: replaying the migrations yields exactly the schema", async () => {
    const diff = await diffMigrationsToSchema();
    expect(diff.sql).toMatch(/empty migration/i);
    expect(diff.inSync).toBe(true);
  });

  it("are reported as drifting when the schema gains a column no migration creates", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "koto-drift-"));
    scratch.push(dir);
    const schema = (await readFile(SCHEMA_FILE, "utf8")).replace(
      "  lastSeenAt  DateTime",
      "  nickname    String?\n  lastSeenAt  DateTime",
    );
    const schemaFile = path.join(dir, "schema.prisma");
    await writeFile(schemaFile, schema);
    await cp(MIGRATIONS_DIR, path.join(dir, "migrations"), { recursive: true });
    const diff = await diffMigrationsToSchema(path.join(dir, "migrations"), schemaFile);
    expect(diff.inSync).toBe(false);
    expect(diff.sql).toMatch(/ALTER TABLE "users" ADD COLUMN\s+"nickname" TEXT/);
  });
});

const FIXTURES = path.join(import.meta.dirname, "fixtures");

interface Target {
  factory: SqlMigrationAwareDriverAdapterFactory;
  query<R>(sql: string): Promise<R[]>;
  close(): Promise<void>;
}

/** A fresh, empty database of each kind the server runs on, reached as the server reaches it. */
const targets: Record<string, () => Promise<Target>> = {
  "PostgreSQL (DATABASE_URL)": async () => {
    const temp = await createTempDatabase();
    const db = await openDatabase({ url: temp.url, poolSize: 2, dataDir: os.tmpdir() });
    return { factory: db.adapterFactory, query: (sql) => db.prisma.$queryRawUnsafe(sql), close: () => db.close().then(() => temp.drop()) };
  },
  "embedded PGlite (KOTO_DATA_DIR)": async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "koto-migrate-"));
    scratch.push(dataDir);
    const db = await openDatabase({ url: undefined, poolSize: 1, dataDir });
    return { factory: db.adapterFactory, query: (sql) => db.prisma.$queryRawUnsafe(sql), close: () => db.close() };
  },
  "in-memory PGlite (the drift check's)": async () => {
    const pglite = await PGlite.create();
    return {
      factory: pgliteAdapterFactory(pglite),
      query: async <R>(sql: string) => (await pglite.query<R>(sql)).rows,
      close: () => pglite.close(),
    };
  },
};

describe.each(Object.entries(targets))("the migration runner on %s", (_name, open) => {
  it("runs each migration whole: ';' in strings, comments and a PL/pgSQL body", async () => {
    const db = await open();
    try {
      expect(await applyMigrations(db.factory, path.join(FIXTURES, "plpgsql"))).toEqual(["20260101000000_notes"]);
      await db.query(`INSERT INTO "notes" DEFAULT VALUES`);
      expect(await db.query(`SELECT "body", "words" FROM "notes" ORDER BY "id"`)).toEqual([
        { body: "안녕하세요; 반갑습니다; 고마워요", words: 3 },
        { body: "first; second", words: 2 },
      ]);
      const recorded = await db.query<{ finished: boolean }>(`SELECT "finished_at" IS NOT NULL AS "finished" FROM "_prisma_migrations"`);
      expect(recorded).toEqual([{ finished: true }]);
    } finally {
      await db.close();
    }
  });

  it("leaves nothing of a migration that fails part-way, and reports the database's error", async () => {
    const db = await open();
    try {
      const failure = applyMigrations(db.factory, path.join(FIXTURES, "failing"));
      await expect(failure).rejects.toThrow(MigrationError);
      await expect(failure).rejects.toThrow(/function no_such_function\(unknown\) does not exist/);
      expect(await db.query(`SELECT to_regclass('half_done')::text AS "table"`)).toEqual([{ table: null }]);
    } finally {
      await db.close();
    }
  });
});

describe("prisma/migrations", () => {
  it("apply whole to a fresh PostgreSQL database", async () => {
    const temp = await createTempDatabase();
    const db = await openDatabase({ url: temp.url, poolSize: 2, dataDir: os.tmpdir() });
    try {
      const applied = await applyMigrations(db.adapterFactory);
      expect(applied.length).toBeGreaterThan(0);
      expect(await applyMigrations(db.adapterFactory)).toEqual([]);
    } finally {
      await db.close();
      await temp.drop();
    }
  });
});
