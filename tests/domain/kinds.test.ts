import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluateAnswer } from "../../domain/evaluator/evaluateAnswer.ts";
import { filledSentence } from "../../domain/evaluator/fill.ts";
import type { Lexicon } from "../../domain/evaluator/lexicon.ts";
import { activitiesOf, lessonSchema, modelAnswer, spokenLines, type Activity, type FillActivity, type Lesson } from "../../domain/lessons/lesson.ts";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { loadLessonFile } from "../../services/content/loadCatalog.ts";
import { loadLexicon } from "../../services/content/loadLexicon.ts";
import { FIXTURE_LESSONS } from "../helpers/testContent.ts";

let lexicon: Lexicon;
let lesson: Lesson;
beforeAll(async () => {
  [lexicon, lesson] = await Promise.all([loadLexicon(CONTENT_DIR), loadLessonFile(path.join(FIXTURE_LESSONS, "fixture-kinds.yaml"))]);
});

function activity<K extends Activity["kind"]>(kind: K): Extract<Activity, { kind: K }> {
  return activitiesOf(lesson).find((entry) => entry.activity.kind === kind)!.activity as Extract<Activity, { kind: K }>;
}

describe("a fill activity (카드___ 할게요)", () => {
  it("takes the gap alone and judges the whole sentence", () => {
    const verdict = evaluateAnswer(activity("fill"), { text: " 로 " }, lexicon);
    expect(verdict).toMatchObject({ pass: true, score: 100, errorType: "none", normalized: "카드로 할게요", matched: "카드로 할게요" });
    expect(verdict.confidence).toBeGreaterThanOrEqual(0.8);
  });

  it("takes the whole sentence, spacing and punctuation aside", () => {
    expect(evaluateAnswer(activity("fill"), { text: "카드로  할게요!" }, lexicon)).toMatchObject({ pass: true, normalized: "카드로 할게요" });
  });

  it("fails a wrong particle in the gap with its type, and corrects the whole sentence", () => {
    const verdict = evaluateAnswer(activity("fill"), { text: "으로" }, lexicon);
    expect(verdict).toMatchObject({ pass: false, errorType: "particle", normalized: "카드으로 할게요", correction: "카드로 할게요" });
    expect(verdict.errors[0]).toMatchObject({ type: "particle", span: { start: 0, end: 4 }, found: "카드으로", expected: "카드로" });
    expect(evaluateAnswer(activity("fill"), { text: verdict.correction! }, lexicon).pass).toBe(true);
    expect(evaluateAnswer(activity("fill"), { text: "를" }, lexicon)).toMatchObject({ pass: false, errorType: "particle", correction: "카드로 할게요" });
  });

  it("judges a whole sentence with a slip outside the gap as written", () => {
    expect(filledSentence(activity("fill"), "카드로 할께요")).toBe("카드로 할께요");
    expect(evaluateAnswer(activity("fill"), { text: "카드로 할께요" }, lexicon)).toMatchObject({ pass: false, errorType: "spelling", correction: "카드로 할게요" });
    expect(evaluateAnswer(activity("fill"), { text: "카드로 할래" }, lexicon)).toMatchObject({ pass: false, errorType: "formality" });
  });

  it("refuses a gap that is not Korean, and keeps the learner's text as typed", () => {
    expect(evaluateAnswer(activity("fill"), { text: "ro" }, lexicon)).toMatchObject({ pass: false, errorType: "other", normalized: "ro", correction: "카드로 할게요" });
    expect(filledSentence(activity("fill"), "$&")).toBe("카드$& 할게요");
  });

  it("is answered the same way every time (its dialogue form is built once)", () => {
    const fill = activity("fill");
    const first = evaluateAnswer(fill, { text: "으로" }, lexicon);
    expect(evaluateAnswer(fill, { text: "으로" }, lexicon)).toEqual(first);
    // Another fill activity with another sentence is judged against its own.
    const other: FillActivity = { ...fill, sentence: "현금___ 할게요", answers: ["현금으로 할게요"] };
    expect(evaluateAnswer(other, { text: "으로" }, lexicon)).toMatchObject({ pass: true, normalized: "현금으로 할게요" });
  });
});

describe("a listen activity", () => {
  it("is judged like a choice", () => {
    const listen = activity("listen");
    expect(evaluateAnswer(listen, { choice: 1 }, lexicon)).toMatchObject({ pass: true, confidence: 1 });
    expect(evaluateAnswer(listen, { choice: 2 }, lexicon)).toMatchObject({ pass: false, errorType: "vocabulary", correction: "포장해 드릴까요?" });
    expect(evaluateAnswer(listen, { choice: 7 }, lexicon)).toMatchObject({ pass: false, errorType: "other" });
    expect(modelAnswer(listen)).toBe("포장해 드릴까요?");
  });

  it("has its line among the lines the tutor's voice prepares", () => {
    expect(spokenLines(lesson)).toEqual(expect.arrayContaining(["포장해 드릴까요?", "따뜻한 걸로 드릴까요?", "카드로 할게요", "결제는 어떻게 하시겠어요?"]));
  });
});

describe("the lesson schema", () => {
  const withFill = (changes: Record<string, unknown>) => {
    const copy = structuredClone(lesson) as unknown as { stages: Array<{ activities: Array<Record<string, unknown>> }> };
    Object.assign(copy.stages[0]!.activities[1]!, changes);
    return lessonSchema.safeParse(copy);
  };
  const messages = (result: ReturnType<typeof withFill>) => (result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));

  it("wants the gap exactly once, and a model answer that fills it", () => {
    expect(withFill({}).success).toBe(true);
    expect(messages(withFill({ sentence: "카드로 할게요" }))).toContain("stages.0.activities.1.sentence: must contain the gap ___ exactly once");
    expect(messages(withFill({ sentence: "___ ___ 할게요" }))).toContain("stages.0.activities.1.sentence: must contain the gap ___ exactly once");
    expect(messages(withFill({ answers: ["현금으로 해 주세요"] }))).toEqual(["stages.0.activities.1.answers.0: the model answer must be the sentence with its gap filled in"]);
    expect(messages(withFill({ answers: ["카드 할게요"] }))).toHaveLength(1);
    expect(messages(withFill({ answers: [" 카드로  할게요. "] }))).toHaveLength(0);
  });

  it("wants each typical mistake to name what is wrong with it", () => {
    expect(messages(withFill({ mistakes: [{ text: "카드로 할게요", errorType: "none" }] }))).toEqual([expect.stringMatching(/^stages\.0\.activities\.1\.mistakes\.0\.errorType: /)]);
    expect(messages(withFill({ mistakes: [{ text: "", errorType: "particle" }] }))).toHaveLength(1);
  });

  it("takes what a lesson practises", () => {
    expect(lesson.targets).toEqual({ grammar: ["(으)로: by means of"], vocabulary: ["포장", "카드", "현금"] });
    expect(lessonSchema.safeParse({ ...lesson, targets: { grammar: ["x"] } }).success).toBe(false);
  });
});
