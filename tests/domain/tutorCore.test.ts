import { describe, expect, it } from "vitest";
import type { Verdict } from "../../domain/evaluator/verdict.ts";
import { fill } from "../../domain/feedback/languagePack.ts";
import { MAX_ATTEMPTS } from "../../domain/lessons/lessonEngine.ts";
import { activitiesOf } from "../../domain/lessons/lesson.ts";
import { hint, leave, promptAudio, repeat, resolve, skip, start, submit } from "../../domain/tutor/tutorCore.ts";
import {
  createSession,
  isBusy,
  type Evaluation,
  type TutorContext,
  type TutorEffect,
  type TutorLearner,
  type TutorSession,
  type TutorStep,
} from "../../domain/tutor/tutorSession.ts";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { loadCatalog } from "../../services/content/loadCatalog.ts";
import { ManualClock } from "../helpers/manualClock.ts";

const catalog = await loadCatalog(CONTENT_DIR);
/** Any text: the wording is the language packs' business. */
const someText = expect.any(String) as string;

function context(scene = "cafe"): TutorContext & { clock: ManualClock } {
  let ids = 0;
  return { catalog, scene: catalog.scenes.get(scene)!, clock: new ManualClock("2026-11-01T00:00:01Z"), newId: () => `event-${++ids}` };
}

const learner = (overrides: Partial<TutorLearner> = {}): TutorLearner => ({
  sessionId: "s1",
  userId: "u1",
  lang: "en",
  sessionRowId: "row-1",
  ...overrides,
});

function kinds(step: TutorStep): string[] {
  return step.effects.map((effect) => effect.kind);
}

function find<K extends TutorEffect["kind"]>(step: TutorStep, kind: K): Extract<TutorEffect, { kind: K }> {
  const effect = step.effects.find((e): e is Extract<TutorEffect, { kind: K }> => e.kind === kind);
  if (!effect) throw new Error(`no ${kind} effect in ${kinds(step).join(", ")}`);
  return effect;
}

function sent(step: TutorStep): Array<{ type: string; payload: unknown }> {
  return step.effects.flatMap((e): Array<{ type: string; payload: unknown }> =>
    e.kind === "send" ? [e.message] : e.kind === "prompt" ? [{ type: "tutor:prompt", payload: e.prompt }] : [],
  );
}

const pass: Verdict = { score: 100, pass: true, errorType: "none", errors: [], confidence: 0.98, normalized: "안녕하세요" };
const miss: Verdict = { score: 40, pass: false, errorType: "other", errors: [], correction: "안녕하세요", confidence: 0.9, normalized: "안녕" };
const evaluation = (verdict: Verdict): Evaluation => ({ verdict, provider: "rules", modelId: null, evaluatorMs: 1 });

/** A session at the cafe's first activity, prompted. */
function started(ctx: TutorContext = context()): TutorSession {
  const loading = start(ctx, createSession(learner()));
  return resolve(ctx, loading.session, loading.session.turn, { kind: "loaded", saved: undefined }).session;
}

