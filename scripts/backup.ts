// `npm run backup`: the database (pg_dump, or PGlite's own dump of the embedded one) and every
// object of the store, into a dated folder under BACKUP_DIR; backups older than
// BACKUP_KEEP_DAYS are deleted afterwards. docs/DEPLOY.md ("Backups") has the schedule.
import { loadConfig } from "../config/config.ts";
import { createBackup } from "../services/backup/Backups.ts";
import { backupDeps } from "../services/backup/backupDeps.ts";
import { systemClock } from "../services/clock.ts";

const config = loadConfig();
const started = performance.now();
const outcome = await createBackup(backupDeps(config, systemClock), config.backup.dir, config.backup.keepDays);
if (!outcome.ok) {
  console.error(`backup failed (${outcome.code}): ${outcome.message}`);
  process.exit(1);
}
const { manifest } = outcome;
const objectBytes = manifest.objects.reduce((sum, object) => sum + object.bytes, 0);
console.log(
  `backup ${outcome.folder}: ${manifest.database.kind} database ${manifest.database.bytes} bytes, ` +
    `${manifest.objects.length} objects ${objectBytes} bytes, in ${((performance.now() - started) / 1000).toFixed(2)} s` +
    (outcome.pruned.length > 0 ? `; deleted ${outcome.pruned.length} older than ${config.backup.keepDays} days: ${outcome.pruned.join(", ")}` : ""),
);
process.exit(0);
