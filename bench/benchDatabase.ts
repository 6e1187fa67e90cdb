// The database a benchmarked KOTO server runs on: its embedded PGlite (the default), or a
// PostgreSQL database of its own (`koto_bench_<pid>`, made afresh for every server run, so runs
// do not inherit each other's rows, two benches at once do not drop each other's database, and
// nothing touches the databases tests use).
import pg from "pg";

export type BenchDatabase = "embedded" | "postgres";

export const BENCH_DATABASES: readonly BenchDatabase[] = ["embedded", "postgres"];
const NAME = `koto_bench_${process.pid}`;

export function parseDatabases(value: string): BenchDatabase[] {
  const chosen = value.split(",").map((d) => d.trim());
  const unknown = chosen.filter((d) => !(BENCH_DATABASES as readonly string[]).includes(d));
  if (unknown.length > 0 || chosen.length === 0) throw new Error(`--database takes embedded, postgres or both (comma-separated), not "${value}"`);
  return chosen as BenchDatabase[];
}

/**
 * The server's environment for a database: nothing for the embedded one; for PostgreSQL, a
 * DATABASE_URL to `koto_bench_<pid>` on the server `adminUrl` points to, dropped and created anew.
 */
export async function databaseEnv(database: BenchDatabase, adminUrl: string): Promise<Record<string, string>> {
  if (database === "embedded") return {};
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${NAME}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${NAME}`;
  return { DATABASE_URL: url.toString() };
}
