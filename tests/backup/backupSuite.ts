import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import S3rver from "@20minutes/s3rver";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../bench/serverProcess.ts";
import { systemClock } from "../../services/clock.ts";
import { FsObjectStore } from "../../services/storage/FsObjectStore.ts";
import type { ObjectStore } from "../../services/storage/ObjectStore.ts";
import { S3ObjectStore } from "../../services/storage/S3ObjectStore.ts";
import { UrlSigner } from "../../services/storage/UrlSigner.ts";
import { createTempDatabase, query, type TempDatabase } from "../helpers/postgres.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";
import { nextMessage } from "../helpers/wait.ts";

/**
 * `npm run backup` and `npm run restore`, run as the commands they are, over data written
 * through the real paths (a learner joins, answers the tutor and uploads a recording). Run once
 * with the embedded database and the file store, once with PostgreSQL and an S3 server.
 */

type Rows = Record<string, string[]>;
const RECORDING = readFileSync(path.resolve("tests/fixtures/audio/answer.wav"));

/** Runs the command as its own process; asynchronously, since the S3 server it talks to runs in this one. */
function runScript(script: "backup" | "restore", env: Record<string, string>, args: string[] = []): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", `scripts/${script}.ts`, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (status) => resolve({ status, stdout, stderr })));
}

async function rowsOf(run: (sql: string) => Promise<Record<string, unknown>[]>): Promise<Rows> {
  const tables = await run("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1");
  const rows: Rows = {};
  for (const { table_name: table } of tables as { table_name: string }[]) {
    const found = (await run(`SELECT to_jsonb(t)::text AS row FROM "public"."${table}" t`)) as { row: string }[];
    rows[table] = found.map((r) => r.row).sort();
  }
  return rows;
}

async function objectsOf(store: ObjectStore): Promise<Map<string, Buffer>> {
  const objects = new Map<string, Buffer>();
  for await (const key of store.list()) objects.set(key, (await store.get(key))!.body);
  return new Map([...objects].sort(([a], [b]) => a.localeCompare(b)));
}

/** A learner's session with a graded answer, and a recording they uploaded. */
async function learnAndRecord(server: TestServer): Promise<void> {
  const learner = await server.join("cafe", "Siti", "id");
  const prompt = nextMessage<{ kind: string; choices?: unknown[] }>(learner.room, "tutor:prompt");
  learner.room.send("tutor:start", {});
  const { kind, choices } = await prompt;
  const feedback = nextMessage(learner.room, "tutor:feedback");
  if (choices && choices.length > 0) learner.room.send("tutor:choose", { index: 0 });
  else learner.room.send("tutor:answer", { text: kind === "repeat" ? "안녕하세요" : "안녕하세요, 아메리카노 주세요" });
  await feedback;
  const upload = await fetch(`${server.baseUrl}/api/v1/audio`, {
    method: "POST",
    headers: { "content-type": "audio/wav", authorization: `Bearer ${learner.auth.token}` },
    body: new Uint8Array(RECORDING),
  });
  expect(upload.status).toBe(201);
  await learner.room.leave();
}

interface Target {
  env: Record<string, string>;
  store: ObjectStore;
  rows(): Promise<Rows>;
  wipe(): Promise<void>;
  close(): Promise<void>;
}

function embeddedTarget(dataDir: string): Target {
  const store = new FsObjectStore(path.join(dataDir, "objects"), new UrlSigner("test"), systemClock);
  return {
    env: { KOTO_DATA_DIR: dataDir },
    store,
    async rows() {
      const db = await PGlite.create(path.join(dataDir, "pglite"));
      try {
        return await rowsOf(async (sql) => (await db.query<Record<string, unknown>>(sql)).rows);
      } finally {
        await db.close();
      }
    },
    async wipe() {
      await rm(path.join(dataDir, "pglite"), { recursive: true, force: true });
      await rm(path.join(dataDir, "objects"), { recursive: true, force: true });
    },
    close: () => Promise.resolve(),
  };
}

