// `npm run bench:backup [-- --learners 500 --events 40 --recordings 2 --database postgres|pglite]`:
// how long `npm run backup` and `npm run restore` take for how much data. Fills a fresh
// database (a new PostgreSQL database on the local server, or an embedded one) and the file
// store through the server's own write path (guests, sessions, events, AI usage, recordings),
// then times the two commands as operators run them. Numbers in docs/DEPLOY.md ("Backups").
import { randomUUID } from "node:crypto";
import { spawn } from "node:child_process";
import { readFile, mkdtemp, rm, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { loadConfig } from "../config/config.ts";
import { inspectRecording } from "../domain/audio/inspectRecording.ts";
import { createServices } from "../services/index.ts";
import { createLogger } from "../services/logger.ts";
import { startServerProcess } from "./serverProcess.ts";

const { values } = parseArgs({
  options: {
    learners: { type: "string", default: "500" },
    events: { type: "string", default: "40" },
    recordings: { type: "string", default: "2" },
    database: { type: "string", default: "postgres" },
  },
});
const learners = Number(values.learners);
const eventsEach = Number(values.events);
const recordingsEach = Number(values.recordings);
const ADMIN = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

function run(script: string, env: Record<string, string>, args: string[] = []): Promise<{ seconds: number; out: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", `scripts/${script}.ts`, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.once("exit", (code) => (code === 0 ? resolve({ seconds: (performance.now() - started) / 1000, out: out.trim() }) : reject(new Error(`${script} exited with ${code}`)))),
  );
}

async function fill(env: Record<string, string>): Promise<void> {
  const config = loadConfig({ ...env, LOG_LEVEL: "warn", TTS_PROVIDER: "none" });
  const services = await createServices(config, createLogger("warn"));
  const audio = await readFile("tests/fixtures/audio/answer.wav");
  const inspected = await inspectRecording(audio, "audio/wav", { maxDurationMs: 30_000 });
  if (!inspected.ok) throw new Error(`the fixture recording: ${inspected.problem}`);
  const { info } = inspected;
  const lesson = services.catalog.lessons.get("cafe-order")!;
  const activity = lesson.stages[0]!.activities[0]!;
  const at = services.clock.now().toISOString();
  for (let i = 0; i < learners; i++) {
    const learner = await services.learners.createGuest({ name: `learner ${i}`, lang: (["en", "id", "vi"] as const)[i % 3]! });
    const sessionId = randomUUID();
    services.writes.enqueue({ kind: "session.start", id: sessionId, userId: learner.userId, scene: "cafe", roomId: "bench", processId: null, lessonId: lesson.id, lang: learner.lang, startedAt: at });
    for (let e = 0; e < eventsEach; e++) {
      const id = randomUUID();
      services.writes.enqueue({
        kind: "event", id, sessionId, activityId: activity.id, eventType: "evaluation", userInput: "아메리카노 한 잔 주세요", tutorResponse: "Good: that is how you order one americano.",
        score: 80, passFail: true, primaryErrorType: "none", provider: "rules", modelId: null, latencyMs: 3, evaluationDetail: { checks: ["particle", "politeness"] }, metadata: null, createdAt: at,
      });
      services.writes.enqueue({
        kind: "ai.usage", id: randomUUID(), sessionId, eventId: id, providerType: "eval", providerName: "rules", modelId: null, tokensIn: null, tokensOut: null,
        audioDurationMs: null, latencyMs: 3, success: true, errorCode: null, errorMessage: null, estimatedCostUsd: 0, createdAt: at,
      });
    }
    for (let r = 0; r < recordingsEach; r++) await services.recordings.save(learner.userId, audio, info);
    services.writes.enqueue({ kind: "session.end", id: sessionId, status: "ended", endReason: "left", endedAt: at });
  }
  if (!(await services.writes.flush(600_000))) throw new Error("writes did not land");
  await services.close();
}

/** The embedded backup again, made by a running server, with sign-ins (a database write each) timed meanwhile. */
async function liveBackup(env: Record<string, string>, backupDir: string): Promise<void> {
  const server = await startServerProcess({ KOTO_DATA_DIR: env.KOTO_DATA_DIR!, TTS_PROVIDER: "none" });
  try {
    let running = true;
    const waits: number[] = [];
    const signIns = (async () => {
      while (running) {
        const started = performance.now();
        const response = await fetch(`${server.baseUrl}/api/v1/auth/guest`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "bench" }) });
        await response.arrayBuffer();
        waits.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    const live = await run("backup", { ...env, BACKUP_DIR: path.join(backupDir, "live") });
    running = false;
    await signIns;
    console.log(`npm run backup with the server running: ${live.seconds.toFixed(2)} s wall\n  ${live.out}\n  sign-ins meanwhile: ${waits.length}, slowest ${Math.max(...waits).toFixed(0)} ms`);
  } finally {
    await server.stop();
  }
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), "koto-bench-backup-"));
const backupDir = await mkdtemp(path.join(os.tmpdir(), "koto-bench-backups-"));
const name = `koto_bench_backup_${randomUUID().slice(0, 8)}`;
const postgres = values.database === "postgres";
const url = new URL(ADMIN);
url.pathname = `/${name}`;
if (postgres) await admin(`CREATE DATABASE "${name}"`);
const env: Record<string, string> = { KOTO_DATA_DIR: dataDir, BACKUP_DIR: backupDir, ...(postgres ? { DATABASE_URL: url.toString() } : {}) };
try {
  const filled = performance.now();
  await fill(env);
  console.log(`filled ${learners} learners x ${eventsEach} events (+ as many AI usage rows) and ${learners * recordingsEach} recordings in ${((performance.now() - filled) / 1000).toFixed(1)} s`);
  const backup = await run("backup", env);
  console.log(`npm run backup: ${backup.seconds.toFixed(2)} s wall (process start included)\n  ${backup.out}`);
  const folder = path.join(backupDir, (await readdir(backupDir))[0]!);
  if (!postgres) await liveBackup(env, backupDir);
  if (postgres) {
    await admin(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin(`CREATE DATABASE "${name}"`);
  } else {
    await rm(path.join(dataDir, "pglite"), { recursive: true, force: true });
  }
  await rm(path.join(dataDir, "objects"), { recursive: true, force: true });
  const restore = await run("restore", env, [folder]);
  console.log(`npm run restore: ${restore.seconds.toFixed(2)} s wall (process start included)\n  ${restore.out}`);
} finally {
  if (postgres) await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await rm(dataDir, { recursive: true, force: true });
  await rm(backupDir, { recursive: true, force: true });
}
process.exit(0);
