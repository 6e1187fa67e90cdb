import { randomUUID } from "node:crypto";
import type { LearnerLang } from "../../domain/learners/learner.ts";
import type { WriteOp } from "../../services/writes/writeOps.ts";
import type { TestServer } from "../helpers/testServer.ts";

/**
 * Known sessions, events and AI calls for the operator console's tests, written the way the
 * rooms write them: ops through the server's own write queue (PrismaWriteSink), flushed.
 * Learners are real guest accounts. The rows span 20-22 November 2026 (UTC); the fixture
 * lessons (tests/fixtures/content) give the activities.
 */

export const FROM = "2026-11-20";
export const TO = "2026-11-22";

interface Turn {
  activity: string;
  pass: boolean;
  errorType?: string;
  input: string;
  attempt: number;
  latencyMs: number;
  /** Who decided: `rules`, or `gemini` (the LLM was asked and answered). */
  provider?: string;
  llmAsked?: boolean;
  rulesPass?: boolean;
  fallbackReason?: string;
}

interface SessionPlan {
  learner: "ana" | "siti" | "minh";
  scene: "cafe" | "airport";
  lang: LearnerLang;
  lessonId: string;
  start: string;
  end: string;
  turns: Turn[];
  completes?: boolean;
}

const t = (day: string, time: string) => `${day}T${time}:00.000Z`;
const D20 = "2026-11-20";
const D21 = "2026-11-21";
const D22 = "2026-11-22";

/** Three learners; on the 20th all three are in at once (10:15-10:20). */
export const PLAN: SessionPlan[] = [
  {
    learner: "ana", scene: "cafe", lang: "en", lessonId: "cafe-order", start: t(D20, "10:00"), end: t(D20, "10:30"), completes: true,
    turns: [
      { activity: "cafe.greet", pass: true, input: "안녕하세요", attempt: 1, latencyMs: 40 },
      { activity: "cafe.order", pass: false, errorType: "particle", input: "아메리카노을 주세요", attempt: 1, latencyMs: 60 },
      { activity: "cafe.order", pass: true, input: "아메리카노 한 잔 주세요", attempt: 2, latencyMs: 900, provider: "gemini", llmAsked: true, rulesPass: true },
      { activity: "cafe.temperature", pass: true, input: "아이스로 주세요", attempt: 1, latencyMs: 50 },
      { activity: "cafe.pay", pass: true, input: "카드로 할게요", attempt: 1, latencyMs: 45 },
    ],
  },
  {
    learner: "siti", scene: "cafe", lang: "id", lessonId: "cafe-order", start: t(D20, "10:10"), end: t(D20, "10:20"),
    turns: [
      { activity: "cafe.greet", pass: true, input: "안녕하세요", attempt: 1, latencyMs: 35 },
      { activity: "cafe.order", pass: false, errorType: "particle", input: "아메리카노을 주세요", attempt: 1, latencyMs: 70 },
      { activity: "cafe.order", pass: false, errorType: "formality", input: "아메리카노 줘", attempt: 2, latencyMs: 1_500, llmAsked: true, rulesPass: false, fallbackReason: "timeout" },
      { activity: "cafe.order", pass: true, input: "아메리카노 주세요", attempt: 3, latencyMs: 1_100, provider: "gemini", llmAsked: true, rulesPass: false },
    ],
  },
  {
    learner: "minh", scene: "airport", lang: "vi", lessonId: "airport-checkin", start: t(D20, "10:15"), end: t(D20, "10:40"),
    turns: [
      { activity: "airport.greet", pass: true, input: "안녕하세요", attempt: 1, latencyMs: 30 },
      { activity: "airport.destination", pass: false, errorType: "vocabulary", input: "서울 가요", attempt: 1, latencyMs: 55 },
    ],
  },
  {
    learner: "ana", scene: "cafe", lang: "en", lessonId: "cafe-order", start: t(D21, "09:00"), end: t(D21, "09:05"),
    turns: [{ activity: "cafe.order", pass: false, errorType: "particle", input: "아메리카노을 주세요", attempt: 1, latencyMs: 65 }],
  },
  {
    learner: "siti", scene: "cafe", lang: "id", lessonId: "cafe-order", start: t(D22, "08:00"), end: t(D22, "08:45"), completes: true,
    turns: [
      { activity: "cafe.greet", pass: true, input: "안녕하세요", attempt: 1, latencyMs: 42 },
      { activity: "cafe.order", pass: true, input: "아메리카노 주세요", attempt: 1, latencyMs: 48 },
      { activity: "cafe.temperature", pass: false, errorType: "particle", input: "아이스을 주세요", attempt: 1, latencyMs: 52 },
      { activity: "cafe.temperature", pass: true, input: "아이스로 주세요", attempt: 2, latencyMs: 47 },
      { activity: "cafe.pay", pass: true, input: "카드로 할게요", attempt: 1, latencyMs: 44 },
    ],
  },
];

