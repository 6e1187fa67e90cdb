// What durable turns cost: `npm run bench:journal [-- --seconds 10 --learners 48]`.
//
// 1. The write log alone, in this process, on the disk of the data folder: turns of four
//    writes (a graded answer's event, its AI call, the progress save, the lesson position)
//    offered at fixed rates (open loop: arrivals follow the clock, not the log), then as many
//    as it takes (closed loop, 256 turns in flight). Prints the writes per second on disk,
//    the fdatasyncs per second, and per turn the time from its append to durable() resolving:
//    what a learner's feedback now waits.
// 2. The real server (its own process, PostgreSQL), learners walking at 10 Hz and answering
//    the tutor, run twice: as it is, and with feedback not waiting for the log
//    (bench/journalNoWait.ts). Prints the client-observed feedback latency of both.
//
// The load generator stays out of the way: in (1) the ops are built before the clock starts
// and its own lateness against the schedule is printed with the thread's utilisation; in (2)
// the learners run in this process, apart from the server's, and this process's event-loop
// lag is printed with each run.
import "../loadtest/nodeWebSocket.ts";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { Client, type Room } from "@colyseus/sdk";
import pg from "pg";
import { systemClock } from "../services/clock.ts";
import { createLogger } from "../services/logger.ts";
import { FileWriteLog } from "../services/writes/WriteLog.ts";
import type { WriteOp } from "../services/writes/writeOps.ts";
import { startServerProcess } from "./serverProcess.ts";
import { summarizeMs } from "./stats.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    learners: { type: "string", default: "48" },
    rates: { type: "string", default: "250,1000,2500" },
    dir: { type: "string" },
    rounds: { type: "string", default: "2" },
    "log-only": { type: "boolean", default: false },
  },
});
const seconds = Number(values.seconds);

/** The four writes of one graded answer, shaped as the server makes them. */
function turnOps(): WriteOp[] {
  const userId = randomUUID();
  const sessionId = randomUUID();
  const eventId = randomUUID();
  const at = new Date().toISOString();
  const verdict = {
    score: 60, pass: false, errorType: "counter", confidence: 0.9, normalized: "아메리카노 일 잔 주세요",
    errors: [{ type: "counter", span: { start: 6, end: 7 }, found: "일", expected: "한", message: "Use the native Korean number 한 with 잔." }],
    correction: "아메리카노 한 잔 주세요", fallbackReason: null,
  };
  return [
    {
      kind: "event", id: eventId, sessionId, activityId: "cafe.order", eventType: "evaluation", userInput: "아메리카노 일 잔 주세요",
      tutorResponse: "Almost! With 잔, count with native Korean numbers: 한 잔. Try: 아메리카노 한 잔 주세요.", score: 60, passFail: false,
      primaryErrorType: "counter", provider: "rules", modelId: null, latencyMs: 4, evaluationDetail: verdict,
      metadata: { attempt: 1, outcome: "retry", evaluatorMs: 1, transcript: null }, createdAt: at,
    },
    {
      kind: "ai.usage", id: randomUUID(), sessionId, eventId, providerType: "eval", providerName: "rules", modelId: null, tokensIn: null,
      tokensOut: null, audioDurationMs: null, latencyMs: 1, success: true, errorCode: null, errorMessage: null, estimatedCostUsd: 0, createdAt: at,
    },
    {
      kind: "progress.save", userId, lessonId: "cafe-order", currentActivityId: "cafe.order", attempts: 1, hints: 0, status: "in_progress",
      results: { "cafe.greet": { score: 100, pass: true, attempts: 1, hints: 0, skipped: false, revealed: false } },
      completedAt: null, updatedAt: at, writerId: sessionId, baseVersion: 0, version: 2,
    },
    { kind: "session.lesson", id: sessionId, lessonId: "cafe-order", currentStageId: "cafe-order.ordering", currentActivityId: "cafe.order" },
  ];
}

interface LogRun {
  label: string;
  turns: number;
  waitMs: number[];
  elapsedMs: number;
  commits: number;
  /** How late the generator issued turns against their schedule (open loop). */
  lateMs: number[];
  utilisation: number;
}

