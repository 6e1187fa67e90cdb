// Tutor feedback latency on the offline path: `npm run bench:tutor`.
// Starts the server (embedded defaults) in its own process, fills cafe rooms with learners
// who all walk at 10 Hz and run the lesson at once, and measures, per answer, the time from
// sending it to receiving tutor:feedback (client-observed) and the server's own latencyMs.
import { parseArgs } from "node:util";
import { Client, type Room } from "@colyseus/sdk";
import { LEARNER_LANGS } from "../domain/learners/learner.ts";
import { on, sendMessage, sendTo } from "../loadtest/protocolClient.ts";
import { AnswerBook, type BotAnswer } from "../loadtest/answerBook.ts";
import type { RoomName } from "../rooms/protocol.ts";
import { startServerProcess } from "./serverProcess.ts";
import { summarizeMs } from "./stats.ts";

const { values } = parseArgs({
  options: { learners: { type: "string", default: "48" }, seconds: { type: "string", default: "30" }, endpoint: { type: "string" } },
});
const learners = Number(values.learners);
const seconds = Number(values.seconds);

const SCENE: RoomName = "cafe";
const typed = (text: string): BotAnswer => ({ type: "tutor:answer", payload: { text } });
const chosen = (index: number): BotAnswer => ({ type: "tutor:choose", payload: { index } });
/** Right and wrong answers to each activity of the cafe lesson; any other activity gets the bots' answers. */
const ANSWERS: Record<string, BotAnswer[]> = {
  "cafe.greet": [typed("안녕하세요"), typed("안녕")],
  "cafe.order": [typed("아메리카노 한 잔 주세요"), typed("아메리카노 일 잔 주세요"), typed("라테 두잔 주세요")],
  "cafe.temperature": [chosen(0), chosen(2)],
  "cafe.pay": [typed("카드로 할게요"), typed("카드 할게요"), typed("현금으로 할게")],
  "cafe.thanks": [typed("감사합니다"), typed("감사함니다")],
};

const book = new AnswerBook();

interface Probe {
  clientMs: number[];
  serverMs: number[];
  errors: number;
}

async function learner(baseUrl: string, index: number, probe: Probe, until: number): Promise<void> {
  const auth = (await (
    await fetch(`${baseUrl}/api/v1/auth/guest`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: `bench-${index}`, lang: LEARNER_LANGS[index % LEARNER_LANGS.length] }),
    })
  ).json()) as { token: string };
  const sdk = new Client(baseUrl);
  sdk.auth.token = auth.token;
  const room: Room = await sdk.joinOrCreate(SCENE, {});
  let x = 0;
  const walk = setInterval(() => sendTo(room, "move", { x: Math.sin((x += 0.1)) * 3, y: -5 }), 100);
  let sentAt = 0;
  const answerTo = (prompt: Parameters<AnswerBook["pick"]>[0]) => {
    const options = ANSWERS[prompt.activityId];
    sentAt = performance.now();
    sendMessage(room, options ? options[Math.floor(Math.random() * options.length)]! : book.pick(prompt));
  };
  on(room, "tutor:prompt", (prompt) => {
    if (performance.now() < until) setTimeout(() => answerTo(prompt), 200 + Math.random() * 600);
  });
  on(room, "tutor:feedback", (feedback) => {
    probe.clientMs.push(performance.now() - sentAt);
    probe.serverMs.push(feedback.latencyMs);
  });
  on(room, "tutor:done", () => {
    if (performance.now() < until) sendTo(room, "tutor:start", {});
  });
  on(room, "error", () => probe.errors++);
  on(room, "tutor:busy", () => probe.errors++);
  on(room, "chat", () => {});
  sendTo(room, "tutor:start", {});
  await new Promise((resolve) => setTimeout(resolve, until - performance.now() + 1_000));
  clearInterval(walk);
  await room.leave();
}

const server = values.endpoint ? undefined : await startServerProcess();
const baseUrl = values.endpoint ?? server!.baseUrl;
try {
  const probe: Probe = { clientMs: [], serverMs: [], errors: 0 };
  const until = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: learners }, (_, i) => learner(baseUrl, i, probe, until)));
  const client = summarizeMs(probe.clientMs);
  const serverSide = summarizeMs(probe.serverMs);
  console.log(`learners ${learners} (walking at 10 Hz, all in lessons), ${seconds} s, ${client.n} answers, ${probe.errors} errors`);
  console.log(`feedback latency, client-observed: p50 ${client.p50} ms, p95 ${client.p95} ms, p99 ${client.p99} ms, max ${client.max} ms`);
  console.log(`feedback latency, server-side:     p50 ${serverSide.p50} ms, p95 ${serverSide.p95} ms, p99 ${serverSide.p99} ms, max ${serverSide.max} ms`);
  console.log(JSON.stringify({ learners, answers: client.n, errors: probe.errors, feedbackP50Ms: client.p50, feedbackP95Ms: client.p95, serverP95Ms: serverSide.p95 }));
} finally {
  await server?.stop();
}
