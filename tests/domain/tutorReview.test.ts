import { describe, expect, it } from "vitest";
import type { Verdict } from "../../domain/evaluator/verdict.ts";
import { newItem, type ReviewItem } from "../../domain/review/reviewItem.ts";
import { hint, resolve, review, skip, start, submit } from "../../domain/tutor/tutorCore.ts";
import { createSession, type TutorContext, type TutorEffect, type TutorSession, type TutorStep } from "../../domain/tutor/tutorSession.ts";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { loadCatalog } from "../../services/content/loadCatalog.ts";
import { ManualClock } from "../helpers/manualClock.ts";

const catalog = await loadCatalog(CONTENT_DIR);
const DAY = 24 * 60 * 60 * 1000;

function context(): TutorContext & { clock: ManualClock } {
  let ids = 0;
  return { catalog, scene: catalog.scenes.get("cafe")!, clock: new ManualClock("2026-11-02T09:00:00Z"), newId: () => `id-${++ids}` };
}

const pass: Verdict = { score: 100, pass: true, errorType: "none", errors: [], confidence: 0.98, normalized: "카드로 할게요" };
const miss: Verdict = { score: 55, pass: false, errorType: "particle", errors: [], correction: "카드로 할게요", confidence: 0.9, normalized: "카드으로 할게요" };
const evaluated = (verdict: Verdict) => ({ kind: "evaluated" as const, evaluation: { verdict, provider: "rules", modelId: null, evaluatorMs: 1 } });

const of = <K extends TutorEffect["kind"]>(step: TutorStep, kind: K) => step.effects.filter((e): e is Extract<TutorEffect, { kind: K }> => e.kind === kind);
const sent = (step: TutorStep, type: string) => of(step, "send").filter((e) => e.message.type === type).map((e) => e.message.payload);

/** Items made `daysAgo` days before the context's now, for activities of the cafe lesson. */
function itemsFrom(ctx: TutorContext, activityIds: string[], daysAgo = 1): ReviewItem[] {
  const then = new Date(ctx.clock.now().getTime() - daysAgo * DAY);
  return activityIds.map((activityId, i) =>
    newItem(`item-${i}`, { userId: "u1", lessonId: "cafe-order", activityId, errorType: "particle", answer: "카드으로 할게요", correction: "카드로 할게요" }, then),
  );
}

/** A lesson start with these items stored: the first review is asked. */
function startedWith(ctx: TutorContext, reviews: ReviewItem[]): TutorStep {
  const loading = start(ctx, createSession({ sessionId: "s1", userId: "u1", lang: "en", sessionRowId: "row-1" }));
  return resolve(ctx, loading.session, loading.session.turn, { kind: "loaded", saved: undefined, reviews });
}

/** An answer judged `verdict`; its correction is then spoken (without audio here). */
function answer(ctx: TutorContext, session: TutorSession, verdict: Verdict): TutorStep {
  const asked = submit(ctx, session, { text: "카드으로 할게요" });
  const judged = resolve(ctx, asked.session, asked.session.turn, evaluated(verdict));
  const speaking = judged.session.wait?.kind;
  if (speaking !== "speaking" && speaking !== "reviewSpeaking") return judged;
  const told = resolve(ctx, judged.session, judged.session.turn, { kind: "spoken", audioUrl: undefined });
  return { session: told.session, effects: [...judged.effects, ...told.effects] };
}

