import { readFileSync } from "node:fs";
import path from "node:path";
import type { ServerMessages } from "../rooms/protocol.ts";
import type { ClientMessage } from "./protocolClient.ts";

/**
 * What bots answer: real learner answers from the labelled set (right and wrong ones, about
 * half each), by activity; for a choice, any of the options.
 */
export type BotAnswer = Extract<ClientMessage, { type: "tutor:answer" | "tutor:choose" }>;

const FILE = path.resolve(import.meta.dirname, "../tests/fixtures/teacher/relabelled.jsonl");

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

  pick(prompt: Pick<ServerMessages["tutor:prompt"], "activityId" | "kind" | "choices">, random: () => number = Math.random): BotAnswer {
    if (prompt.kind === "choice") return { type: "tutor:choose", payload: { index: Math.floor(random() * (prompt.choices?.length ?? 2)) } };
    const texts = this.#byActivity.get(prompt.activityId) ?? ["안녕하세요"];
    return { type: "tutor:answer", payload: { text: texts[Math.floor(random() * texts.length)]! } };
  }
}
