import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Config } from "../../config/config.ts";
import type { Clock } from "../../domain/clock.ts";
import { FsObjectStore } from "../storage/FsObjectStore.ts";
import { S3ObjectStore } from "../storage/S3ObjectStore.ts";
import { UrlSigner } from "../storage/UrlSigner.ts";
import type { BackupDeps } from "./Backups.ts";
import { PgliteBackup, PostgresBackup } from "./DatabaseBackup.ts";

/** The database and object store the configuration names, as the backup tools see them. */
export function backupDeps(config: Config, clock: Clock): BackupDeps {
  const database = config.database.url ? new PostgresBackup(config.database.url) : new PgliteBackup(config.dataDir, clock);
  const storage = config.storage;
  // The tools copy objects and never hand out links: a throwaway signing key, not the server's.
  const store =
    storage.kind === "fs" ? new FsObjectStore(path.join(config.dataDir, "objects"), new UrlSigner(randomBytes(32).toString("hex")), clock) : new S3ObjectStore(storage, clock);
  return { database, store, clock };
}
