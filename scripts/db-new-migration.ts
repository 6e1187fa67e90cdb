// Creates the next migration offline: `npm run db:new-migration -- add_something`.
// The migrations are replayed into an in-memory database and compared with schema.prisma;
// the difference becomes prisma/migrations/<timestamp>_<name>/migration.sql.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { diffMigrationsToSchema, MIGRATIONS_DIR } from "../services/database/migrations.ts";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:new-migration -- <name in snake_case>");
  process.exit(2);
}

const diff = await diffMigrationsToSchema();
if (diff.inSync) {
  console.log("schema.prisma and the migrations already agree: nothing to create.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const folder = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
await mkdir(folder, { recursive: true });
await writeFile(path.join(folder, "migration.sql"), diff.sql);
console.log(`created ${path.relative(process.cwd(), folder)}/migration.sql; review it, then commit it.`);