async function postgresTarget(dataDir: string): Promise<Target> {
  const database: TempDatabase = await createTempDatabase("koto_backup");
  const s3Dir = await mkdtemp(path.join(os.tmpdir(), "koto-s3-"));
  const port = await freePort();
  const s3 = new S3rver({ address: "127.0.0.1", port, directory: s3Dir, silent: true });
  await s3.run();
  const s3Options = { endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", accessKey: "S3RVER", secretKey: "S3RVER", bucket: "koto-backup" };
  const store = new S3ObjectStore(s3Options, systemClock);
  await store.ensureBucket();
  return {
    env: {
      KOTO_DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      STORAGE: "s3",
      S3_ENDPOINT: s3Options.endpoint,
      S3_ACCESS_KEY: s3Options.accessKey,
      S3_SECRET_KEY: s3Options.secretKey,
      S3_BUCKET: s3Options.bucket,
    },
    store,
    rows: () => rowsOf((sql) => query(database.url, sql)),
    async wipe() {
      await query(database.url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public");
      for (const key of (await objectsOf(store)).keys()) await store.delete(key);
    },
    async close() {
      await database.drop();
      await s3.close();
      await rm(s3Dir, { recursive: true, force: true });
    },
  };
}

export function backupSuite(kind: "pglite" | "postgres"): void {
  describe(`backups of the ${kind === "pglite" ? "embedded database and file store" : "PostgreSQL database and S3 bucket"}`, () => {
    let dataDir: string;
    let backupDir: string;
    let target: Target;
    let rows: Rows;
    let objects: Map<string, Buffer>;
    let folder: string;
    const env = () => ({ ...target.env, BACKUP_DIR: backupDir });

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), "koto-data-"));
      backupDir = await mkdtemp(path.join(os.tmpdir(), "koto-backups-"));
      target = kind === "pglite" ? embeddedTarget(dataDir) : await postgresTarget(dataDir);
      const server = await startTestServer({ env: { ...target.env, TTS_PROVIDER: "none" } });
      try {
        await learnAndRecord(server);
      } finally {
        await server.stop();
      }
      rows = await target.rows();
      objects = await objectsOf(target.store);
    });

    afterAll(async () => {
      await target?.close();
      await rm(dataDir, { recursive: true, force: true });
      await rm(backupDir, { recursive: true, force: true });
    });

    it("backs up, and after a wipe restores every row and every object byte for byte", async () => {
      expect(rows.learning_sessions).toHaveLength(1);
      expect(rows.session_events!.length).toBeGreaterThan(0);
      expect(rows.audio_files).toHaveLength(1);
      expect([...objects.values()]).toContainEqual(RECORDING);

      const backup = await runScript("backup", env());
      expect(backup.status, backup.stderr).toBe(0);
      expect(backup.stdout).toMatch(new RegExp(`backup .*koto-\\d{4}-\\d{2}-\\d{2}T.*: ${kind} database \\d+ bytes, ${objects.size} objects`));
      const [name] = await readdir(backupDir);
      folder = path.join(backupDir, name!);

      await target.wipe();
      expect(await objectsOf(target.store)).toEqual(new Map());
      const restore = await runScript("restore", env(), [folder]);
      expect(restore.status, restore.stderr).toBe(0);
      expect(await target.rows()).toEqual(rows);
      expect(await objectsOf(target.store)).toEqual(objects);
    });

    it("refuses to restore into a database that is not empty, unless forced", async () => {
      const refused = await runScript("restore", env(), [path.basename(folder)]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/restore refused \(not_empty\).*--force/);
      expect(await target.rows()).toEqual(rows);

      const forced = await runScript("restore", env(), [folder, "--force"]);
      expect(forced.status, forced.stderr).toBe(0);
      expect(await target.rows()).toEqual(rows);
      expect(await objectsOf(target.store)).toEqual(objects);
    });

    it("refuses a damaged backup before touching anything", async () => {
      const damaged = path.join(backupDir, "damaged");
      await cp(folder, damaged, { recursive: true });
      const manifest = JSON.parse(readFileSync(path.join(damaged, "manifest.json"), "utf8")) as { objects: { file: string }[] };
      await writeFile(path.join(damaged, manifest.objects[0]!.file), "not the recording");
      const result = await runScript("restore", env(), [damaged, "--force"]);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/restore refused \(damaged\)/);
      expect((await runScript("restore", env(), [path.join(backupDir, "nothing-here")])).stderr).toMatch(/not_a_backup/);
      await rm(damaged, { recursive: true, force: true });
      expect(await target.rows()).toEqual(rows);
    });

    // Pruning is the same whatever the database: run once, where backups are quick.
    if (kind === "postgres") it("keeps backups for BACKUP_KEEP_DAYS and deletes older ones only", async () => {
      const yesterday = new Date(systemClock.now().getTime() - 86_400_000).toISOString().slice(0, 19).replace(/:/g, "-");
      for (const name of ["koto-2020-01-01T00-00-00Z", `koto-${yesterday}Z`, "koto-2020-01-02T00-00-00Z.partial", "notes"]) await mkdir(path.join(backupDir, name));
      const result = await runScript("backup", { ...env(), BACKUP_KEEP_DAYS: "2" });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/deleted 2 older than 2 days: koto-2020-01-01T00-00-00Z, koto-2020-01-02T00-00-00Z\.partial/);
      const left = await readdir(backupDir);
      expect(left).toContain(`koto-${yesterday}Z`);
      expect(left).toContain(path.basename(folder));
      expect(left).toContain("notes");
      expect(left).not.toContain("koto-2020-01-01T00-00-00Z");
      expect((await runScript("backup", { ...env(), BACKUP_KEEP_DAYS: "0" })).stderr).toMatch(/BACKUP_KEEP_DAYS/);
    });

    const whileRunning = kind === "pglite" ? "; backed up while it runs, its copy holds the same data, and no restore runs under it" : "";
    it(`a server started on the restored data finds the session and the recording${whileRunning}`, async () => {
      const liveDir = await mkdtemp(path.join(os.tmpdir(), "koto-live-backups-"));
      const server = await startTestServer({ env: { ...target.env, TTS_PROVIDER: "none" } });
      try {
        const [session] = await server.services.db.prisma.learningSession.findMany();
        expect(session?.scene).toBe("cafe");
        const [recording] = await server.services.db.prisma.audioFile.findMany();
        expect((await server.services.store.get(recording!.objectKey))?.body).toEqual(RECORDING);
        if (kind === "pglite") {
          // The running server holds the embedded database: it makes the dump, and no restore runs under it.
          const live = await runScript("backup", { ...env(), BACKUP_DIR: liveDir });
          expect(live.status, live.stderr).toBe(0);
          const busy = await runScript("restore", env(), [folder, "--force"]);
          expect(busy.status).toBe(1);
          expect(busy.stderr).toMatch(/restore refused \(in_use\): a running server/);
        }
      } finally {
        await server.stop();
      }
      if (kind === "pglite") {
        // The live copy, restored into another data folder, holds the same learning data.
        const elsewhere = await mkdtemp(path.join(os.tmpdir(), "koto-data-"));
        const [name] = await readdir(liveDir);
        const restored = await runScript("restore", { KOTO_DATA_DIR: elsewhere }, [path.join(liveDir, name!)]);
        expect(restored.status, restored.stderr).toBe(0);
        const copy = embeddedTarget(elsewhere);
        const copied = await copy.rows();
        for (const table of ["users", "learning_sessions", "session_events", "audio_files", "ai_usage_log"]) expect(copied[table], table).toEqual(rows[table]);
        expect(await objectsOf(copy.store)).toEqual(objects);
        await rm(elsewhere, { recursive: true, force: true });
      }
      await rm(liveDir, { recursive: true, force: true });
    });
  });
}
