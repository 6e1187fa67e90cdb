// Scripted learners for @colyseus/loadtest:
//   npm run loadtest -- --endpoint ws://localhost:2567 --room cafe --numClients 50
// Each signs in as a guest, joins the room, walks at 10 Hz, chats now and then, and takes
// the lesson with a mix of right and wrong answers (loadtest/learnerBot.ts).
import "./nodeWebSocket.ts";
import { cli, type Options } from "@colyseus/loadtest";
import { LEARNER_LANGS } from "../domain/learners/learner.ts";
import { on } from "./protocolClient.ts";
import { AnswerBook } from "./answerBook.ts";
import { newStats, startLearner } from "./learnerBot.ts";

// The room defaults to the cafe; `--room airport` picks the other scene.
if (!process.argv.includes("--room") && !process.argv.includes("--roomId")) process.argv.push("--room", "cafe");

const answers = new AnswerBook();
const stats = newStats();

function httpBase(endpoint: string): string {
  return endpoint.replace(/^ws(s?):\/\//, "http$1://").replace(/\/$/, "");
}

cli(async (options: Options) => {
  const lang = LEARNER_LANGS[options.clientId % LEARNER_LANGS.length]!;
  const learner = await startLearner({
    endpoint: httpBase(options.endpoint),
    scene: options.roomName ?? "cafe",
    name: `bot-${options.clientId}`,
    lang,
    answers,
    stats,
    lessons: true,
    chatEverySeconds: 45,
  });
  on(learner.room, "tutor:feedback", (feedback) => {
    console.log(`bot-${options.clientId}: ${feedback.pass ? "pass" : "miss"} (${feedback.score})`);
  });
});
