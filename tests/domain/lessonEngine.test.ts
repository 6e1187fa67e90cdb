import { describe, expect, it } from "vitest";
import type { Verdict } from "../../domain/evaluator/verdict.ts";
import { activitiesOf, type Lesson } from "../../domain/lessons/lesson.ts";
import {
  applyVerdict,
  positionOf,
  resumeLesson,
  skipActivity,
  startLesson,
  summarize,
  takeHint,
  MAX_ATTEMPTS,
} from "../../domain/lessons/lessonEngine.ts";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { loadCatalog } from "../../services/content/loadCatalog.ts";

const catalog = await loadCatalog(CONTENT_DIR);
const lesson: Lesson = catalog.lessons.get("cafe-order")!;

const verdict = (pass: boolean, score = pass ? 100 : 20): Verdict => ({
  score,
  pass,
  errorType: pass ? "none" : "counter",
  errors: [],
  confidence: 0.9,
  normalized: "",
});

describe("the lesson engine", () => {
  it("advances on a pass and records the result", () => {
    const turn = applyVerdict(lesson, startLesson(lesson), verdict(true));
    expect(turn.outcome).toBe("advance");
    expect(positionOf(lesson, turn.progress)?.activity.id).toBe("cafe.order");
    expect(turn.progress.results["cafe.greet"]).toMatchObject({ pass: true, attempts: 1, skipped: false });
  });

  it(`allows ${MAX_ATTEMPTS} attempts, then reveals the answer and moves on`, () => {
    let progress = startLesson(lesson);
    const outcomes = [];
    for (let i = 0; i < MAX_ATTEMPTS; i += 1) {
      const turn = applyVerdict(lesson, progress, verdict(false));
      outcomes.push([turn.outcome, turn.attemptsLeft]);
      progress = turn.progress;
    }
    expect(outcomes).toEqual([["retry", 2], ["retry", 1], ["reveal", 0]]);
    expect(progress.results["cafe.greet"]).toMatchObject({ pass: false, attempts: 3, revealed: true });
    expect(positionOf(lesson, progress)?.activity.id).toBe("cafe.order");
  });

  it("gives hints in order and counts them", () => {
    let progress = startLesson(lesson);
    const first = takeHint(lesson, progress);
    expect(first).toMatchObject({ hint: { ko: "안녕하세요" }, remaining: 1 });
    const second = takeHint(lesson, first.progress);
    const none = takeHint(lesson, second.progress);
    expect(none).toMatchObject({ hint: undefined, remaining: 0 });
    progress = applyVerdict(lesson, none.progress, verdict(true)).progress;
    expect(progress.results["cafe.greet"]?.hints).toBe(2);
    expect(progress.hints).toBe(0);
  });

  it("skips an activity and completes the lesson after the last one", () => {
    let progress = startLesson(lesson);
    for (let i = 0; i < activitiesOf(lesson).length; i += 1) progress = skipActivity(lesson, progress);
    expect(progress.status).toBe("completed");
    expect(positionOf(lesson, progress)).toBeUndefined();
    const count = activitiesOf(lesson).length;
    expect(summarize(lesson, progress)).toMatchObject({ activities: count, passed: 0, skipped: count, averageScore: 0 });
  });

  it("resumes at the saved activity and attempt, and starts a completed lesson over", () => {
    const saved = { currentActivityId: "cafe.pay", attempts: 2, hints: 1, results: {}, status: "in_progress" as const };
    const payIndex = activitiesOf(lesson).findIndex((entry) => entry.activity.id === "cafe.pay");
    expect(resumeLesson(lesson, saved)).toMatchObject({ index: payIndex, attempts: 2, hints: 1 });
    expect(resumeLesson(lesson, { ...saved, status: "completed" })).toMatchObject({ index: 0, attempts: 0 });
    expect(resumeLesson(lesson, undefined)).toMatchObject({ index: 0 });
  });

  it("resumes sensibly when the saved activity was removed from the lesson", () => {
    const result = { score: 100, pass: true, attempts: 1, hints: 0, skipped: false, revealed: false };
    const saved = {
      currentActivityId: "cafe.removed",
      attempts: 1,
      hints: 0,
      results: { "cafe.greet": result, "cafe.gone": result },
      status: "in_progress" as const,
    };
    const progress = resumeLesson(lesson, saved);
    expect(progress).toMatchObject({ index: 1, attempts: 0 });
    expect(Object.keys(progress.results)).toEqual(["cafe.greet"]);
  });
});
