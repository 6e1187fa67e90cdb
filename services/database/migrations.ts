import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { SchemaEngine, type MigrationList } from "@prisma/schema-engine-wasm";
import { pgliteAdapterFactory } from "./pgliteAdapter.ts";

/**
 * Prisma's migration engine compiled to WebAssembly, driven through our driver adapters.
 * It reads and writes the same `prisma/migrations` folder and `_prisma_migrations` table as
 * `prisma migrate`, but needs no engine binary and no network.
 */

export const PRISMA_DIR = path.resolve(import.meta.dirname, "../../prisma");
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, "migrations");
export const SCHEMA_FILE = path.join(PRISMA_DIR, "schema.prisma");

const NO_FILTER = { externalTables: [], externalEnums: [] };

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrationError";
  }
}

export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<MigrationList> {
  const lockPath = "migration_lock.toml";
  const lock = await readFile(path.join(dir, lockPath), "utf8").catch(() => null);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrationDirectories = await Promise.all(
    folders.map(async (name) => {
      const content = await readFile(path.join(dir, name, "migration.sql"), "utf8").then(
        (value) => ({ tag: "ok" as const, value }),
        (error: Error) => ({ tag: "error" as const, value: error.message }),
      );
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  return {
    baseDir: dir,
    lockfile: { path: lockPath, content: lock },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/** The engine never disposes the connections it opens; track them so pools do not linger. */
function trackConnections(factory: SqlMigrationAwareDriverAdapterFactory) {
  const opened: SqlDriverAdapter[] = [];
  const track = async (adapter: Promise<SqlDriverAdapter>) => {
    const connection = await adapter;
    opened.push(connection);
    return connection;
  };
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => track(factory.connect()),
    connectToShadowDb: () => track(factory.connectToShadowDb()),
  };
  const disposeAll = () => Promise.allSettled(opened.map((connection) => connection.dispose()));
  return { tracked, disposeAll };
}

async function withEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  run: (engine: SchemaEngine) => Promise<T>,
  schemaFile: string = SCHEMA_FILE,
): Promise<T> {
  const schema = await readFile(schemaFile, "utf8");
  const { tracked, disposeAll } = trackConnections(factory);
  try {
    const engine = await SchemaEngine.new(
      { datamodels: [["schema.prisma", schema]] },
      () => {},
      bindMigrationAwareSqlAdapterFactory(tracked),
    );
    try {
      return await run(engine);
    } finally {
      engine.free();
    }
  } catch (error) {
    throw new MigrationError(describeEngineError(error), { cause: error });
  } finally {
    await disposeAll();
  }
}

function describeEngineError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) return String(error.message);
  return String(error);
}

/** Applies every migration the database has not seen yet; returns their names. */
export async function applyMigrations(
  factory: SqlMigrationAwareDriverAdapterFactory,
  dir: string = MIGRATIONS_DIR,
): Promise<string[]> {
  const migrationsList = await readMigrations(dir);
  return withEngine(factory, async (engine) => {
    const output = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    return output.appliedMigrationNames;
  });
}

export interface SchemaDiff {
  /** True when the migrations already produce exactly what schema.prisma describes. */
  inSync: boolean;
  /** The SQL that would bring the migrations up to schema.prisma. */
  sql: string;
}

/**
 * Replays the migrations into a throwaway in-memory PGlite and compares the result with
 * schema.prisma. Works offline and needs no running database.
 */
export async function diffMigrationsToSchema(
  dir: string = MIGRATIONS_DIR,
  schemaFile: string = SCHEMA_FILE,
): Promise<SchemaDiff> {
  const migrations = await readMigrations(dir);
  const schema = await readFile(schemaFile, "utf8");
  const scratch = await PGlite.create();
  try {
    return await withEngine(pgliteAdapterFactory(scratch), async (engine) => {
      const result = await engine.diff({
        from: { tag: "migrations", ...migrations },
        to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
        script: true,
        exitCode: true,
        filters: NO_FILTER,
      });
      return { inSync: result.exitCode === 0, sql: result.stdout ?? "" };
    }, schemaFile);
  } finally {
    await scratch.close();
  }
}
