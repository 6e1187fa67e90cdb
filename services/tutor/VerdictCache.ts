import { LRUCache } from "lru-cache";
import type { Answer } from "../../domain/evaluator/evaluateAnswer.ts";
import type { Verdict } from "../../domain/evaluator/verdict.ts";
import type { Activity } from "../../domain/lessons/lesson.ts";

/**
 * The rules' verdicts on answers already judged. The rule evaluator is a pure function of the
 * activity and the answer, and beginners' answers to one prompt repeat a great deal (most
 * learners write one of a few greetings, orders, mistakes), so a verdict is worth keeping:
 * a hit skips the whole analysis. Keys hold the answer exactly as sent (no normalising: the
 * verdict quotes the learner's own form); activities are told apart by identity, so lessons
 * loaded again never meet the old verdicts, which age out. Verdicts are frozen: a verdict
 * handed to two learners must not be changed for either.
 */
export class VerdictCache {
  readonly #verdicts: LRUCache<string, Verdict>;
  readonly #activityIds = new WeakMap<Activity, number>();
  #nextActivityId = 0;
  #hits = 0;
  #misses = 0;

  /** `capacity`: verdicts held (each a few hundred bytes to a few kilobytes). */
  constructor(capacity: number) {
    this.#verdicts = new LRUCache({ max: capacity });
  }

  /** The verdict on this answer to this activity, judged by `judge` only the first time. */
  verdict(activity: Activity, answer: Answer, judge: () => Verdict): Verdict {
    const key = `${this.#activityId(activity)}\u0000${answerKey(answer)}`;
    const held = this.#verdicts.get(key);
    if (held !== undefined) {
      this.#hits += 1;
      return held;
    }
    this.#misses += 1;
    const judged = deepFreeze(judge());
    this.#verdicts.set(key, judged);
    return judged;
  }

  /** Answers served from the cache and answers judged, since start. */
  get stats(): { hits: number; misses: number; held: number } {
    return { hits: this.#hits, misses: this.#misses, held: this.#verdicts.size };
  }

  #activityId(activity: Activity): number {
    let id = this.#activityIds.get(activity);
    if (id === undefined) {
      id = this.#nextActivityId++;
      this.#activityIds.set(activity, id);
    }
    return id;
  }
}

function answerKey(answer: Answer): string {
  if ("choice" in answer) return `choice:${answer.choice}`;
  return `${answer.spoken === true ? "spoken" : "typed"}:${answer.text}`;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