describe("starting a lesson", () => {
  it("loads the learner's progress, then records the start, saves and prompts", () => {
    const ctx = context();
    const loading = start(ctx, createSession(learner()));
    expect(kinds(loading)).toEqual(["show", "load"]);
    expect(find(loading, "load")).toEqual({ kind: "load", turn: 1, lessonId: "cafe-order" });
    expect(isBusy(loading.session)).toBe(true);
    expect(loading.session.phase).toBe("idle");

    const begun = resolve(ctx, loading.session, 1, { kind: "loaded", saved: undefined });
    expect(isBusy(begun.session)).toBe(false);
    expect(begun.session.phase).toBe("prompting");
    expect(find(begun, "record").event).toMatchObject({ type: "lesson_start", activityId: "cafe.greet", at: "2026-11-01T00:00:01.000Z" });
    expect(find(begun, "save").save).toMatchObject({ lessonId: "cafe-order", stageId: someText, completedAt: null });
    expect(find(begun, "save").save.saved).toMatchObject({ currentActivityId: "cafe.greet", attempts: 0, status: "in_progress" });
    expect(find(begun, "npc").change).toEqual({ talkingTo: "s1", line: "어서 오세요! 안녕하세요?", anim: "talk" });
    expect(find(begun, "prompt").prompt).toMatchObject({ activityId: "cafe.greet", attempt: 1, maxAttempts: MAX_ATTEMPTS });
    const views = begun.effects.flatMap((e) => (e.kind === "view" ? [e.patch] : []));
    expect(Object.assign({}, ...views)).toMatchObject({ status: "prompting", lessonId: "cafe-order", activityId: "cafe.greet", maxAttempts: MAX_ATTEMPTS });
  });

  it("resumes saved progress, and says so", () => {
    const ctx = context();
    const loading = start(ctx, createSession(learner()));
    const saved = { currentActivityId: "cafe.order", attempts: 1, hints: 0, results: {}, status: "in_progress" as const };
    const begun = resolve(ctx, loading.session, 1, { kind: "loaded", saved });
    expect(find(begun, "record").event.type).toBe("lesson_resume");
    expect(find(begun, "prompt").prompt).toMatchObject({ activityId: "cafe.order", attempt: 2 });
  });

  it("tells the learner when progress cannot be read, and lets them try again", () => {
    const ctx = context();
    const loading = start(ctx, createSession(learner()));
    const failed = resolve(ctx, loading.session, 1, { kind: "failed" });
    expect(sent(failed)).toEqual([{ type: "error", payload: { code: "tutor_unavailable", message: someText } }]);
    expect(isBusy(failed.session)).toBe(false);
    expect(kinds(start(ctx, failed.session))).toEqual(["show", "load"]);
  });

  it("answers tutor:busy while loading, and refuses unknown lessons and other scenes' lessons", () => {
    const ctx = context();
    const loading = start(ctx, createSession(learner()));
    expect(sent(start(ctx, loading.session))).toEqual([{ type: "tutor:busy", payload: { activityId: "", message: someText } }]);
    expect(sent(start(ctx, createSession(learner()), "nope"))[0]).toMatchObject({ type: "error", payload: { code: "unknown_lesson" } });
    expect(sent(start(ctx, createSession(learner()), "airport-checkin"))[0]).toMatchObject({ payload: { code: "unknown_lesson" } });
  });

  it("starts the lesson named when joining, when tutor:start names none", () => {
    const airport = context("airport");
    expect(find(start(airport, createSession(learner({ lessonId: "airport-checkin" }))), "load").lessonId).toBe("airport-checkin");
    const cafe = context("cafe");
    expect(sent(start(cafe, createSession(learner({ lessonId: "airport-checkin" }))))[0]).toMatchObject({ payload: { code: "unknown_lesson" } });
  });

  it("shows the running lesson's prompt again instead of restarting it", () => {
    const ctx = context();
    const again = start(ctx, started(ctx));
    expect(kinds(again)).not.toContain("load");
    expect(find(again, "prompt").prompt.activityId).toBe("cafe.greet");
  });
});

