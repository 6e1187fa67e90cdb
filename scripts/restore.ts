// `npm run restore -- <backup folder> [--force]`: checks every file of the backup against its
// manifest, then restores the database and every object. A database that already has tables
// (or an embedded one that exists) is refused unless --force. A name without a path is looked
// up in BACKUP_DIR.
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config/config.ts";
import { restoreBackup } from "../services/backup/Backups.ts";
import { backupDeps } from "../services/backup/backupDeps.ts";
import { systemClock } from "../services/clock.ts";

const config = loadConfig();
const { values, positionals } = parseArgs({ allowPositionals: true, options: { force: { type: "boolean", default: false } } });
if (positionals.length !== 1) {
  console.error("usage: npm run restore -- <backup folder> [--force]");
  process.exit(2);
}
const given = positionals[0]!;
const folder = existsSync(given) ? path.resolve(given) : path.resolve(config.backup.dir, given);
const started = performance.now();
const outcome = await restoreBackup(backupDeps(config, systemClock), folder, values.force);
if (!outcome.ok) {
  console.error(`restore refused (${outcome.code}): ${outcome.message}`);
  process.exit(1);
}
console.log(
  `restored ${folder}: the ${outcome.manifest.database.kind} database of ${outcome.manifest.createdAt} and ` +
    `${outcome.manifest.objects.length} objects, in ${((performance.now() - started) / 1000).toFixed(2)} s`,
);
process.exit(0);
