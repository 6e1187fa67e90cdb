import { readFileSync } from "node:fs";
import path from "node:path";
import type { ServerMessages } from "../rooms/protocol.ts";
import type { ClientMessage } from "./protocolClient.ts";

/**
 * What bots answer: real learner answers from the labelled set (right and wrong ones, about
 * half each), by activity; for a choice or a listen activity, any of the options; for a fill
 * activity with no labelled answers, a guess at the gap, as a learner types it.
 */
export type BotAnswer = Extract<ClientMessage, { type: "tutor:answer" | "tutor:choose" }>;

const FILE = path.resolve(import.meta.dirname, "../tests/fixtures/teacher/relabelled.jsonl");

/** Particles and endings a learner might type into a gap, right or wrong. */
const GAP_GUESSES = ["로", "으로", "을", "를", "이", "가", "에", "에서", "요", "이요"];

export class AnswerBook {
  readonly #byActivity = new Map<string, string[]>();

  constructor(file: string = FILE) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const { activityId, text } = JSON.parse(line) as { activityId: string; text: string };
      const texts = this.#byActivity.get(activityId) ?? [];
      texts.push(text);
      this.#byActivity.set(activityId, texts);
    }
  }

  pick(prompt: Pick<ServerMessages["tutor:prompt"], "activityId" | "kind" | "choices" | "choiceTranslations">, random: () => number = Math.random): BotAnswer {
    if (prompt.kind === "choice" || prompt.kind === "listen") {
      const options = prompt.choiceTranslations?.length ?? prompt.choices?.length ?? 2;
      return { type: "tutor:choose", payload: { index: Math.floor(random() * options) } };
    }
    const texts = this.#byActivity.get(prompt.activityId) ?? (prompt.kind === "fill" ? GAP_GUESSES : ["안녕하세요"]);
    return { type: "tutor:answer", payload: { text: texts[Math.floor(random() * texts.length)]! } };
  }
}
