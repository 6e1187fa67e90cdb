import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type pg from "pg";

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/**
 * `@prisma/adapter-pg` runs a migration script by splitting it on every `;`, which cuts
 * statements apart wherever a `;` sits inside a string, a comment or a function body. This
 * factory sends each script whole over PostgreSQL's simple query protocol instead: the server
 * parses it, and runs it as one implicit transaction, so a failing migration leaves nothing
 * half applied.
 */
export function pgAdapterFactory(config: pg.PoolConfig): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaPg(config);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => wholeScripts(await inner.connect()),
    connectToShadowDb: async () => wholeScripts(await inner.connectToShadowDb()),
  };
}

function wholeScripts(adapter: PgAdapter): SqlDriverAdapter {
  // A query without parameters goes out as one simple-protocol message, however many statements it holds.
  adapter.executeScript = (script) => adapter.executeRaw({ sql: script, args: [], argTypes: [] }).then(() => undefined);
  return adapter;
}
