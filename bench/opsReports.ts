// How long the operator console's reports take over a month of learning:
// `node bench/opsReports.ts [--sessions 3000] [--admin postgresql://postgres@127.0.0.1:5432/test]`.
// Writes sessions, evaluation events and AI calls through the server's own write queue into a
// PostgreSQL database of its own (`koto_bench_ops`, made afresh), then times each report
// (docs/OPERATIONS.md).
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { loadConfig } from "../config/config.ts";
import { activitiesOf } from "../domain/lessons/lesson.ts";
import { createServices } from "../services/index.ts";
import { createLogger } from "../services/logger.ts";
import type { WriteOp } from "../services/writes/writeOps.ts";

const { values } = parseArgs({ options: { sessions: { type: "string", default: "3000" }, admin: { type: "string", default: "postgresql://postgres@127.0.0.1:5432/test" } } });
const SESSIONS = Number(values.sessions);
const NAME = "koto_bench_ops";
const LANGS = ["en", "id", "vi"] as const;
const ERRORS = ["particle", "formality", "counter", "vocabulary", "grammar", "spelling"];

async function freshDatabase(adminUrl: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${NAME}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${NAME}`;
  return url.toString();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), "koto-bench-ops-"));
const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", KOTO_DATA_DIR: dataDir, DATABASE_URL: await freshDatabase(values.admin), MONITOR_PASSWORD: "bench-ops-password", TTS_PROVIDER: "none" });
const services = await createServices(config, createLogger("silent"));
const lessons = [...services.catalog.lessons.values()];
const users = await Promise.all(Array.from({ length: Math.ceil(SESSIONS / 5) }, (_, i) => services.learners.createGuest({ name: `L${i}`, lang: LANGS[i % 3]! })));
const start = Date.parse("2026-11-01T08:00:00Z");
let events = 0;
for (let s = 0; s < SESSIONS; s++) {
  const lesson = lessons[s % lessons.length]!;
  const user = users[s % users.length]!;
  const id = randomUUID();
  const at = start + (s % 30) * 86_400_000 + (s * 7919 % 36_000) * 1000;
  const ops: WriteOp[] = [{ kind: "session.start", id, userId: user.userId, scene: lesson.scene, roomId: "bench", processId: "bench", lessonId: lesson.id, lang: user.lang, startedAt: new Date(at).toISOString() }];
  activitiesOf(lesson).forEach(({ activity }, i) => {
    const pass = (s + i) % 3 !== 0;
    ops.push({
      kind: "event", id: randomUUID(), sessionId: id, activityId: activity.id, eventType: "evaluation", userInput: pass ? "네" : `틀린 답 ${i % 4}`, tutorResponse: null,
      score: pass ? 100 : 40, passFail: pass, primaryErrorType: pass ? "none" : ERRORS[(s + i) % ERRORS.length]!, provider: "rules", modelId: null,
      latencyMs: 20 + ((s * 31 + i * 17) % 400), evaluationDetail: { fallbackReason: null }, metadata: { attempt: 1 + (i % 2), llmAsked: false, rulesPass: pass },
      createdAt: new Date(at + (i + 1) * 30_000).toISOString(),
    });
    events += 1;
  });
  ops.push({ kind: "ai.usage", id: randomUUID(), sessionId: id, eventId: null, providerType: "eval", providerName: "gemini", modelId: null, tokensIn: 400, tokensOut: 80, audioDurationMs: null, latencyMs: 300, success: true, errorCode: null, errorMessage: null, estimatedCostUsd: 0.0002, createdAt: new Date(at).toISOString() });
  ops.push({ kind: "session.end", id, status: "ended", endReason: "left", endedAt: new Date(at + 20 * 60_000).toISOString() });
  for (const op of ops) services.writes.enqueue(op);
  if (s % 200 === 0) await services.writes.flush(60_000);
}
await services.writes.flush(120_000);
console.log(`${SESSIONS} sessions, ${events} evaluation events, ${SESSIONS} AI calls over 30 days (PostgreSQL)`);
const filter = { from: "2026-11-01", to: "2026-11-30" };
for (const [name, run] of [
  ["learning", () => services.ops.learning(filter)],
  ["learning, lang=id", () => services.ops.learning({ ...filter, lang: "id" as const })],
  ["tutor health", () => services.ops.tutorHealth(filter)],
  ["AI cost", () => services.ops.aiCost(filter)],
] as const) {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  console.log(`${name.padEnd(20)} median ${median(times).toFixed(0)} ms of 5 runs (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`);
}
await services.close();
await rm(dataDir, { recursive: true, force: true });
