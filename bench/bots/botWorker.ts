// One load-generating process of the benchmark (forked by bench/bench.ts). It runs a share
// of the bots and answers the benchmark's requests over IPC: add bots, report (and reset)
// what they measured, stop. It also reports its own CPU use and event-loop lag, so the
// benchmark can tell when the load generator, not the server, is the bottleneck.
import "../../loadtest/nodeWebSocket.ts";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Client, type Room } from "@colyseus/sdk";
import WebSocket from "ws";
import { LEARNER_LANGS } from "../../domain/learners/learner.ts";
import { AnswerBook } from "../../loadtest/answerBook.ts";
import { countBytes, newStats, observeMoves, SCENE_AREAS, skipStateDecoding, startLearner, type BotStats } from "../../loadtest/learnerBot.ts";
import { LatencyProbe } from "../../loadtest/probe.ts";
import { Walker } from "../../loadtest/walker.ts";
import { WindowProfiler } from "../windowProfiler.ts";

export type BotKind = "koto" | "koto-move" | "floor" | "json";

export type WorkerCommand =
  | { type: "add"; kind: BotKind; endpoint: string; count: number; firstIndex: number; joinIntervalMs: number }
  | { type: "sample" }
  /** The `count` longest-connected bots leave and as many new ones join (the soak's churn). */
  | { type: "churn"; kind: BotKind; endpoint: string; count: number; firstIndex: number; joinIntervalMs: number }
  | { type: "profile-start" }
  | { type: "profile-stop"; file: string }
  | { type: "stop" };

/** Joins, failures and drops count from the start; everything else since the last sample. */
export interface WorkerSample extends BotStats {
  type: "sample";
  bots: number;
  patchMs: number[];
  cpuSeconds: number;
  wallSeconds: number;
  lagP99Ms: number;
}

const profiler = new WindowProfiler();
const stats: BotStats = newStats();
const probe = new LatencyProbe();
const answers = new AnswerBook();
const stops: Array<() => Promise<void>> = [];
const observedRooms = new Set<string>();
const lag = monitorEventLoopDelay({ resolution: 5 });
lag.enable();
let cpu = process.cpuUsage();
let since = performance.now();

/** One observer per room measures the others' moves. */
function shouldObserve(roomId: string): boolean {
  if (observedRooms.has(roomId)) return false;
  observedRooms.add(roomId);
  return true;
}

function walk(send: (step: { x: number; y: number; facing: number }) => void, id: () => string): () => void {
  const area = SCENE_AREAS.cafe!;
  const walker = new Walker(area, { x: 0, y: -6 });
  const timer = setInterval(() => {
    const step = walker.step();
    probe.sent(id(), step.seq, performance.now());
    send(step);
    stats.messagesSent += 1;
  }, 100);
  return () => clearInterval(timer);
}

async function addKoto(endpoint: string, index: number, lessons: boolean): Promise<void> {
  const scene = index % 2 === 0 ? "cafe" : "airport";
  const learner = await startLearner({
    endpoint,
    scene,
    name: `bench-${index}`,
    lang: LEARNER_LANGS[index % LEARNER_LANGS.length]!,
    answers,
    stats,
    lessons,
    chatEverySeconds: lessons ? 45 : 0,
    probe,
  });
  if (shouldObserve(learner.room.roomId)) observeMoves(learner.room, probe);
  else skipStateDecoding(learner.room);
  stops.push(() => learner.stop());
}

async function addFloor(endpoint: string): Promise<void> {
  const room: Room = await new Client(endpoint).joinOrCreate("floor", {});
  stats.joined += 1;
  countBytes(room, stats);
  room.onLeave(() => stats.dropped++);
  if (shouldObserve(room.roomId)) {
    room.onStateChange((state: { players: Map<string, { facing: number }> }) => {
      const now = performance.now();
      state.players.forEach((player, sessionId) => {
        if (sessionId !== room.sessionId && probe.tracks(sessionId)) probe.saw(sessionId, player.facing, now);
      });
    });
  } else skipStateDecoding(room);
  const stop = walk((step) => room.send("move", step), () => room.sessionId);
  stops.push(async () => {
    stop();
    await room.leave().catch(() => {});
  });
}

