import fs from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import path from "node:path";
import { isMainThread } from "node:worker_threads";
import type { Logger } from "./logger.ts";

/**
 * The data folder holds learners' recordings and answers (the write journal), the token
 * secret and the embedded database: it is the server user's alone, the folder 0700 and every
 * file 0600, whatever umask the server was started with.
 */

/** Permission bits of the group and of others. */
const SHARED_BITS = 0o077;

/**
 * Makes the data folder private, and every file and folder this process creates from now on
 * owner-only (the umask), including those of modules and libraries that set no mode.
 */
export async function preparePrivateDataDir(dataDir: string, logger: Logger): Promise<void> {
  // The umask is the process's; worker threads may not set it (and share it).
  if (isMainThread) process.umask(SHARED_BITS);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o700).catch((error: unknown) =>
    logger.warn({ err: error, dataDir }, "cannot make the data folder private (0700); others may read recordings and answers in it"),
  );
}

const ownerOnly = (mode: fs.Mode) => (typeof mode === "string" ? parseInt(mode, 8) : mode) & ~SHARED_BITS;

/**
 * For the embedded database's own thread: PGlite's file layer sets every file it creates to
 * 0666 whatever the umask (measured: 969 of 1,038 files of a new database). That thread runs
 * nothing else, so there chmod keeps only the owner's bits; and files an earlier version
 * left open to others are closed.
 */
export function keepDatabaseFilesPrivate(databaseDir: string): void {
  const chmodSync = fs.chmodSync;
  Object.assign(fs, { chmodSync: (file: fs.PathLike, mode: fs.Mode) => chmodSync(file, ownerOnly(mode)) });
  if (fs.existsSync(databaseDir)) closeTree(databaseDir);
}

function closeTree(at: string): void {
  const info = fs.lstatSync(at);
  if (info.isSymbolicLink()) return;
  if (info.mode & SHARED_BITS) fs.chmodSync(at, info.mode & 0o7777);
  if (info.isDirectory()) for (const name of fs.readdirSync(at)) closeTree(path.join(at, name));
}
