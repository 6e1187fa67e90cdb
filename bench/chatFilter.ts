// How long the chat abuse filter takes per line: `node bench/chatFilter.ts` (docs/OPERATIONS.md).
import { performance } from "node:perf_hooks";
import { WordListChatFilter } from "../services/moderation/ChatFilter.ts";

const LINES = ["아이스 아메리카노 두 잔 주세요 please", "Saya mau pesan kopi, terima kasih!", "Cho tôi một ly cà phê sữa đá nhé", "이 개 새 끼야"];
const ROUNDS = 5_000;

const filter = new WordListChatFilter();
for (const line of LINES) filter.check(line);
for (const line of LINES) {
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i++) filter.check(line);
  const perCheck = (performance.now() - started) / ROUNDS;
  console.log(`${perCheck.toFixed(3)} ms per check  ${JSON.stringify(filter.check(line))}  ${line}`);
}
