import { messages, type PGlite } from "@electric-sql/pglite";
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

/**
 * pglite-prisma-adapter's `executeScript` starts the script without awaiting it, so a
 * failing migration would be reported as applied and its error would surface later as an
 * unhandled rejection. This factory awaits the script (whole: PGlite parses it, `;` in
 * strings and function bodies included) so the migration engine sees failures.
 */
export function pgliteAdapterFactory(pglite: PGlite): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaPGlite(pglite);
  const awaitScripts = (adapter: SqlDriverAdapter, db: PGlite): SqlDriverAdapter => {
    adapter.executeScript = async (script: string) => {
      await db.exec(script).catch((error: unknown) => {
        throw asDriverError(error);
      });
    };
    return adapter;
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => awaitScripts(await inner.connect(), pglite),
    connectToShadowDb: async () => {
      const shadow = await inner.connectToShadowDb();
      const shadowDb = (shadow as unknown as { client: PGlite }).client;
      return awaitScripts(shadow, shadowDb);
    },
  };
}

/** The engine reports only an opaque id for errors it does not recognise as the database's. */
function asDriverError(error: unknown): unknown {
  if (!(error instanceof messages.DatabaseError)) return error;
  const { code = "", severity = "ERROR", message, detail, column, hint } = error;
  return new DriverAdapterError({ kind: "postgres", code, severity, message, detail, column, hint });
}