describe("reviews in the tutor core", () => {
  it("asks the due items before the lesson, at most three, then begins the lesson", () => {
    const ctx = context();
    let step = startedWith(ctx, [...itemsFrom(ctx, ["cafe.pay", "cafe.order", "cafe.greet", "cafe.thanks"], 2), ...itemsFrom(ctx, ["cafe.temperature"], 0)]);
    const asked: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const prompt = of(step, "prompt")[0]!.prompt;
      expect(prompt).toMatchObject({ index: i, total: 3, maxAttempts: 1, hints: 0, review: { said: "카드으로 할게요" } });
      asked.push(prompt.activityId);
      // The lesson has not begun: nothing of it is recorded yet.
      expect(of(step, "record").map((e) => e.event.type)).not.toContain("lesson_start");
      step = answer(ctx, step.session, pass);
      expect(of(step, "review")).toHaveLength(1);
    }
    expect(new Set(asked).size).toBe(3);
    expect(sent(step, "tutor:review_done")).toEqual([expect.objectContaining({ reviewed: 3, passed: 3 })]);
    expect(of(step, "record").map((e) => e.event.type)).toContain("lesson_start");
    expect(of(step, "prompt").at(-1)!.prompt).toMatchObject({ activityId: "cafe.greet" });
    expect(of(step, "prompt").at(-1)!.prompt.review).toBeUndefined();
    expect(step.session.review).toBeUndefined();
  });

  it("begins the lesson at once when nothing is due", () => {
    const ctx = context();
    const step = startedWith(ctx, itemsFrom(ctx, ["cafe.pay"], 0));
    expect(of(step, "prompt")[0]!.prompt).toMatchObject({ activityId: "cafe.greet" });
    expect(of(step, "prompt")[0]!.prompt.review).toBeUndefined();
  });

  it("counts a skipped review as a miss, offers no hints in it, and lets the learner answer again when evaluation fails", () => {
    const ctx = context();
    const first = startedWith(ctx, itemsFrom(ctx, ["cafe.pay", "cafe.order"]));
    expect(sent(hint(ctx, first.session), "tutor:hint")).toEqual([expect.objectContaining({ ko: "", remaining: 0 })]);

    const asked = submit(ctx, first.session, { text: "카드로 할게요" });
    const failed = resolve(ctx, asked.session, asked.session.turn, { kind: "failed" });
    expect(of(failed, "fail")).toHaveLength(1);
    expect(failed.session.review?.index).toBe(0);

    const skipped = skip(ctx, failed.session);
    expect(of(skipped, "review")[0]!.item.card.lapses).toBe(1);
    expect(sent(skipped, "tutor:feedback")).toEqual([expect.objectContaining({ outcome: "skipped", review: expect.objectContaining({ grade: "again", days: 1 }) as unknown })]);
    expect(of(skipped, "prompt")[0]!.prompt.review).toBeDefined();
    expect(skipped.session.review?.index).toBe(1);
  });

  it("turns a failed lesson turn into an item, and refreshes it on a retry the same day without grading again", () => {
    const ctx = context();
    const begun = startedWith(ctx, []);
    const failed = answer(ctx, begun.session, miss);
    const made = of(failed, "review")[0]!.item;
    expect(made).toMatchObject({ activityId: "cafe.greet", errorType: "particle", answer: "카드으로 할게요", correction: "카드로 할게요", version: 1 });
    expect(made.card.due).toBe(new Date(ctx.clock.now().getTime() + DAY).toISOString());
    ctx.clock.advance(60_000);
    const again = answer(ctx, failed.session, miss);
    expect(of(again, "review")[0]!.item).toMatchObject({ version: 2, card: made.card });
    const passed = answer(ctx, again.session, pass);
    expect(of(passed, "review")).toEqual([]);
  });

  it("answers tutor:review with nothing due, and a due one with the lesson under way after it", () => {
    const ctx = context();
    const begun = startedWith(ctx, []);
    const recalling = review(ctx, begun.session);
    expect(of(recalling, "recall")).toHaveLength(1);
    const none = resolve(ctx, recalling.session, recalling.session.turn, { kind: "recalled", reviews: itemsFrom(ctx, ["cafe.pay"], 0) });
    expect(sent(none, "tutor:review_done")).toEqual([expect.objectContaining({ reviewed: 0, nextDue: expect.any(String) as string })]);

    const again = review(ctx, none.session);
    const due = resolve(ctx, again.session, again.session.turn, { kind: "recalled", reviews: itemsFrom(ctx, ["cafe.pay"]) });
    expect(of(due, "prompt")[0]!.prompt).toMatchObject({ activityId: "cafe.pay", review: { itemId: "item-0" } });
    // A miss: the learner hears the answer, as after a lesson turn, and the feedback carries its audio.
    const asked = submit(ctx, due.session, { text: "카드으로 할게요" });
    const judged = resolve(ctx, asked.session, asked.session.turn, evaluated(miss));
    expect(of(judged, "speak")).toEqual([expect.objectContaining({ text: "카드로 할게요" })]);
    expect(sent(judged, "tutor:feedback")).toEqual([]);
    const done = resolve(ctx, judged.session, judged.session.turn, { kind: "spoken", audioUrl: "/media/tts/answer.wav" });
    expect(sent(done, "tutor:feedback")).toEqual([expect.objectContaining({ audioUrl: "/media/tts/answer.wav" })]);
    expect(sent(done, "tutor:feedback")).toEqual([expect.objectContaining({ pass: false, outcome: "reveal", review: expect.objectContaining({ grade: "again" }) as unknown })]);
    // The lesson under way goes on where it was.
    expect(of(done, "prompt").at(-1)!.prompt).toMatchObject({ activityId: "cafe.greet" });
    expect(done.session.phase).toBe("prompting");
  });
});
