import { setImmediate as nextTurn } from "node:timers/promises";
import { evaluateAnswer, type Answer } from "../../domain/evaluator/evaluateAnswer.ts";
import type { Verdict } from "../../domain/evaluator/verdict.ts";
import type { LearnerLang } from "../../domain/learners/learner.ts";
import type { Activity, Lesson } from "../../domain/lessons/lesson.ts";
import type { UsageEntry } from "../ai/usage/UsageRecorder.ts";

export interface TurnRequest {
  lesson: Lesson;
  activity: Activity;
  answer: Answer;
  lang: LearnerLang;
  userId: string;
  /** The learning-session row, for accounting. */
  sessionId: string;
}

export interface EvaluatedTurn {
  verdict: Verdict;
  /** Who decided: `rules`, or an AI provider that refined the rule verdict. */
  provider: string;
  modelId: string | null;
  /** Feedback text written by the provider in the learner's language, if it wrote any. */
  feedback?: string | undefined;
  /** Time spent evaluating. */
  evaluatorMs: number;
  /** Why the provider's opinion was not used, when it was asked and failed. */
  fallbackReason?: string | undefined;
  /** AI calls made for this turn; stored once the turn's event is. */
  usage: UsageEntry[];
}

/** Judges a learner's answer. Implementations never throw for bad answers, only for bugs. */
export interface TurnEvaluator {
  evaluate(request: TurnRequest): Promise<EvaluatedTurn>;
}

/** The rule-based evaluator, run on its own turn of the event loop, never in a message handler. */
export class RulesTurnEvaluator implements TurnEvaluator {
  async evaluate(request: TurnRequest): Promise<EvaluatedTurn> {
    await nextTurn();
    const started = performance.now();
    const verdict = evaluateAnswer(request.lesson, request.activity, request.answer);
    return { verdict, provider: "rules", modelId: null, evaluatorMs: performance.now() - started, usage: [] };
  }
}
