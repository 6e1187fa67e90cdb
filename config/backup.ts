import { z } from "zod";

/** Backups (`npm run backup`, `npm run restore`): where they go and how long they are kept. */

export const backupEnvSchema = z.object({
  /** Folder that holds one dated folder per backup. */
  BACKUP_DIR: z.string().trim().min(1).default("./backups"),
  /** Backups older than this many days are deleted after each new one. */
  BACKUP_KEEP_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
});

export type BackupEnv = z.infer<typeof backupEnvSchema>;

export interface BackupConfig {
  readonly dir: string;
  readonly keepDays: number;
}

export function backupConfigFrom(env: BackupEnv): BackupConfig {
  return { dir: env.BACKUP_DIR, keepDays: env.BACKUP_KEEP_DAYS };
}