/** Appends one turn and records how long until it is on disk; the log then may let go of it. */
function appendTurn(log: FileWriteLog, ops: readonly WriteOp[], waitMs: number[]): Promise<void> {
  const startedAt = performance.now();
  let seq = 0;
  for (const op of ops) seq = log.append(op);
  return log.durable().then(() => {
    waitMs.push(performance.now() - startedAt);
    log.settled(seq);
  });
}

async function offered(log: FileWriteLog, turnsPerSecond: number): Promise<LogRun> {
  const turns = Array.from({ length: Math.round(turnsPerSecond * seconds) }, turnOps);
  const run: LogRun = { label: `${turnsPerSecond} turns/s offered`, turns: turns.length, waitMs: [], elapsedMs: 0, commits: 0, lateMs: [], utilisation: 0 };
  const commitsBefore = log.stats().commits;
  const elu = performance.eventLoopUtilization();
  const start = performance.now();
  const pending: Array<Promise<void>> = [];
  await new Promise<void>((resolve) => {
    let sent = 0;
    const tick = () => {
      const now = performance.now();
      const due = Math.min(turns.length, Math.floor(((now - start) / 1000) * turnsPerSecond));
      if (sent < due) run.lateMs.push(now - (start + (sent * 1000) / turnsPerSecond));
      for (; sent < due; sent += 1) pending.push(appendTurn(log, turns[sent]!, run.waitMs));
      if (sent < turns.length) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  await Promise.all(pending);
  run.elapsedMs = performance.now() - start;
  run.utilisation = performance.eventLoopUtilization(elu).utilization;
  run.commits = log.stats().commits - commitsBefore;
  return run;
}

async function saturated(log: FileWriteLog, inFlight: number): Promise<LogRun> {
  const ready = Array.from({ length: 200_000 }, turnOps);
  const run: LogRun = { label: `as fast as it goes (${inFlight} turns in flight)`, turns: 0, waitMs: [], elapsedMs: 0, commits: 0, lateMs: [], utilisation: 0 };
  const commitsBefore = log.stats().commits;
  const elu = performance.eventLoopUtilization();
  const start = performance.now();
  const until = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < until && run.turns < ready.length) await appendTurn(log, ready[run.turns++]!, run.waitMs);
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  run.elapsedMs = performance.now() - start;
  run.utilisation = performance.eventLoopUtilization(elu).utilization;
  run.commits = log.stats().commits - commitsBefore;
  return run;
}

function printLogRun(run: LogRun): void {
  const wait = summarizeMs(run.waitMs);
  const late = summarizeMs(run.lateMs);
  const perSecond = (n: number) => Math.round(n / (run.elapsedMs / 1000));
  console.log(
    `${run.label}: ${perSecond(run.turns * 4)} writes/s on disk, ${perSecond(run.commits)} fdatasyncs/s (${(run.turns * 4 / Math.max(1, run.commits)).toFixed(1)} writes each); ` +
      `feedback waits p50 ${wait.p50} ms, p95 ${wait.p95} ms, p99 ${wait.p99} ms, max ${wait.max} ms; ` +
      `generator thread ${Math.round(run.utilisation * 100)}% busy${run.lateMs.length ? `, late p99 ${late.p99} ms` : ""}`,
  );
}

async function benchLog(): Promise<void> {
  const parent = values.dir ?? os.tmpdir();
  const dir = await mkdtemp(path.join(parent, "koto-bench-log-"));
  console.log(`write log in ${dir} (${seconds} s per run; a turn is 4 writes, ~${JSON.stringify(turnOps()).length} bytes)`);
  try {
    const log = await FileWriteLog.open(dir, createLogger("warn"), systemClock);
    for (const rate of values.rates.split(",").map(Number)) printLogRun(await offered(log, rate));
    printLogRun(await saturated(log, 256));
    await log.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const CAFE_ANSWERS: Record<string, Array<{ text: string } | { choice: number }>> = {
  "cafe.greet": [{ text: "안녕" }, { text: "안녕하세요" }],
  "cafe.order": [{ text: "아메리카노 일 잔 주세요" }, { text: "아메리카노 한 잔 주세요" }],
  "cafe.temperature": [{ choice: 2 }, { choice: 0 }],
  "cafe.pay": [{ text: "현금으로 할게" }, { text: "카드로 할게요" }],
  "cafe.thanks": [{ text: "감사함니다" }, { text: "감사합니다" }],
};

/** Answers in the first seconds of a run (a fresh process and database warming up) are not counted. */
const WARM_UP_MS = 3_000;

/** One learner walking at 10 Hz and answering every prompt after 0.3-1 s; feedback latencies after `from` into `ms`. */
async function learner(baseUrl: string, index: number, ms: number[], from: number, until: number): Promise<void> {
  const response = await fetch(`${baseUrl}/api/v1/auth/guest`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: `bench-${index}`, lang: "en" }),
  });
  const { token } = (await response.json()) as { token: string };
  const sdk = new Client(baseUrl);
  sdk.auth.token = token;
  const room: Room = await sdk.joinOrCreate("cafe", {});
  let x = 0;
  const walk = setInterval(() => room.send("move", { x: Math.sin((x += 0.1)) * 3, y: -5 }), 100);
  const tries = new Map<string, number>();
  let sentAt = 0;
  const answer = (activityId: string) => {
    const options = CAFE_ANSWERS[activityId]!;
    const n = tries.get(activityId) ?? 0;
    tries.set(activityId, n + 1);
    const choice = options[n % options.length]!;
    sentAt = performance.now();
    if ("text" in choice) room.send("tutor:answer", choice);
    else room.send("tutor:choose", { index: choice.choice });
  };
  room.onMessage("tutor:prompt", (prompt: { activityId: string }) => {
    if (performance.now() < until) setTimeout(() => answer(prompt.activityId), 300 + Math.random() * 700);
  });
  room.onMessage("tutor:feedback", () => {
    if (sentAt >= from) ms.push(performance.now() - sentAt);
  });
  room.onMessage("tutor:done", () => {
    tries.clear();
    if (performance.now() < until) room.send("tutor:start", {});
  });
  room.onMessage("*", () => {});
  room.send("tutor:start", {});
  await new Promise((resolve) => setTimeout(resolve, until - performance.now() + 1_500));
  clearInterval(walk);
  await room.leave();
}

async function freshDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `koto_bench_${randomBytes(4).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  await admin(`CREATE DATABASE "${name}"`);
  return { url: Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

async function serverRun(label: string, nodeArgs: string[], learners: number): Promise<void> {
  const database = await freshDatabase(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test");
  const server = await startServerProcess(
    {
      DATABASE_URL: database.url,
      TTS_PROVIDER: "none",
      JWT_SECRET: "bench-journal-secret-0123456789abcdefgh",
      // Every simulated learner comes from this one machine's address.
      RATE_LIMIT_SIGNIN_PER_MINUTE: "100000",
      RATE_LIMIT_IP_PER_MINUTE: "100000",
      RATE_LIMIT_JOINS_PER_MINUTE: "100000",
    },
    nodeArgs,
  );
  const lag = monitorEventLoopDelay({ resolution: 5 });
  try {
    const ms: number[] = [];
    lag.enable();
    const from = performance.now() + WARM_UP_MS;
    const until = from + seconds * 1000;
    await Promise.all(Array.from({ length: learners }, (_, i) => learner(server.baseUrl, i, ms, from, until)));
    lag.disable();
    const s = summarizeMs(ms);
    console.log(
      `${label}: ${s.n} answers, feedback p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms, max ${s.max} ms; ` +
        `generator loop lag p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms`,
    );
  } finally {
    await server.stop();
    await database.drop();
  }
}

await benchLog();
if (!values["log-only"]) {
  const learners = Number(values.learners);
  console.log(`the server, ${learners} learners in the cafe walking at 10 Hz and answering, ${seconds} s per run after ${WARM_UP_MS / 1000} s of warm-up`);
  // In turns, so that neither variant always runs on a colder or busier machine.
  for (let round = 1; round <= Number(values.rounds); round += 1) {
    await serverRun(`round ${round}, feedback does not wait (baseline)`, ["--import", "./bench/journalNoWait.ts"], learners);
    await serverRun(`round ${round}, feedback waits for the write log (as shipped)`, [], learners);
  }
}