/** AI calls: evaluation and speech, one failed TTS and one failed STT. (Also one chat line the filter held back, below.) */
const USAGE: Array<{ at: string; type: "eval" | "tts" | "stt"; name: string; cost: number; success: boolean; errorCode?: string }> = [
  { at: t(D20, "10:05"), type: "eval", name: "gemini", cost: 0.0012, success: true },
  { at: t(D20, "10:12"), type: "eval", name: "gemini", cost: 0.0015, success: true },
  { at: t(D20, "10:13"), type: "eval", name: "gemini", cost: 0, success: false, errorCode: "timeout" },
  { at: t(D20, "10:14"), type: "tts", name: "google-tts", cost: 0.0004, success: true },
  { at: t(D21, "09:01"), type: "tts", name: "google-tts", cost: 0, success: false, errorCode: "unavailable" },
  { at: t(D22, "08:10"), type: "stt", name: "google-stt", cost: 0, success: false, errorCode: "deadline_exceeded" },
  { at: t(D22, "08:11"), type: "stt", name: "google-stt", cost: 0.0024, success: true },
];

function minutesAfter(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

function eventOp(sessionId: string, activityId: string | null, eventType: "evaluation" | "lesson_start" | "lesson_complete", at: string, extra: Partial<Extract<WriteOp, { kind: "event" }>> = {}): WriteOp {
  return {
    kind: "event", id: randomUUID(), sessionId, activityId, eventType, userInput: null, tutorResponse: null, score: null, passFail: null,
    primaryErrorType: null, provider: null, modelId: null, latencyMs: null, evaluationDetail: null, metadata: null, createdAt: at, ...extra,
  };
}

function sessionOps(plan: SessionPlan, userId: string): WriteOp[] {
  const id = randomUUID();
  const ops: WriteOp[] = [
    { kind: "session.start", id, userId, scene: plan.scene, roomId: `room-${plan.scene}`, processId: "seed", lessonId: null, lang: plan.lang, startedAt: plan.start },
    { kind: "session.lesson", id, lessonId: plan.lessonId, currentStageId: null, currentActivityId: null },
    eventOp(id, plan.turns[0]!.activity, "lesson_start", minutesAfter(plan.start, 1)),
  ];
  plan.turns.forEach((turn, i) => {
    ops.push(eventOp(id, turn.activity, "evaluation", minutesAfter(plan.start, 2 + i), {
      userInput: turn.input, score: turn.pass ? 100 : 40, passFail: turn.pass, primaryErrorType: turn.pass ? "none" : (turn.errorType ?? "other"),
      provider: turn.provider ?? "rules", latencyMs: turn.latencyMs, evaluationDetail: { fallbackReason: turn.fallbackReason ?? null },
      metadata: { attempt: turn.attempt, llmAsked: turn.llmAsked ?? false, rulesPass: turn.rulesPass ?? turn.pass },
    }));
  });
  if (plan.completes) ops.push(eventOp(id, null, "lesson_complete", minutesAfter(plan.start, 3 + plan.turns.length), { metadata: { lessonId: plan.lessonId } }));
  ops.push({ kind: "session.end", id, status: "ended", endReason: "left", endedAt: plan.end });
  return ops;
}

export interface Seeded {
  users: Record<SessionPlan["learner"], string>;
}

export async function seed(server: TestServer): Promise<Seeded> {
  const [ana, siti, minh] = await Promise.all([server.signIn("Ana", "en"), server.signIn("Siti", "id"), server.signIn("Minh", "vi")]);
  const users = { ana: ana.learner.userId, siti: siti.learner.userId, minh: minh.learner.userId };
  const ops = PLAN.flatMap((plan) => sessionOps(plan, users[plan.learner]));
  for (const call of USAGE) {
    ops.push({
      kind: "ai.usage", id: randomUUID(), sessionId: null, eventId: null, providerType: call.type, providerName: call.name, modelId: null,
      tokensIn: null, tokensOut: null, audioDurationMs: null, latencyMs: 100, success: call.success, errorCode: call.errorCode ?? null,
      errorMessage: null, estimatedCostUsd: call.cost, createdAt: call.at,
    });
  }
  ops.push({
    kind: "chat.filter", id: randomUUID(), sessionId: null, userId: users.minh, roomId: "room-airport", text: "you fucking idiot",
    decision: "blocked", matched: ["fuck"], createdAt: t(D20, "10:20"),
  });
  for (const op of ops) server.services.writes.enqueue(op);
  if (!(await server.services.writes.flush(10_000))) throw new Error("the seeded writes were not stored");
  return { users };
}