describe("a turn", () => {
  it("is busy while evaluated, then tells the learner, stores the turn and moves on", () => {
    const ctx = context();
    const asked = submit(ctx, started(ctx), { text: "안녕하세요" });
    expect(asked.session.phase).toBe("evaluating");
    expect(find(asked, "npc").change).toEqual({ anim: "listen" });
    const evaluate = find(asked, "evaluate");
    expect(evaluate).toMatchObject({ turn: 2, answer: { text: "안녕하세요" }, activity: { id: "cafe.greet" } });
    expect(sent(submit(ctx, asked.session, { text: "again" }))).toEqual([
      { type: "tutor:busy", payload: { activityId: "cafe.greet", message: someText } },
    ]);

    ctx.clock.advance(42);
    const told = resolve(ctx, asked.session, evaluate.turn, { kind: "evaluated", evaluation: evaluation(pass) });
    const feedback = find(told, "send").message;
    expect(feedback).toMatchObject({ type: "tutor:feedback", payload: { activityId: "cafe.greet", pass: true, outcome: "advance", latencyMs: 42, provider: "rules" } });
    expect(find(told, "measure")).toEqual({ kind: "measure", seconds: 0.042, provider: "rules", outcome: "advance" });
    const event = find(told, "record").event;
    expect(event).toMatchObject({ type: "evaluation", activityId: "cafe.greet", userInput: "안녕하세요", passFail: true, latencyMs: 42 });
    expect(event.detail).toMatchObject({ pass: true, normalized: "안녕하세요", fallbackReason: null });
    expect(event.metadata).toEqual({ attempt: 1, outcome: "advance", evaluatorMs: 1, transcript: null, llmAsked: false, rulesPass: true });
    expect(find(told, "account")).toEqual({ kind: "account", eventId: event.id });
    expect(find(told, "prompt").prompt.activityId).toBe("cafe.order");
    expect(told.session.phase).toBe("prompting");
    expect(isBusy(told.session)).toBe(false);
    // The event comes before the AI calls that refer to it, the save before the next prompt.
    const order = kinds(told);
    expect(order.indexOf("record")).toBeLessThan(order.indexOf("account"));
    expect(order.indexOf("save")).toBeLessThan(order.indexOf("prompt"));
  });

  it("waits for the spoken correction, and reveals the answer after the last attempt", () => {
    const ctx = context();
    let session = started(ctx);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const asked = submit(ctx, session, { text: "안녕" });
      const speaking = resolve(ctx, asked.session, asked.session.turn, { kind: "evaluated", evaluation: evaluation(miss) });
      const speak = find(speaking, "speak");
      expect(speak.text).toBe("안녕하세요");
      expect(isBusy(speaking.session)).toBe(true);
      const told = resolve(ctx, speaking.session, speak.turn, { kind: "spoken", audioUrl: attempt === 1 ? "/media/a.wav" : undefined });
      const payload = find(told, "send").message.payload;
      if (attempt < MAX_ATTEMPTS) {
        expect(payload).toMatchObject({ outcome: "retry", attemptsLeft: MAX_ATTEMPTS - attempt, correction: "안녕하세요" });
        expect(payload).not.toHaveProperty("answer");
        expect(find(told, "prompt").prompt).toMatchObject({ activityId: "cafe.greet", attempt: attempt + 1 });
      } else {
        expect(payload).toMatchObject({ outcome: "reveal", attemptsLeft: 0, answer: "안녕하세요" });
        expect(find(told, "prompt").prompt.activityId).toBe("cafe.order");
      }
      if (attempt === 1) expect(payload).toMatchObject({ audioUrl: "/media/a.wav" });
      session = told.session;
    }
  });

  it("sends the internal error and lets the learner answer again when evaluation fails", () => {
    const ctx = context();
    const asked = submit(ctx, started(ctx), { text: "안녕하세요" });
    const failed = resolve(ctx, asked.session, asked.session.turn, { kind: "failed" });
    expect(kinds(failed)).toEqual(["account", "fail", "view"]);
    expect(failed.session.phase).toBe("prompting");
    expect(kinds(submit(ctx, failed.session, { text: "안녕하세요" }))).toContain("evaluate");
  });

  it("ignores a result for a turn that is over", () => {
    const ctx = context();
    const asked = submit(ctx, started(ctx), { text: "안녕하세요" });
    const done = resolve(ctx, asked.session, asked.session.turn, { kind: "evaluated", evaluation: evaluation(pass) });
    const late = resolve(ctx, done.session, asked.session.turn, { kind: "evaluated", evaluation: evaluation(pass) });
    expect(late.effects).toEqual([]);
    expect(late.session).toBe(done.session);
  });

  it("refuses what does not fit the step", () => {
    const ctx = context();
    expect(sent(submit(ctx, createSession(learner()), { text: "안녕하세요" }))[0]).toMatchObject({ payload: { code: "tutor_not_started" } });
    expect(sent(submit(ctx, started(ctx), { choice: 0 }))[0]).toMatchObject({ payload: { code: "type_answer" } });
  });
});

