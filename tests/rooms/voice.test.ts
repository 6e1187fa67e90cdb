import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Room } from "@colyseus/sdk";
import { EspeakSynthesizer } from "../../services/ai/tts/EspeakSynthesizer.ts";
import { GoogleSpeechFake } from "../fakes/googleSpeechFake.ts";
import { Inbox } from "../helpers/inbox.ts";
import { startTestServer, type JoinedLearner, type SignedIn, type TestServer } from "../helpers/testServer.ts";
import { fixtureContent } from "../helpers/fixtureContent.ts";

interface Feedback {
  activityId: string;
  pass: boolean;
  errorType: string;
  feedback: string;
  transcript?: string;
  provider: string;
}

let speech: GoogleSpeechFake;
let server: TestServer;
let content: Awaited<ReturnType<typeof fixtureContent>>;

// The voice tests walk the airport lesson step by step: fixed fixture lessons, not the course.
beforeAll(async () => {
  speech = await new GoogleSpeechFake().start();
  content = await fixtureContent();
  server = await startTestServer({
    overrides: { contentDir: content.dir },
    env: { STT_PROVIDER: "google", GOOGLE_STT_ENDPOINT: speech.endpoint, GOOGLE_INSECURE_ENDPOINTS: "true", STT_BUDGET_MS: "1500", AUDIO_MAX_SECONDS: "10" },
  });
});
afterAll(async () => {
  await server?.stop();
  speech?.stop();
  await content?.remove();
});

async function say(text: string): Promise<Buffer> {
  return (await new EspeakSynthesizer("ko").synthesize(text, new AbortController().signal)).value.audio;
}

