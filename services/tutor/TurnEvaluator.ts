import { setImmediate as nextTurn } from "node:timers/promises";
import type { Clock } from "../../domain/clock.ts";
import { evaluateAnswer, type Answer } from "../../domain/evaluator/evaluateAnswer.ts";
import type { Lexicon } from "../../domain/evaluator/lexicon.ts";
import type { LearnerLang } from "../../domain/learners/learner.ts";
import type { Activity, Lesson } from "../../domain/lessons/lesson.ts";
import type { Evaluation } from "../../domain/tutor/tutorSession.ts";
import type { UsageEntry } from "../ai/usage/UsageRecorder.ts";
import { VerdictCache } from "./VerdictCache.ts";

export interface TurnRequest {
  lesson: Lesson;
  activity: Activity;
  answer: Answer;
  lang: LearnerLang;
  userId: string;
  /** The learning-session row, for accounting. */
  sessionId: string;
}

/** A verdict with who made it; never text for the learner (domain/feedback composes that). */
export interface EvaluatedTurn extends Evaluation {
  /** AI calls made for this turn; stored once the turn's event is. */
  usage: UsageEntry[];
}

/** Judges a learner's answer. Implementations never throw for bad answers, only for bugs. */
export interface TurnEvaluator {
  evaluate(request: TurnRequest): Promise<EvaluatedTurn>;
}

/** Verdicts the rules keep (VerdictCache), each a few hundred bytes to a few kilobytes. */
const VERDICTS_HELD = 10_000;

/** The rule-based evaluator, run on its own turn of the event loop, never in a message handler. */
export class RulesTurnEvaluator implements TurnEvaluator {
  readonly #lexicon: Lexicon;
  readonly #clock: Clock;
  readonly verdicts = new VerdictCache(VERDICTS_HELD);

  constructor(lexicon: Lexicon, clock: Clock) {
    this.#lexicon = lexicon;
    this.#clock = clock;
  }

  async evaluate(request: TurnRequest): Promise<EvaluatedTurn> {
    await nextTurn();
    const started = this.#clock.monotonicMs();
    const { activity, answer } = request;
    const verdict = this.verdicts.verdict(activity, answer, () => evaluateAnswer(activity, answer, this.#lexicon));
    return { verdict, provider: "rules", modelId: null, evaluatorMs: this.#clock.monotonicMs() - started, usage: [] };
  }
}
