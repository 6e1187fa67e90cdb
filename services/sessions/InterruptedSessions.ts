import { randomUUID } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Clock } from "../clock.ts";
import type { Database } from "../database/database.ts";

/**
 * A process that crashes leaves its learners' sessions `active`. At its next start it closes
 * them: status `interrupted`, end reason `server_crash`, ended at the session's last event
 * (at its start when it has none). Processes sharing a database each close only their own,
 * so a process has an identity that survives its restarts (see instanceIdentity), and each
 * run registers the Colyseus process id its sessions record under that identity.
 */
export interface InterruptedSessions {
  /** Registers this run, then closes what earlier runs of this instance left open; how many. */
  closeLeftOpen(processId: string): Promise<number>;
}

const INSTANCE_FILE = "instance-id";

/**
 * Who this process is across restarts: its PUBLIC_ADDRESS, which every process sharing
 * Redis must have and keep distinct, or else an id made once and kept in the data folder.
 */
export async function instanceIdentity(publicAddress: string | undefined, dataDir: string): Promise<string> {
  if (publicAddress) return `address:${publicAddress}`;
  const file = path.resolve(dataDir, INSTANCE_FILE);
  const kept = await readFile(file, "utf8").then(
    (text) => text.trim(),
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return "";
      throw error;
    },
  );
  if (kept !== "") return `data-dir:${kept}`;
  const made = randomUUID();
  await writeFile(file, made, { mode: 0o600, flag: "wx" });
  return `data-dir:${made}`;
}

export class PrismaInterruptedSessions implements InterruptedSessions {
  readonly #db: Database;
  readonly #instanceId: string;
  readonly #clock: Clock;

  constructor(db: Database, instanceId: string, clock: Clock) {
    this.#db = db;
    this.#instanceId = instanceId;
    this.#clock = clock;
  }

  async closeLeftOpen(processId: string): Promise<number> {
    const { prisma } = this.#db;
    const instanceId = this.#instanceId;
    const [, closed] = await prisma.$transaction([
      prisma.serverRun.upsert({ where: { processId }, create: { processId, instanceId, startedAt: this.#clock.now() }, update: {} }),
      prisma.$executeRaw`
        UPDATE "learning_sessions" AS s
        SET "status" = 'interrupted', "end_reason" = 'server_crash',
            "ended_at" = COALESCE((SELECT max(e."created_at") FROM "session_events" AS e WHERE e."session_id" = s."id"), s."started_at")
        WHERE s."status" = 'active'
          AND s."process_id" IN (SELECT r."process_id" FROM "server_runs" AS r WHERE r."instance_id" = ${instanceId} AND r."process_id" <> ${processId})`,
      prisma.serverRun.deleteMany({ where: { instanceId, processId: { not: processId } } }),
    ]);
    return closed;
  }
}
