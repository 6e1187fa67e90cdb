import { describe, expect, it } from "vitest";
import { evaluateAnswer, type Answer } from "../../domain/evaluator/evaluateAnswer.ts";
import { activitiesOf, type Activity } from "../../domain/lessons/lesson.ts";
import { systemClock } from "../../services/clock.ts";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { loadCatalog } from "../../services/content/loadCatalog.ts";
import { loadLexicon } from "../../services/content/loadLexicon.ts";
import { RulesTurnEvaluator, type TurnRequest } from "../../services/tutor/TurnEvaluator.ts";
import { VerdictCache } from "../../services/tutor/VerdictCache.ts";

const [catalog, lexicon] = await Promise.all([loadCatalog(CONTENT_DIR), loadLexicon(CONTENT_DIR)]);
const lesson = catalog.lessons.get("cafe-order")!;
const activities = activitiesOf(lesson).map((entry) => entry.activity);
const dialogue = activities.find((activity) => activity.kind === "dialogue")!;
const choice = activities.find((activity) => activity.kind === "choice")!;

function request(activity: Activity, answer: Answer): TurnRequest {
  return { lesson, activity, answer, lang: "en", userId: "u1", sessionId: "s1" };
}

describe("the rules' verdict cache", () => {
  it("gives a repeated answer the verdict the rules give it, judged once, and counts hits and misses", async () => {
    const rules = new RulesTurnEvaluator(lexicon, systemClock);
    const answers: Answer[] = [{ text: "아메리카노 한 잔 주세요" }, { text: "아메리카노를 한 잔 줘" }, { text: "커피 두 개 주세요" }];
    for (const answer of answers) {
      const first = await rules.evaluate(request(dialogue, answer));
      const again = await rules.evaluate(request(dialogue, { ...answer }));
      expect(again.verdict).toBe(first.verdict);
      expect(again.verdict).toEqual(evaluateAnswer(dialogue, answer, lexicon));
    }
    expect(rules.verdicts.stats).toEqual({ hits: 3, misses: 3, held: 3 });
  });

  it("tells apart the activity, typed from spoken, and each choice; the exact text, not a normalised one", () => {
    const cache = new VerdictCache(100);
    let judged = 0;
    const judge = (activity: Activity, answer: Answer) => () => {
      judged += 1;
      return evaluateAnswer(activity, answer, lexicon);
    };
    const answers: Array<[Activity, Answer]> = [
      [dialogue, { text: "주세요" }],
      [dialogue, { text: "주세요", spoken: true }],
      [dialogue, { text: "주세요." }],
      [activities.find((a) => a.kind === "dialogue" && a !== dialogue)!, { text: "주세요" }],
      [choice, { choice: 0 }],
      [choice, { choice: 1 }],
    ];
    const verdicts = answers.map(([activity, answer]) => cache.verdict(activity, answer, judge(activity, answer)));
    expect(judged).toBe(answers.length);
    answers.forEach(([activity, answer], i) => expect(verdicts[i]).toEqual(evaluateAnswer(activity, answer, lexicon)));
    expect(cache.verdict(choice, { choice: 1 }, judge(choice, { choice: 1 }))).toBe(verdicts[5]);
    expect(judged).toBe(answers.length);
  });

  it("hands out frozen verdicts: one learner's feedback cannot change another's", () => {
    const cache = new VerdictCache(10);
    const verdict = cache.verdict(dialogue, { text: "아메리카노 주세요!!" }, () => evaluateAnswer(dialogue, { text: "아메리카노 주세요!!" }, lexicon));
    expect(Object.isFrozen(verdict)).toBe(true);
    expect(() => {
      (verdict as { score: number }).score = 0;
    }).toThrow(TypeError);
    expect(() => verdict.errors.push(verdict.errors[0]!)).toThrow(TypeError);
  });

  it("holds at most its capacity, dropping the verdict least recently used", () => {
    const cache = new VerdictCache(2);
    let judged = 0;
    const ask = (text: string) => cache.verdict(dialogue, { text }, () => (judged++, evaluateAnswer(dialogue, { text }, lexicon)));
    ask("하나");
    ask("둘");
    ask("하나");
    ask("셋");
    expect(cache.stats.held).toBe(2);
    ask("하나");
    expect(judged).toBe(3);
    ask("둘");
    expect(judged).toBe(4);
  });
});
