import { evaluateAnswer, type Answer } from "../evaluator/evaluateAnswer.ts";
import type { Lexicon } from "../evaluator/lexicon.ts";
import type { Verdict } from "../evaluator/verdict.ts";
import { activitiesOf, isPick, type Activity, type ActivityKind, type ErrorType, type Lesson } from "./lesson.ts";

/**
 * What `npm run content:check` asks of every activity before learners meet it: the evaluator
 * passes each reference answer (a correct choice, for a pick) with confidence, fails each
 * typical mistake (a wrong choice) with the error type the author stated, and passes the
 * correction it proposes for each mistake. A miss is the author's or the evaluator's to fix.
 */

export type CheckKind = "reference" | "mistake" | "correction";

export interface CheckRow {
  activityId: string;
  kind: ActivityKind;
  check: CheckKind;
  /** What was answered: the text, or the chosen option's text. */
  input: string;
  expected: string;
  got: string;
  ok: boolean;
}

interface Case {
  check: "reference" | "mistake";
  input: string;
  answer: Answer;
  /** The error type the answer must fail with; `none`: it must pass. */
  errorType: ErrorType;
}

function casesOf(activity: Activity): Case[] {
  if (isPick(activity)) {
    return activity.choices.map((choice, index) => ({
      check: choice.correct ? "reference" : "mistake",
      input: choice.text,
      answer: { choice: index },
      errorType: choice.correct ? "none" : (choice.errorType ?? "other"),
    }));
  }
  return [
    ...activity.answers.map((text): Case => ({ check: "reference", input: text, answer: { text }, errorType: "none" })),
    ...activity.mistakes.map((mistake): Case => ({ check: "mistake", input: mistake.text, answer: { text: mistake.text }, errorType: mistake.errorType })),
  ];
}

function shown(verdict: Verdict): string {
  return verdict.pass ? `pass ${verdict.confidence.toFixed(2)}` : `fail ${verdict.errorType} ${verdict.confidence.toFixed(2)}`;
}

function judge(activity: Activity, test: Case, lexicon: Lexicon, threshold: number): CheckRow[] {
  const verdict = evaluateAnswer(activity, test.answer, lexicon);
  const row = { activityId: activity.id, kind: activity.kind, check: test.check, input: test.input, got: shown(verdict) };
  if (test.errorType === "none") {
    return [{ ...row, expected: `pass >= ${threshold}`, ok: verdict.pass && verdict.confidence >= threshold }];
  }
  const rows: CheckRow[] = [{ ...row, expected: `fail ${test.errorType}`, ok: !verdict.pass && verdict.errorType === test.errorType }];
  if (verdict.pass) return rows;
  const correction = verdict.correction ?? "";
  const again = correction === "" ? undefined : evaluateAnswer(activity, { text: correction }, lexicon);
  rows.push({ ...row, check: "correction", input: correction, expected: "pass", got: again ? shown(again) : "no correction", ok: again?.pass === true });
  return rows;
}

/** Every check of every activity of the lesson, in play order. */
export function checkLesson(lesson: Lesson, lexicon: Lexicon, threshold: number): CheckRow[] {
  return activitiesOf(lesson).flatMap(({ activity }) => casesOf(activity).flatMap((test) => judge(activity, test, lexicon, threshold)));
}
