import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config/config.ts";

export interface Secrets {
  monitorPassword: string;
  /** True when no MONITOR_PASSWORD was configured and one was made up for this run. */
  monitorPasswordGenerated: boolean;
  jwtSecret: string;
  jwtSecretSource: "env" | "data-dir";
}

/**
 * Outside production the server runs with no configuration at all: the monitor gets a
 * one-off password (printed at start) and token signing a random secret kept in the data
 * folder, so learners' tokens survive a restart. Production refuses to start without both
 * (see config.ts).
 */
export async function resolveSecrets(config: Config): Promise<Secrets> {
  const monitorPassword = config.monitor.password ?? randomBytes(12).toString("base64url");
  const jwt = config.jwt.secret
    ? { jwtSecret: config.jwt.secret, jwtSecretSource: "env" as const }
    : { jwtSecret: await dataDirSecret(config.dataDir), jwtSecretSource: "data-dir" as const };
  return { monitorPassword, monitorPasswordGenerated: config.monitor.password === undefined, ...jwt };
}

async function dataDirSecret(dataDir: string): Promise<string> {
  const file = path.resolve(dataDir, "jwt-secret");
  const existing = await readFile(file, "utf8").catch(() => "");
  if (existing.trim().length >= 32) return existing.trim();
  const secret = randomBytes(48).toString("base64url");
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
