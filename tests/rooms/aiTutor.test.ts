import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Room } from "@colyseus/sdk";
import { GeminiFake } from "../fakes/geminiFake.ts";
import { GoogleSpeechFake } from "../fakes/googleSpeechFake.ts";
import { Inbox } from "../helpers/inbox.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";
import type { Catalog } from "../../domain/catalog.ts";
import { modelAnswer } from "../../domain/lessons/lesson.ts";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { loadCatalog } from "../../services/content/loadCatalog.ts";

interface Prompt {
  activityId: string;
  kind: string;
  audioUrl?: string;
}
interface Feedback {
  activityId: string;
  pass: boolean;
  errorType: string;
  feedback: string;
  provider: string;
  latencyMs: number;
  audioUrl?: string;
  correction?: string;
}

let gemini: GeminiFake;
let speech: GoogleSpeechFake;
let server: TestServer;
let catalog: Catalog;

beforeAll(async () => {
  catalog = await loadCatalog(CONTENT_DIR);
  gemini = await new GeminiFake().start();
  speech = await new GoogleSpeechFake().start();
  server = await startTestServer({
    env: {
      EVAL_PROVIDER: "gemini",
      GEMINI_API_KEY: "test-gemini-key",
      GEMINI_BASE_URL: gemini.baseUrl,
      TTS_PROVIDER: "google",
      GOOGLE_TTS_ENDPOINT: speech.endpoint,
      GOOGLE_INSECURE_ENDPOINTS: "true",
    },
  });
});
afterAll(async () => {
  await server?.stop();
  speech?.stop();
  await gemini?.stop();
});

async function learnerAt(activityId: string, lang: "en" | "id" | "vi") {
  const joined = await server.join("cafe", `AI-${lang}-${Math.random().toString(36).slice(2, 6)}`, lang);
  const inbox = new Inbox(joined.room);
  joined.room.send("tutor:start", {});
  let prompt = await inbox.next<Prompt>("tutor:prompt");
  const answers: Record<string, unknown> = { "cafe.greet": { text: "안녕하세요" } };
  while (prompt.activityId !== activityId) {
    joined.room.send("tutor:answer", answers[prompt.activityId]);
    await inbox.next<Feedback>("tutor:feedback");
    prompt = await inbox.next<Prompt>("tutor:prompt");
  }
  return { ...joined, inbox, prompt };
}

async function answer(room: Room, inbox: Inbox, text: string): Promise<{ feedback: Feedback; elapsed: number }> {
  const started = performance.now();
  room.send("tutor:answer", { text });
  const feedback = await inbox.next<Feedback>("tutor:feedback", 5_000);
  return { feedback, elapsed: performance.now() - started };
}

describe("the tutor with Gemini answering", () => {
  it("asks the LLM about ambiguous answers only, and passes its feedback on in the learner's language", async () => {
    const budi = await learnerAt("cafe.order", "id");
    gemini.requests.length = 0;
    gemini.mode = {
      kind: "answer",
      json: { score: 93, pass: true, errorType: "none", errors: [], correction: null, feedback: "Bagus! 모히또 ada di menu." },
    };
    const ambiguous = await answer(budi.room, budi.inbox, "모히또 한 잔 주세요");
    expect(ambiguous.feedback).toMatchObject({ pass: true, provider: "gemini", feedback: "Bagus! 모히또 ada di menu." });
    expect(gemini.requests).toHaveLength(1);
    expect(gemini.requests[0]!.body.systemInstruction!.parts[0]!.text).toMatch(/in Indonesian/);
    await budi.inbox.next("tutor:prompt");

    // A choice, or a confident rule verdict, is not sent to the LLM.
    budi.room.send("tutor:choose", { index: 0 });
    expect((await budi.inbox.next<Feedback>("tutor:feedback")).provider).toBe("rules");
    const next = await budi.inbox.next<Prompt>("tutor:prompt");
    const activity = catalog.activity(next.activityId)?.activity;
    if (!activity) throw new Error(`no activity ${next.activityId}`);
    const clear = await answer(budi.room, budi.inbox, modelAnswer(activity));
    expect(clear.feedback).toMatchObject({ provider: "rules", pass: true });
    expect(gemini.requests).toHaveLength(1);
    await budi.room.leave();
  });
});

