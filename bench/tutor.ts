// Tutor feedback latency on the offline path: `npm run bench:tutor`.
// Starts the server (embedded defaults) in its own process, fills cafe rooms with learners
// who all walk at 10 Hz and run the lesson at once, and measures, per answer, the time from
// sending it to receiving tutor:feedback (client-observed) and the server's own latencyMs.
import { parseArgs } from "node:util";
import { Client, type Room } from "@colyseus/sdk";
import { startServerProcess } from "./serverProcess.ts";
import { summarizeMs } from "./stats.ts";

const { values } = parseArgs({
  options: { learners: { type: "string", default: "48" }, seconds: { type: "string", default: "30" }, endpoint: { type: "string" } },
});
const learners = Number(values.learners);
const seconds = Number(values.seconds);

const ANSWERS: Record<string, Array<{ text: string } | { choice: number }>> = {
  "cafe.greet": [{ text: "안녕하세요" }, { text: "안녕" }],
  "cafe.order": [{ text: "아메리카노 한 잔 주세요" }, { text: "아메리카노 일 잔 주세요" }, { text: "라테 두잔 주세요" }],
  "cafe.temperature": [{ choice: 0 }, { choice: 2 }],
  "cafe.pay": [{ text: "카드로 할게요" }, { text: "카드 할게요" }, { text: "현금으로 할게" }],
  "cafe.thanks": [{ text: "감사합니다" }, { text: "감사함니다" }],
};

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
      body: JSON.stringify({ name: `bench-${index}`, lang: ["en", "id", "vi"][index % 3] }),
    })
  ).json()) as { token: string };
  const sdk = new Client(baseUrl);
  sdk.auth.token = auth.token;
  const room: Room = await sdk.joinOrCreate("cafe", {});
  let x = 0;
  const walk = setInterval(() => room.send("move", { x: Math.sin((x += 0.1)) * 3, y: -5 }), 100);
  let sentAt = 0;
  const answerTo = (activityId: string) => {
    const options = ANSWERS[activityId]!;
    const choice = options[Math.floor(Math.random() * options.length)]!;
    sentAt = performance.now();
    if ("text" in choice) room.send("tutor:answer", choice);
    else room.send("tutor:choose", { index: choice.choice });
  };
  room.onMessage("tutor:prompt", (prompt: { activityId: string }) => {
    if (performance.now() < until) setTimeout(() => answerTo(prompt.activityId), 200 + Math.random() * 600);
  });
  room.onMessage("tutor:feedback", (feedback: { latencyMs: number }) => {
    probe.clientMs.push(performance.now() - sentAt);
    probe.serverMs.push(feedback.latencyMs);
  });
  room.onMessage("tutor:done", () => {
    if (performance.now() < until) room.send("tutor:start", {});
  });
  room.onMessage("error", () => probe.errors++);
  room.onMessage("tutor:busy", () => probe.errors++);
  room.onMessage("chat", () => {});
  room.send("tutor:start", {});
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
