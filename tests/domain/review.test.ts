import { describe, expect, it } from "vitest";
import {
  dueItems,
  grade,
  gradeOf,
  isDue,
  newItem,
  noteLessonTurn,
  REVIEWS_BEFORE_LESSON,
  type FailedTurn,
  type ReviewItem,
} from "../../domain/review/reviewItem.ts";

const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date("2026-11-01T10:00:00Z");
const at = (days: number) => new Date(T0.getTime() + days * DAY);

const failed: FailedTurn = {
  userId: "u1",
  lessonId: "cafe-order",
  activityId: "cafe.pay",
  errorType: "particle",
  answer: "카드으로 할게요",
  correction: "카드로 할게요",
};

const dueMs = (item: ReviewItem) => new Date(item.card.due).getTime();

describe("review items (FSRS)", () => {
  it("a failed turn is graded Again at once: the item is due the next day, not in the same visit", () => {
    const item = newItem("i1", failed, T0);
    expect(item).toMatchObject({ ...failed, version: 1, card: { reps: 1, lapses: 0, lastReview: T0.toISOString() } });
    expect(item.card.due).toBe(at(1).toISOString());
    expect(isDue(item, at(0.5))).toBe(false);
    expect(isDue(item, at(1))).toBe(true);
  });

  it("a pass schedules it further out than a miss, and Easy further than Good", () => {
    const item = newItem("i1", failed, T0);
    const good = grade(item, "good", at(1));
    const easy = grade(item, "easy", at(1));
    const again = grade(item, "again", at(1));
    expect(dueMs(good)).toBeGreaterThan(at(2).getTime());
    expect(dueMs(easy)).toBeGreaterThan(dueMs(good));
    expect(dueMs(again)).toBeLessThan(dueMs(good));
    expect(again.card.lapses).toBe(1);
    expect([good.version, easy.version, again.version]).toEqual([2, 2, 2]);
    // Remembered again and again, the interval keeps growing; a lapse after that comes back sooner.
    const later = grade(good, "good", new Date(good.card.due));
    expect(dueMs(later) - dueMs(good)).toBeGreaterThan(dueMs(good) - at(1).getTime());
    const lapsed = grade(good, "again", new Date(good.card.due));
    expect(dueMs(lapsed)).toBeLessThan(dueMs(later));
  });

  it("grades a pass with a perfect score Easy, another pass Good, a miss Again", () => {
    expect([gradeOf(true, 100), gradeOf(true, 90), gradeOf(false, 100), gradeOf(false, 40)]).toEqual(["easy", "good", "again", "again"]);
  });

  it("in a lesson, an attempt within a day of the last grading changes what is remembered, not the schedule", () => {
    const item = newItem("i1", failed, T0);
    expect(noteLessonTurn(item, { pass: true, score: 100 }, at(0.1))).toBeUndefined();
    const retried = noteLessonTurn(item, { pass: false, score: 50, failed: { ...failed, answer: "카드를 할게요" } }, at(0.1))!;
    expect(retried).toMatchObject({ answer: "카드를 할게요", version: 2, card: item.card });
    // A day later the same lesson's turn is the item's next attempt: it grades it.
    const passedLater = noteLessonTurn(item, { pass: true, score: 95 }, at(2))!;
    expect(passedLater.card.reps).toBe(2);
    expect(dueMs(passedLater)).toBeGreaterThan(at(3).getTime());
  });

  it("brings back at most three due items, the longest overdue first", () => {
    const items = ["a", "b", "c", "d", "e"].map((name, i) => newItem(name, { ...failed, activityId: `cafe.${name}` }, at(-i)));
    const due = dueItems(items, at(0.5), REVIEWS_BEFORE_LESSON);
    expect(due.map((item) => item.id)).toEqual(["e", "d", "c"]);
    // "a" was made half a day ago: it is not due yet.
    expect(dueItems(items, at(0.5), 10).map((item) => item.id)).not.toContain("a");
  });
});