const jsonRooms = new Map<string, boolean>();

async function addJson(endpoint: string): Promise<void> {
  const socket = new WebSocket(endpoint.replace(/^http/, "ws"));
  let id = "";
  let observer = false;
  let decided = false;
  socket.on("message", (data: Buffer) => {
    stats.bytesReceived += data.length;
    stats.messagesReceived += 1;
    // Like the Colyseus bots, only one bot per room reads what it receives.
    if (decided && !observer) return;
    const message = JSON.parse(data.toString()) as { type: string; id?: string; avatars?: Array<{ id: string; facing: number }> };
    if (message.type === "welcome") {
      id = message.id!;
      return;
    }
    const avatars = message.avatars ?? [];
    if (!decided && id !== "") {
      const key = avatars.map((a) => a.id).sort()[0] ?? id;
      observer = !jsonRooms.has(key);
      decided = true;
      jsonRooms.set(key, true);
    }
    if (!observer) return;
    const now = performance.now();
    for (const avatar of avatars) if (avatar.id !== id && probe.tracks(avatar.id)) probe.saw(avatar.id, avatar.facing, now);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  stats.joined += 1;
  socket.on("close", () => stats.dropped++);
  const stop = walk((step) => socket.send(JSON.stringify({ type: "move", ...step })), () => id);
  stops.push(() => {
    stop();
    socket.removeAllListeners("close");
    socket.close();
    return Promise.resolve();
  });
}

async function add(command: Extract<WorkerCommand, { type: "add" }>): Promise<void> {
  const joins: Promise<void>[] = [];
  for (let i = 0; i < command.count; i += 1) {
    const index = command.firstIndex + i;
    const join =
      command.kind === "floor"
        ? addFloor(command.endpoint)
        : command.kind === "json"
          ? addJson(command.endpoint)
          : addKoto(command.endpoint, index, command.kind === "koto");
    joins.push(join.catch(() => void stats.failed++));
    await new Promise((resolve) => setTimeout(resolve, command.joinIntervalMs));
  }
  await Promise.all(joins);
}

async function churn(command: Extract<WorkerCommand, { type: "churn" }>): Promise<void> {
  const leaving = stops.splice(0, command.count);
  await Promise.all(leaving.map((stop) => stop()));
  await add({ ...command, type: "add" });
}

function sample(): WorkerSample {
  const now = performance.now();
  const used = process.cpuUsage(cpu);
  const result: WorkerSample = {
    type: "sample",
    bots: stops.length,
    ...stats,
    patchMs: probe.drain(),
    feedbackMs: stats.feedbackMs.splice(0, stats.feedbackMs.length),
    cpuSeconds: (used.user + used.system) / 1e6,
    wallSeconds: (now - since) / 1000,
    lagP99Ms: lag.percentile(99) / 1e6,
  };
  Object.assign(stats, { errors: 0, errorCodes: {}, bytesReceived: 0, messagesReceived: 0, messagesSent: 0 });
  cpu = process.cpuUsage();
  since = now;
  lag.reset();
  return result;
}

process.on("message", (command: WorkerCommand) => {
  if (command.type === "add") void add(command).then(() => process.send?.({ type: "added" }));
  else if (command.type === "churn") void churn(command).then(() => process.send?.({ type: "churned" }));
  else if (command.type === "sample") process.send?.(sample());
  else if (command.type === "profile-start") void profiler.start().then(() => process.send?.({ type: "profiling" }));
  else if (command.type === "profile-stop") void profiler.stop(command.file).then(() => process.send?.({ type: "profiled" }));
  else if (command.type === "stop") void Promise.all(stops.map((stop) => stop())).finally(() => process.exit(0));
});
process.send?.({ type: "ready" });
