import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Room } from "@colyseus/sdk";
import { Inbox } from "../helpers/inbox.ts";
import { collect } from "../helpers/wait.ts";
import { startTestServer, type JoinedLearner, type TestServer } from "../helpers/testServer.ts";
import { fixtureContent } from "../helpers/fixtureContent.ts";

interface Prompt {
  activityId: string;
  kind: string;
  text: string;
  translation: string;
  task: string;
  choices?: string[];
  index: number;
  total: number;
  attempt: number;
}
interface Feedback {
  activityId: string;
  score: number;
  pass: boolean;
  errorType: string;
  feedback: string;
  correction?: string;
  outcome: string;
  attemptsLeft: number;
  provider: string;
  latencyMs: number;
  answer?: string;
}
interface LessonView {
  status: string;
  audioUrl: string;
  activityId: string;
  line: string;
  lastFeedback: string;
  lastScore: number;
  attempts: number;
}

let server: TestServer;
let content: Awaited<ReturnType<typeof fixtureContent>>;

// These tests walk lessons step by step, so they run on fixed fixture lessons, not the course.
beforeAll(async () => {
  content = await fixtureContent();
  server = await startTestServer({ overrides: { contentDir: content.dir } });
});
afterAll(async () => {
  await server?.stop();
  await content?.remove();
});

/** A client that never started a lesson has not been sent the (private) lessons map at all. */
function lessonsOf(room: Room): Map<string, LessonView> {
  return (room.state as { lessons?: Map<string, LessonView> }).lessons ?? new Map<string, LessonView>();
}

const inboxes = new WeakMap<Room, Inbox>();
function inbox(room: Room): Inbox {
  let box = inboxes.get(room);
  if (!box) inboxes.set(room, (box = new Inbox(room)));
  return box;
}

function nextMessage<T>(room: Room, type: string): Promise<T> {
  return inbox(room).next<T>(type);
}

/** Sends a tutor message and resolves with the next reply of the given type. */
async function exchange<T>(room: Room, type: string, payload: unknown, reply: string): Promise<T> {
  inbox(room);
  room.send(type, payload);
  return inbox(room).next<T>(reply);
}

async function join(name: string, lang: "en" | "id" | "vi", roomName = "cafe"): Promise<JoinedLearner> {
  const learner = await server.join(roomName, name, lang);
  inbox(learner.room);
  return learner;
}

const CAFE_ANSWERS: Record<string, { text: string } | { choice: number }> = {
  "cafe.greet": { text: "안녕하세요!" },
  "cafe.order": { text: "아메리카노 두 잔 주세요" },
  "cafe.temperature": { choice: 1 },
  "cafe.pay": { text: "카드로 할게요" },
  "cafe.thanks": { text: "감사합니다" },
};

async function answer(learner: JoinedLearner, prompt: Prompt): Promise<Feedback> {
  const reply = CAFE_ANSWERS[prompt.activityId]!;
  return "text" in reply
    ? exchange<Feedback>(learner.room, "tutor:answer", reply, "tutor:feedback")
    : exchange<Feedback>(learner.room, "tutor:choose", { index: reply.choice }, "tutor:feedback");
}

