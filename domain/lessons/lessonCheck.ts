import { evaluateAnswer, type Answer } from "../evaluator/evaluateAnswer.ts";
import type { Lexicon } from "../evaluator/lexicon.ts";
import type { Verdict } from "../evaluator/verdict.ts";
import { activitiesOf, isPick, type Activity, type ActivityKind, type ErrorType, type Lesson } from "./lesson.ts";

/**
 * What `npm run content:check` asks of every activity before learners meet it: the evaluator
 * passes each reference answer (a correct choice, for a pick) with confidence, fails each
 * typical mistake (a wrong choice) with the error type the author stated, and passes the
 * correction it proposes for each mistake. A miss is the author's or the evaluator's to fix.
 *
 * An answer equal to a reference always passes. Strict checking judges each reference answer
 * of a dialogue or fill activity as if it were not one, against the others: what the rules
 * make of it then is what they make of a learner who says much the same in other words.
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
  /** The activity the answer is judged against, when not the activity itself. */
  against?: Activity;
}

/** The activity without one of its reference answers; itself when that would leave none, or it is a line to repeat. */
function withoutAnswer(activity: Activity, text: string): Activity {
  if (activity.kind !== "dialogue" && activity.kind !== "fill") return activity;
  const others = activity.answers.filter((answer) => answer !== text);
  return others.length === 0 ? activity : { ...activity, answers: others };
}

function casesOf(activity: Activity, strict: boolean): Case[] {
  if (isPick(activity)) {
    return activity.choices.map((choice, index) => ({
      check: choice.correct ? "reference" : "mistake",
      input: choice.text,
      answer: { choice: index },
      errorType: choice.correct ? "none" : (choice.errorType ?? "other"),
    }));
  }
  return [
    ...activity.answers.map((text): Case => ({ check: "reference", input: text, answer: { text }, errorType: "none", ...(strict ? { against: withoutAnswer(activity, text) } : {}) })),
    ...activity.mistakes.map((mistake): Case => ({ check: "mistake", input: mistake.text, answer: { text: mistake.text }, errorType: mistake.errorType })),
  ];
}

function shown(verdict: Verdict): string {
  return verdict.pass ? `pass ${verdict.confidence.toFixed(2)}` : `fail ${verdict.errorType} ${verdict.confidence.toFixed(2)}`;
}

function judge(activity: Activity, test: Case, lexicon: Lexicon, threshold: number): CheckRow[] {
  const verdict = evaluateAnswer(test.against ?? activity, test.answer, lexicon);
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

export interface CheckOptions {
  /** Confidence a reference answer's pass needs (EVAL_CONFIDENCE_THRESHOLD). */
  threshold: number;
  /** Judge each reference answer against the others (see above). */
  strict?: boolean;
}

/** Every check of every activity of the lesson, in play order. */
export function checkLesson(lesson: Lesson, lexicon: Lexicon, options: CheckOptions): CheckRow[] {
  return activitiesOf(lesson).flatMap(({ activity }) =>
    casesOf(activity, options.strict === true).flatMap((test) => judge(activity, test, lexicon, options.threshold)),
  );
}