describe("a spoken answer", () => {
  it("is heard first, then evaluated like a typed one with its transcript", () => {
    const ctx = context();
    const asked = submit(ctx, started(ctx), { audioId: "a1" });
    expect(asked.session.phase).toBe("evaluating");
    expect(find(asked, "hear")).toEqual({ kind: "hear", turn: 2, audioId: "a1" });
    const heard = resolve(ctx, asked.session, 2, { kind: "heard", text: "안녕하세요" });
    expect(find(heard, "evaluate").answer).toEqual({ text: "안녕하세요", spoken: true });
    const told = resolve(ctx, heard.session, 2, { kind: "evaluated", evaluation: evaluation(pass) });
    expect(find(told, "send").message.payload).toMatchObject({ transcript: "안녕하세요" });
    expect(find(told, "record").event.metadata).toMatchObject({ transcript: "안녕하세요" });
  });

  it("tells the learner why it was not heard, stores the calls it took, and is not busy after", () => {
    const ctx = context();
    const asked = submit(ctx, started(ctx), { audioId: "a1" });
    const notHeard = resolve(ctx, asked.session, 2, { kind: "not_heard", failure: "audio_unintelligible" });
    expect(find(notHeard, "account").eventId).toBeNull();
    expect(sent(notHeard)[0]).toMatchObject({ type: "error", payload: { code: "audio_unintelligible" } });
    expect(notHeard.session.phase).toBe("prompting");
    const broken = resolve(ctx, asked.session, 2, { kind: "failed" });
    expect(sent(broken)[0]).toMatchObject({ payload: { code: "voice_unavailable" } });
  });
});

describe("hints, repeats and skips", () => {
  it("hands out hints until none are left, saving each", () => {
    const ctx = context();
    let session = started(ctx);
    const remaining: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const step = hint(ctx, session);
      const payload = find(step, "send").message.payload as { remaining: number; ko: string; text: string };
      remaining.push(payload.remaining);
      expect(kinds(step)).toEqual(["view", "send", "record", "save"]);
      session = step.session;
    }
    expect(remaining.at(-1)).toBe(0);
    expect(find(hint(ctx, session), "send").message.payload).toMatchObject({ ko: "", text: catalog.pack("en").ui["tutor.no_more_hints"] });
  });

  it("repeats the prompt, also while an answer is evaluated (the learner stays busy)", () => {
    const ctx = context();
    const asked = submit(ctx, started(ctx), { text: "안녕하세요" });
    const again = repeat(ctx, asked.session);
    expect(find(again, "record").event).toMatchObject({ type: "repeat", activityId: "cafe.greet" });
    expect(find(again, "prompt").prompt.activityId).toBe("cafe.greet");
    expect(again.session.phase).toBe("evaluating");
    expect(isBusy(again.session)).toBe(true);
  });

  it("skips to the next activity with the answer shown, and finishes the lesson after the last", () => {
    const ctx = context();
    let step = skip(ctx, started(ctx));
    expect(find(step, "send").message.payload).toMatchObject({
      outcome: "skipped",
      answer: "안녕하세요",
      pass: false,
      score: 0,
      errors: [],
      feedback: fill(catalog.pack("en").ui["tutor.skipped"], { answer: "안녕하세요" }),
    });
    const count = activitiesOf(catalog.lessons.get("cafe-order")!).length;
    for (let i = 1; i < count; i += 1) step = skip(ctx, step.session);
    const done = sent(step).find((m) => m.type === "tutor:done");
    expect(done?.payload).toMatchObject({ lessonId: "cafe-order", summary: { activities: count, skipped: count } });
    expect(step.session.phase).toBe("completed");
    expect(find(step, "save").save).toMatchObject({ saved: { status: "completed", currentActivityId: null }, completedAt: someText });
    expect(sent(skip(ctx, step.session))[0]).toMatchObject({ payload: { code: "tutor_not_started" } });
  });
});

describe("leaving and late audio", () => {
  it("turns the NPC away from a learner who leaves, and only from them", () => {
    const session = started();
    expect(leave(session, "s1")).toEqual([{ kind: "npc", change: { talkingTo: "" } }]);
    expect(leave(session, "someone-else")).toEqual([]);
  });

  it("puts a prompt's late audio into the view only while the learner is at that activity", () => {
    const ctx = context();
    const session = started(ctx);
    expect(promptAudio(session, "cafe.greet", "/media/x.wav")).toEqual([{ kind: "view", patch: { audioUrl: "/media/x.wav" } }]);
    expect(promptAudio(skip(ctx, session).session, "cafe.greet", "/media/x.wav")).toEqual([]);
  });
});