describe("the cafe lesson with several learners at once", () => {
  it("runs two private lessons side by side while a third learner walks around", async () => {
    const anna = await join("Anna", "en");
    const budi = await join("Budi", "id");
    const walker = await join("Walker", "vi");
    expect(new Set([anna.room.roomId, budi.room.roomId, walker.room.roomId]).size).toBe(1);
    const walkerSawFeedback = collect(walker.room, "tutor:feedback");
    const annaPrompts: string[] = [];

    const [annaFirst, budiFirst] = await Promise.all([
      exchange<Prompt>(anna.room, "tutor:start", {}, "tutor:prompt"),
      exchange<Prompt>(budi.room, "tutor:start", undefined, "tutor:prompt"),
    ]);
    expect(annaFirst).toMatchObject({ activityId: "cafe.greet", kind: "dialogue", text: "어서 오세요! 안녕하세요?", index: 0, total: 5 });
    expect(annaFirst.translation).toBe("Welcome! Hello!");
    expect(budiFirst.translation).toBe("Selamat datang! Halo!");

    // The walker keeps moving while both lessons run, and everyone sees it.
    let step = 0;
    const walking = setInterval(() => walker.room.send("move", { x: -2 + (step++ % 10) * 0.1, y: -6 }), 100);
    try {
      let annaPrompt = annaFirst;
      let budiPrompt = budiFirst;
      for (let turn = 0; turn < 5; turn += 1) {
        const [annaFeedback, budiFeedback] = await Promise.all([answer(anna, annaPrompt), answer(budi, budiPrompt)]);
        expect(annaFeedback).toMatchObject({ pass: true, outcome: "advance", provider: "rules" });
        expect(budiFeedback).toMatchObject({ pass: true, outcome: "advance" });
        expect(annaFeedback.latencyMs).toBeLessThan(300);
        annaPrompts.push(annaPrompt.activityId);
        if (turn < 4) {
          [annaPrompt, budiPrompt] = await Promise.all([
            nextMessage<Prompt>(anna.room, "tutor:prompt"),
            nextMessage<Prompt>(budi.room, "tutor:prompt"),
          ]);
        }
      }
    } finally {
      clearInterval(walking);
    }
    // Once the last move's patch has reached both of them, Anna sees the walker where it sees itself.
    const xSeenBy = (room: Room) => (room.state as { avatars: Map<string, { x: number }> }).avatars.get(walker.room.sessionId)?.x;
    await vi.waitFor(() => expect(xSeenBy(anna.room)).toBeCloseTo(xSeenBy(walker.room)!, 3), { timeout: 5_000 });

    // Each learner sees only their own lesson state; the walker, who never asked for a
    // lesson, has none (and so shares every patch with the room).
    expect([...lessonsOf(anna.room).keys()]).toEqual([anna.room.sessionId]);
    expect([...lessonsOf(budi.room).keys()]).toEqual([budi.room.sessionId]);
    expect([...lessonsOf(walker.room).keys()]).toEqual([]);
    expect(lessonsOf(anna.room).get(anna.room.sessionId)?.lastFeedback).not.toBe("");
    expect(walkerSawFeedback).toHaveLength(0);
    expect(annaPrompts).toEqual(["cafe.greet", "cafe.order", "cafe.temperature", "cafe.pay", "cafe.thanks"]);
    await Promise.all([anna.room.leave(), budi.room.leave(), walker.room.leave()]);
  }, 20_000);

  it("ends the lesson with tutor:done and a summary, and stores every turn", async () => {
    const lan = await join("Lan", "vi");
    let prompt = await exchange<Prompt>(lan.room, "tutor:start", {}, "tutor:prompt");
    for (let i = 0; i < 5; i += 1) {
      await answer(lan, prompt);
      if (i < 4) prompt = await nextMessage<Prompt>(lan.room, "tutor:prompt");
    }
    const finished = await nextMessage<{ lessonId: string; summary: { passed: number; activities: number }; feedback: string }>(lan.room, "tutor:done");
    expect(finished).toMatchObject({ lessonId: "cafe-order", summary: { passed: 5, activities: 5 } });
    expect(finished.feedback).toMatch(/Bạn đã hoàn thành/);
    await vi.waitFor(() => expect(lessonsOf(lan.room).get(lan.room.sessionId)?.status).toBe("completed"));

    expect(await server.services.writes.flush(5_000)).toBe(true);
    const { prisma } = server.services.db;
    const session = await prisma.learningSession.findFirstOrThrow({ where: { userId: lan.auth.learner.userId } });
    expect(session.lessonId).toBe("cafe-order");
    const events = await prisma.sessionEvent.findMany({ where: { sessionId: session.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.eventType)).toEqual(["lesson_start", "evaluation", "evaluation", "evaluation", "evaluation", "evaluation", "lesson_complete"]);
    const order = events.find((e) => e.activityId === "cafe.order")!;
    expect(order).toMatchObject({ userInput: "아메리카노 두 잔 주세요", passFail: true, primaryErrorType: "none", provider: "rules", score: 95 });
    expect(order.latencyMs).toBeGreaterThanOrEqual(0);
    expect(order.tutorResponse).toBeTruthy();
    expect(order.evaluationDetail).toMatchObject({ normalized: "아메리카노 두 잔 주세요", pass: true });
    const progress = await prisma.lessonProgress.findUniqueOrThrow({
      where: { userId_lessonId: { userId: lan.auth.learner.userId, lessonId: "cafe-order" } },
    });
    expect(progress.status).toBe("completed");
    expect(progress.completedAt).not.toBeNull();
    await lan.room.leave();
  }, 20_000);
});

describe("voice answers without speech recognition", () => {
  it("tells the learner to type instead", async () => {
    const typist = await join("Typist", "id");
    await exchange<Prompt>(typist.room, "tutor:start", {}, "tutor:prompt");
    const error = await exchange<{ code: string; message: string }>(typist.room, "tutor:audio", { audioId: crypto.randomUUID() }, "error");
    expect(error).toEqual({ code: "voice_unavailable", message: "Jawaban suara sedang tidak tersedia; silakan ketik jawaban Anda." });
    await typist.room.leave();
  });
});

describe("the offline voice", () => {
  it("speaks the tutor's lines with espeak-ng by default: prompts carry a signed link to a WAV", async () => {
    const ear = await join("Ear", "en");
    const prompt = await exchange<Prompt & { audioUrl?: string }>(ear.room, "tutor:start", {}, "tutor:prompt");
    expect(prompt.audioUrl).toMatch(/^\/media\/tts\/espeak\/[0-9a-f]{40}\.wav\?expires=\d+&signature=/);
    const audio = await fetch(`${server.baseUrl}${prompt.audioUrl}`);
    expect(audio.headers.get("content-type")).toBe("audio/wav");
    expect(Buffer.from(await audio.arrayBuffer()).toString("ascii", 0, 4)).toBe("RIFF");
    await vi.waitFor(() => expect(lessonsOf(ear.room).get(ear.room.sessionId)?.audioUrl).toBe(prompt.audioUrl));
    await ear.room.leave();
  });
});

describe("the airport lesson", () => {
  it("plays end to end at the airport", async () => {
    const replies: Record<string, string> = {
      "airport.greet": "네, 여기 있어요",
      "airport.destination": "하노이에 가요",
      "airport.seat": "통로 자리로 주세요",
      "airport.baggage": "가방 1개예요",
      "airport.gate": "게이트가 어디예요?",
      "airport.thanks": "감사합니다",
    };
    const hoa = await join("Hoa", "vi", "airport");
    let prompt = await exchange<Prompt>(hoa.room, "tutor:start", {}, "tutor:prompt");
    const seen: string[] = [];
    for (;;) {
      seen.push(prompt.activityId);
      const feedback = await exchange<Feedback>(hoa.room, "tutor:answer", { text: replies[prompt.activityId] }, "tutor:feedback");
      expect(feedback, prompt.activityId).toMatchObject({ pass: true, errorType: "none" });
      if (seen.length === 6) break;
      prompt = await nextMessage<Prompt>(hoa.room, "tutor:prompt");
    }
    expect(seen).toEqual(Object.keys(replies));
    const done = await nextMessage<{ summary: { passed: number } }>(hoa.room, "tutor:done");
    expect(done.summary.passed).toBe(6);
    await hoa.room.leave();
  });
});

describe("attempts, hints, repeat and skip", () => {
  it("gives three attempts with corrections in the learner's language, then shows the answer and moves on", async () => {
    const siti = await join("Siti", "id");
    await exchange<Prompt>(siti.room, "tutor:start", {}, "tutor:prompt");
    await exchange<Feedback>(siti.room, "tutor:answer", { text: "안녕하세요" }, "tutor:feedback");
    await nextMessage<Prompt>(siti.room, "tutor:prompt");

    const first = await exchange<Feedback>(siti.room, "tutor:answer", { text: "아메리카노 일 잔 주세요" }, "tutor:feedback");
    expect(first).toMatchObject({ pass: false, errorType: "counter", outcome: "retry", attemptsLeft: 2, correction: "아메리카노 한 잔 주세요" });
    expect(first.feedback).toMatch(/^Bukan 일 잔, tetapi 한 잔: untuk menghitung benda/);
    const retryPrompt = await nextMessage<Prompt>(siti.room, "tutor:prompt");
    expect(retryPrompt).toMatchObject({ activityId: "cafe.order", attempt: 2 });

    const second = await exchange<Feedback>(siti.room, "tutor:answer", { text: "아메리카노 한 잔 줘" }, "tutor:feedback");
    expect(second).toMatchObject({ errorType: "formality", outcome: "retry", attemptsLeft: 1 });
    await nextMessage<Prompt>(siti.room, "tutor:prompt");
    const third = await exchange<Feedback>(siti.room, "tutor:answer", { text: "커피" }, "tutor:feedback");
    expect(third).toMatchObject({ pass: false, outcome: "reveal", attemptsLeft: 0, answer: "아메리카노 한 잔 주세요" });
    expect(third.feedback).toMatch(/Jawabannya: 아메리카노 한 잔 주세요/);
    expect((await nextMessage<Prompt>(siti.room, "tutor:prompt")).activityId).toBe("cafe.temperature");
    await siti.room.leave();
  });

  it("hands out hints one by one, repeats the line, and skips with the answer shown", async () => {
    const tom = await join("Tom", "en", "airport");
    const first = await exchange<Prompt>(tom.room, "tutor:start", { lessonId: "airport-checkin" }, "tutor:prompt");
    expect(first.activityId).toBe("airport.greet");
    const hint1 = await exchange<{ ko: string; text: string; remaining: number }>(tom.room, "tutor:hint", {}, "tutor:hint");
    expect(hint1).toMatchObject({ ko: "여기 있어요", remaining: 1 });
    const hint2 = await exchange<{ remaining: number }>(tom.room, "tutor:hint", {}, "tutor:hint");
    expect(hint2.remaining).toBe(0);
    const none = await exchange<{ ko: string; text: string }>(tom.room, "tutor:hint", {}, "tutor:hint");
    expect(none).toMatchObject({ ko: "", text: "That was the last hint. You can do it!" });

    const again = await exchange<Prompt>(tom.room, "tutor:repeat", undefined, "tutor:prompt");
    expect(again).toMatchObject({ activityId: "airport.greet", text: first.text });

    const skipped = await exchange<Feedback>(tom.room, "tutor:skip", {}, "tutor:feedback");
    expect(skipped).toMatchObject({ outcome: "skipped", answer: "네, 여기 있어요", pass: false });
    expect((await nextMessage<Prompt>(tom.room, "tutor:prompt")).activityId).toBe("airport.destination");
    await tom.room.leave();
  });

  it("answers a second answer sent while the first is being evaluated with tutor:busy", async () => {
    const quick = await join("Quick", "en");
    await exchange<Prompt>(quick.room, "tutor:start", {}, "tutor:prompt");
    quick.room.send("tutor:answer", { text: "안녕하세요" });
    quick.room.send("tutor:answer", { text: "안녕하세요" });
    expect(await nextMessage(quick.room, "tutor:busy")).toMatchObject({ activityId: "cafe.greet" });
    await nextMessage(quick.room, "tutor:feedback");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(inbox(quick.room).unread("tutor:feedback")).toHaveLength(0);
    await quick.room.leave();
  });

  it("refuses what does not fit the current step, in the learner's language", async () => {
    const vy = await join("Vy", "vi");
    const notStarted = await exchange<{ code: string; message: string }>(vy.room, "tutor:answer", { text: "안녕하세요" }, "error");
    expect(notStarted).toEqual({ code: "tutor_not_started", message: "Hãy bắt đầu bài học trước (tutor:start)." });
    const unknown = await exchange<{ code: string }>(vy.room, "tutor:start", { lessonId: "airport-checkin" }, "error");
    expect(unknown.code).toBe("unknown_lesson");
    await exchange<Prompt>(vy.room, "tutor:start", {}, "tutor:prompt");
    const wrongKind = await exchange<{ code: string }>(vy.room, "tutor:choose", { index: 0 }, "error");
    expect(wrongKind.code).toBe("type_answer");
    const invalid = await exchange<{ code: string }>(vy.room, "tutor:answer", { text: "가".repeat(501) }, "error");
    expect(invalid.code).toBe("invalid_message");
    await vy.room.leave();
  });
});

describe("resuming", () => {
  it("keeps the lesson through a reconnection and resumes it in a new session", async () => {
    const min = await join("Min", "en");
    await exchange<Prompt>(min.room, "tutor:start", {}, "tutor:prompt");
    await exchange<Feedback>(min.room, "tutor:answer", { text: "안녕하세요" }, "tutor:feedback");
    await nextMessage<Prompt>(min.room, "tutor:prompt");
    await exchange<Feedback>(min.room, "tutor:answer", { text: "아메리카노 이 잔 주세요" }, "tutor:feedback");
    await nextMessage<Prompt>(min.room, "tutor:prompt");

    // A dropped connection: the same session comes back with its private lesson state.
    min.room.reconnection.minUptime = 0;
    const reconnected = new Promise<void>((resolve) => min.room.onReconnect(() => resolve()));
    const { matchMaker } = await import("@colyseus/core");
    const serverRoom = matchMaker.getLocalRoomById(min.room.roomId);
    (serverRoom.clients.getById(min.room.sessionId) as unknown as { ref: { terminate(): void } }).ref.terminate();
    await reconnected;
    await vi.waitFor(() => expect(lessonsOf(min.room).get(min.room.sessionId)).toMatchObject({ activityId: "cafe.order", attempts: 1 }));
    const resumedInRoom = await exchange<Prompt>(min.room, "tutor:start", {}, "tutor:prompt");
    expect(resumedInRoom).toMatchObject({ activityId: "cafe.order", attempt: 2 });

    // Leaving and joining again (a new session) resumes at the same activity and attempt.
    await min.room.leave();
    const again = await min.sdk.joinOrCreate("cafe", { lang: "en" });
    inbox(again);
    const resumed = await exchange<Prompt>(again, "tutor:start", {}, "tutor:prompt");
    expect(resumed).toMatchObject({ activityId: "cafe.order", attempt: 2 });
    await again.leave();
    expect(await server.services.writes.flush(5_000)).toBe(true);
    const sessions = await server.services.db.prisma.learningSession.findMany({
      where: { userId: min.auth.learner.userId },
      include: { events: { select: { eventType: true } } },
      orderBy: { startedAt: "asc" },
    });
    expect(sessions).toHaveLength(2);
    expect(sessions[1]!.events.map((e) => e.eventType)).toEqual(["lesson_resume"]);
  });
});

describe("lesson and learner endpoints", () => {
  it("lists lessons and shows one without its answer keys", async () => {
    const list = (await (await fetch(`${server.baseUrl}/api/v1/lessons`)).json()) as { lessons: Array<{ id: string; activities: number }> };
    expect(list.lessons.map((l) => [l.id, l.activities])).toEqual([
      ["airport-checkin", 6],
      ["cafe-order", 5],
    ]);
    const response = await fetch(`${server.baseUrl}/api/v1/lessons/cafe-order`);
    const text = await response.text();
    expect(response.status).toBe(200);
    const lesson = JSON.parse(text) as { stages: Array<{ activities: Array<{ id: string; choices?: unknown[] }> }> };
    expect(lesson.stages.flatMap((s) => s.activities.map((a) => a.id))).toEqual([
      "cafe.greet",
      "cafe.order",
      "cafe.temperature",
      "cafe.pay",
      "cafe.thanks",
    ]);
    expect(text).not.toMatch(/"answers"|"slots"|"correct"|"alternatives"|카드로 할게요/);
    expect((await fetch(`${server.baseUrl}/api/v1/lessons/nope`)).status).toBe(404);
  });

  it("shows learners their own progress and sessions, and no one else's", async () => {
    const owner = await join("Owner", "en");
    await exchange<Prompt>(owner.room, "tutor:start", {}, "tutor:prompt");
    await exchange<Feedback>(owner.room, "tutor:answer", { text: "안녕하세요" }, "tutor:feedback");
    await owner.room.leave();
    expect(await server.services.writes.flush(5_000)).toBe(true);
    const other = await server.signIn("Other", "en");
    const get = (path: string, token?: string) =>
      fetch(`${server.baseUrl}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

    expect((await get("/api/v1/me/progress")).status).toBe(401);
    const progress = (await (await get("/api/v1/me/progress", owner.auth.token)).json()) as { progress: Array<{ lessonId: string; currentActivityId: string }> };
    expect(progress.progress).toMatchObject([{ lessonId: "cafe-order", currentActivityId: "cafe.order" }]);
    const sessions = (await (await get("/api/v1/me/sessions", owner.auth.token)).json()) as { sessions: Array<{ id: string; events: number }> };
    expect(sessions.sessions).toHaveLength(1);
    const id = sessions.sessions[0]!.id;
    const detail = (await (await get(`/api/v1/me/sessions/${id}`, owner.auth.token)).json()) as { events: Array<{ eventType: string; userInput: string | null }> };
    expect(detail.events.map((e) => e.eventType)).toEqual(["lesson_start", "evaluation"]);
    expect(detail.events[1]!.userInput).toBe("안녕하세요");

    expect((await get(`/api/v1/me/sessions/${id}`, other.token)).status).toBe(404);
    expect(((await (await get("/api/v1/me/progress", other.token)).json()) as { progress: unknown[] }).progress).toEqual([]);
    expect((await get("/api/v1/me/sessions?limit=0", owner.auth.token)).status).toBe(400);
  });
});
