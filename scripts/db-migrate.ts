// Applies pending migrations to the configured database (DATABASE_URL, or the embedded
// PGlite in KOTO_DATA_DIR). The server also does this at every start.
import { loadConfig } from "../config/config.ts";
import { openDatabase } from "../services/database/database.ts";
import { applyMigrations } from "../services/database/migrations.ts";

const config = loadConfig();
const db = await openDatabase({ url: config.database.url, poolSize: 1, dataDir: config.dataDir });
try {
  const applied = await applyMigrations(db.adapterFactory);
  console.log(applied.length > 0 ? `applied: ${applied.join(", ")}` : "database is up to date");
} finally {
  await db.close();
}
// The migration engine's pool lingers for its idle timeout; nothing is left to wait for.
process.exit(0);