async function upload(who: SignedIn, audio: Buffer): Promise<string> {
  const response = await fetch(`${server.baseUrl}/api/v1/audio`, {
    method: "POST",
    headers: { "content-type": "audio/wav", authorization: `Bearer ${who.token}` },
    body: new Uint8Array(audio),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { audioId: string }).audioId;
}

async function startAirport(name: string): Promise<JoinedLearner & { inbox: Inbox }> {
  const joined = await server.join("airport", name, "en");
  const inbox = new Inbox(joined.room);
  joined.room.send("tutor:start", {});
  expect((await inbox.next<{ activityId: string }>("tutor:prompt")).activityId).toBe("airport.greet");
  return { ...joined, inbox };
}

function answerByVoice(room: Room, audioId: string): void {
  room.send("tutor:audio", { audioId });
}

describe("a spoken answer", () => {
  it("is uploaded, transcribed, evaluated like a typed one, and answered with the transcript", async () => {
    const mina = await startAirport("Mina");
    const audioId = await upload(mina.auth, await say("네, 여기 있어요"));
    speech.stt.transcript = "네 여기 있어요";
    answerByVoice(mina.room, audioId);
    const feedback = await mina.inbox.next<Feedback>("tutor:feedback");
    expect(feedback).toMatchObject({ activityId: "airport.greet", pass: true, errorType: "none", transcript: "네 여기 있어요", provider: "rules" });
    const request = speech.sttRequests.at(-1)!;
    expect(request.config).toMatchObject({ languageCode: "ko-KR", encoding: "LINEAR16", sampleRateHertz: 22050 });
    const sent = Buffer.from(request.audio.content as Uint8Array);
    expect(sent.toString("ascii", 0, 4)).toBe("RIFF");

    // A spoken answer with a mistake gets the same correction a typed one would.
    expect((await mina.inbox.next<{ activityId: string }>("tutor:prompt")).activityId).toBe("airport.destination");
    speech.stt.transcript = "서울에서 가요";
    answerByVoice(mina.room, await upload(mina.auth, await say("서울에서 가요")));
    const corrected = await mina.inbox.next<Feedback & { correction: string }>("tutor:feedback");
    expect(corrected).toMatchObject({ pass: false, errorType: "particle", correction: "서울에 가요", transcript: "서울에서 가요" });

    await mina.room.leave();
    expect(await server.services.writes.flush(5_000)).toBe(true);
    const { prisma } = server.services.db;
    const event = await prisma.sessionEvent.findFirstOrThrow({ where: { userInput: "네 여기 있어요", eventType: "evaluation" } });
    expect(event.metadata).toMatchObject({ transcript: "네 여기 있어요" });
    const usage = await prisma.aiUsageLog.findFirstOrThrow({ where: { eventId: event.id, providerType: "stt" } });
    expect(usage).toMatchObject({ providerName: "google", success: true, audioDurationMs: 3_000 });
    expect(Number(usage.estimatedCostUsd)).toBeGreaterThan(0);
  });

  it("fails a spoken repeat that is off, as a typed one would", async () => {
    const hoa = await startAirport("Hoa");
    hoa.room.send("tutor:skip", {});
    for (let i = 0; i < 5; i += 1) {
      await hoa.inbox.next("tutor:feedback");
      const prompt = await hoa.inbox.next<{ activityId: string }>("tutor:prompt");
      if (prompt.activityId === "airport.thanks") break;
      hoa.room.send("tutor:skip", {});
    }
    speech.stt.transcript = "감사함니다";
    answerByVoice(hoa.room, await upload(hoa.auth, await say("감사합니다")));
    expect(await hoa.inbox.next<Feedback>("tutor:feedback")).toMatchObject({ pass: false, errorType: "spelling", transcript: "감사함니다" });
    await hoa.room.leave();
  });

  it("is refused when the recording belongs to someone else or does not exist", async () => {
    const owner = await server.signIn("Owner", "en");
    const theirs = await upload(owner, await say("네, 여기 있어요"));
    const thief = await startAirport("Thief");
    const before = speech.sttRequests.length;
    answerByVoice(thief.room, theirs);
    expect(await thief.inbox.next("error")).toEqual({ code: "audio_not_found", message: "I couldn't find that recording; please record it again." });
    answerByVoice(thief.room, "00000000-0000-4000-8000-000000000000");
    expect(await thief.inbox.next("error")).toMatchObject({ code: "audio_not_found" });
    thief.room.send("tutor:audio", { audioId: "../../etc/passwd" });
    expect(await thief.inbox.next("error")).toMatchObject({ code: "invalid_message" });
    expect(speech.sttRequests.length).toBe(before);
    await thief.room.leave();
  });

  it("tells the learner to type when speech recognition fails or hears nothing", async () => {
    const lan = await startAirport("Lan");
    speech.stt.fail = { code: 14, message: "unavailable" };
    answerByVoice(lan.room, await upload(lan.auth, await say("네, 여기 있어요")));
    expect(await lan.inbox.next("error")).toMatchObject({ code: "voice_unavailable" });
    speech.stt.fail = undefined;
    speech.stt.transcript = "";
    answerByVoice(lan.room, await upload(lan.auth, await say("음")));
    expect(await lan.inbox.next("error")).toMatchObject({ code: "audio_unintelligible" });
    // Typing still works.
    lan.room.send("tutor:answer", { text: "네, 여기 있어요" });
    expect(await lan.inbox.next<Feedback>("tutor:feedback")).toMatchObject({ pass: true });
    await lan.room.leave();
  });
});

/** `seconds` of 16-bit mono PCM silence at 16 kHz, as a WAV file. */
function silence(seconds: number): Buffer {
  const rate = 16_000;
  const data = rate * 2 * seconds;
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + data, 4);
  header.write("WAVEfmt ", 8, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(data, 40);
  return Buffer.concat([header, Buffer.alloc(data)]);
}

describe("a recording over the length limit", () => {
  it("is refused with the configured limit in the message", async () => {
    const who = await server.signIn("Talker", "en");
    const response = await fetch(`${server.baseUrl}/api/v1/audio`, {
      method: "POST",
      headers: { "content-type": "audio/wav", authorization: `Bearer ${who.token}` },
      body: new Uint8Array(silence(12)),
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ error: { code: "audio_too_long", message: "Recordings may last at most 10 seconds." } });
  });
});