describe("the tutor with Gemini failing", () => {
  it("still answers every turn within 2.5 s, opens the circuit after two turns that hang, and records the failures", async () => {
    const lan = await learnerAt("cafe.order", "vi");
    gemini.mode = { kind: "hang" };
    const elapsed: number[] = [];
    let prompt = lan.prompt;
    // Three tries at the order, three at paying (the answer fits neither, so the rules are
    // unsure and ask the LLM), two at repeating "thank you"; options picked in between.
    while (elapsed.length < 8) {
      if (prompt.kind === "choice" || prompt.kind === "listen") {
        lan.room.send("tutor:choose", { index: 0 });
        await lan.inbox.next<Feedback>("tutor:feedback");
      } else {
        const { feedback, elapsed: ms } = await answer(lan.room, lan.inbox, "모히또 주세요");
        expect(feedback).toMatchObject({ provider: "rules" });
        elapsed.push(ms);
      }
      prompt = await lan.inbox.next<Prompt>("tutor:prompt");
    }
    expect(Math.max(...elapsed)).toBeLessThan(2_500);
    // Two turns that hang open the circuit; from then on turns no longer wait for the LLM at all.
    expect(elapsed.slice(0, 2).every((ms) => ms >= 1_500)).toBe(true);
    expect(elapsed.slice(2).every((ms) => ms < 300), elapsed.join(", ")).toBe(true);
    const geminiPolicy = server.services.ai.policies.find((p) => p.name === "gemini")!;
    expect(geminiPolicy.circuit).toBe("open");

    await lan.room.leave();
    expect(await server.services.writes.flush(5_000)).toBe(true);
    const rows = await server.services.db.prisma.aiUsageLog.findMany({ where: { providerType: "eval", success: false } });
    const codes = rows.map((r) => r.errorCode);
    expect(codes).toContain("timeout");
    expect(codes).toContain("circuit_open");
    const events = await server.services.db.prisma.sessionEvent.findMany({ where: { eventType: "evaluation", provider: "rules" } });
    expect(events.some((e) => (e.evaluationDetail as { fallbackReason?: string }).fallbackReason === "circuit_open")).toBe(true);
    const linked = rows.filter((r) => r.eventId !== null);
    expect(linked.length).toBeGreaterThan(0);
  }, 60_000);
});

describe("the tutor's voice through Google Text-to-Speech", () => {
  it("gives prompts a signed audio link to the synthesised line, refused when tampered with", async () => {
    const joined = await server.join("cafe", "Listener", "en");
    const inbox = new Inbox(joined.room);
    joined.room.send("tutor:start", {});
    const prompt = await inbox.next<Prompt>("tutor:prompt");
    expect(prompt.audioUrl).toMatch(/^\/media\/tts\/google\/[0-9a-f]{40}\.mp3\?/);
    const audio = await fetch(`${server.baseUrl}${prompt.audioUrl}`);
    expect(audio.status).toBe(200);
    expect(audio.headers.get("content-type")).toBe("audio/mpeg");
    expect(Buffer.from(await audio.arrayBuffer())).toEqual(speech.tts.audio);
    const tampered = prompt.audioUrl!.replace(/signature=./, "signature=A");
    expect((await fetch(`${server.baseUrl}${tampered}`)).status).toBe(403);
    const expired = prompt.audioUrl!.replace(/expires=\d+/, "expires=1000");
    expect((await fetch(`${server.baseUrl}${expired}`)).status).toBe(403);
    const traversal = await fetch(`${server.baseUrl}/media/../../etc/passwd?expires=9999999999&signature=x`);
    expect([403, 404]).toContain(traversal.status);
    expect(speech.ttsRequests.some((r) => r.input.text === "어서 오세요! 안녕하세요?")).toBe(true);
    await joined.room.leave();
    expect(await server.services.writes.flush(5_000)).toBe(true);
    const ttsRows = await server.services.db.prisma.aiUsageLog.count({ where: { providerType: "tts", providerName: "google", success: true } });
    expect(ttsRows).toBeGreaterThan(0);
  });
});
