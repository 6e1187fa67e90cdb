import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { startEmbeddedPostgres } from "./embeddedPostgres.ts";
import { PrismaClient } from "./generated/client.ts";
import { pgAdapterFactory } from "./pgAdapter.ts";

export type Prisma = InstanceType<typeof PrismaClient>;

/**
 * One database, whichever engine backs it: PostgreSQL over the network when DATABASE_URL
 * is set, otherwise an embedded PGlite in the data folder. Both run the same generated
 * client and the same migrations.
 */
export interface Database {
  readonly kind: "postgres" | "pglite";
  readonly prisma: Prisma;
  readonly adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Resolves true when a trivial query answers within the timeout. */
  ping(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export class DatabaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DatabaseError";
  }
}

export interface DatabaseOptions {
  url: string | undefined;
  poolSize: number;
  dataDir: string;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function databaseFrom(
  kind: Database["kind"],
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  closeEngine: () => Promise<void>,
): Database {
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    kind,
    prisma,
    adapterFactory,
    async ping(timeoutMs) {
      const outcome = await withTimeout(
        prisma.$queryRaw`SELECT 1`.then(
          () => true,
          () => false,
        ),
        timeoutMs,
      );
      return outcome === true;
    },
    async close() {
      await prisma.$disconnect();
      await closeEngine();
    },
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const factory = pgAdapterFactory({
      connectionString: options.url,
      max: options.poolSize,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    });
    return databaseFrom("postgres", factory, async () => {});
  }
  try {
    const embedded = await startEmbeddedPostgres(options.dataDir);
    // One connection: the embedded database runs one query at a time anyway, and it has one
    // session, so the extended-protocol messages of two connections would interleave in it
    // (measured: "portal \"\" cannot be run" under load with four).
    const factory = pgAdapterFactory({ ...embedded.connection, max: 1, connectionTimeoutMillis: 10_000 });
    return databaseFrom("pglite", factory, () => embedded.stop());
  } catch (error) {
    throw new DatabaseError(`cannot open the embedded database in ${options.dataDir}`, { cause: error });
  }
}
