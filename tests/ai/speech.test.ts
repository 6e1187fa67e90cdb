import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderCallError } from "../../services/ai/policy/aiErrors.ts";
import { ProviderPolicy } from "../../services/ai/policy/ProviderPolicy.ts";
import { GoogleRecognizer } from "../../services/ai/stt/GoogleRecognizer.ts";
import { EspeakSynthesizer } from "../../services/ai/tts/EspeakSynthesizer.ts";
import { GoogleSynthesizer } from "../../services/ai/tts/GoogleSynthesizer.ts";
import { TutorVoice } from "../../services/ai/tts/TutorVoice.ts";
import type { UsageEntry } from "../../services/ai/usage/UsageRecorder.ts";
import { systemClock } from "../../services/clock.ts";
import { createLogger } from "../../services/logger.ts";
import { FsObjectStore } from "../../services/storage/FsObjectStore.ts";
import { UrlSigner } from "../../services/storage/UrlSigner.ts";
import { GoogleSpeechFake } from "../fakes/googleSpeechFake.ts";

const signal = () => new AbortController().signal;
let fake: GoogleSpeechFake;
let dir: string;

beforeAll(async () => {
  fake = await new GoogleSpeechFake().start();
  dir = await mkdtemp(path.join(os.tmpdir(), "koto-speech-"));
});
afterAll(async () => {
  fake.stop();
  await rm(dir, { recursive: true, force: true });
});

function parseWav(wav: Buffer) {
  return {
    riff: wav.toString("ascii", 0, 4),
    wave: wav.toString("ascii", 8, 12),
    riffSize: wav.readUInt32LE(4),
    channels: wav.readUInt16LE(22),
    sampleRate: wav.readUInt32LE(24),
    dataTag: wav.toString("ascii", 36, 40),
    dataSize: wav.readUInt32LE(40),
  };
}

describe("espeak-ng, for real", () => {
  const espeak = new EspeakSynthesizer("ko");

  it("turns Korean into a valid WAV with true header sizes", async () => {
    const result = await espeak.synthesize("아메리카노 한 잔 주세요", signal());
    const wav = parseWav(result.value.audio);
    expect(wav).toMatchObject({ riff: "RIFF", wave: "WAVE", dataTag: "data", channels: 1, sampleRate: 22050 });
    expect(wav.riffSize).toBe(result.value.audio.length - 8);
    expect(wav.dataSize).toBe(result.value.audio.length - 44);
    expect(result.usage.audioDurationMs).toBeGreaterThan(500);
    expect(result.usage.characters).toBe(13);
  });

  it("treats text that looks like options or shell as text", async () => {
    const marker = path.join(dir, "pwned");
    for (const text of ["--help", "-w /tmp/x 감사합니다", `$(touch ${marker})`, `"; touch ${marker}; echo "`, "`id`"]) {
      const result = await espeak.synthesize(text, signal());
      expect(parseWav(result.value.audio).riff, text).toBe("RIFF");
    }
    expect(existsSync(marker)).toBe(false);
    expect(existsSync("/tmp/x")).toBe(false);
  });

  it("reports a missing binary as a provider failure", async () => {
    await expect(new EspeakSynthesizer("ko", "espeak-ng-not-installed").synthesize("안녕", signal())).rejects.toBeInstanceOf(ProviderCallError);
  });
});

describe("Google Text-to-Speech and Speech-to-Text over gRPC (local fakes of the real protocol)", () => {
  it("asks for Korean speech with the configured voice", async () => {
    const google = new GoogleSynthesizer("ko-KR-Neural2-A", fake.endpoint, true);
    const result = await google.synthesize("감사합니다", signal());
    expect(result.value).toMatchObject({ audio: fake.tts.audio, contentType: "audio/mpeg", extension: "mp3" });
    expect(fake.ttsRequests.at(-1)).toMatchObject({
      input: { text: "감사합니다" },
      voice: { languageCode: "ko-KR", name: "ko-KR-Neural2-A" },
      audioConfig: { audioEncoding: "MP3" },
    });
    await google.close();
  });

  it("transcribes recordings as Korean with the encoding of their format", async () => {
    const google = new GoogleRecognizer(fake.endpoint, true);
    fake.stt.transcript = "아메리카노 한 잔 주세요";
    const cases = [
      { container: "webm", codec: "opus", sampleRateHertz: 48_000, encoding: "WEBM_OPUS" },
      { container: "ogg", codec: "opus", sampleRateHertz: 48_000, encoding: "OGG_OPUS" },
      { container: "wav", codec: "pcm", sampleRateHertz: 16_000, encoding: "LINEAR16" },
      { container: "mp3", codec: "mp3", sampleRateHertz: 44_100, encoding: "MP3" },
    ] as const;
    for (const { encoding, ...format } of cases) {
      const result = await google.transcribe(Buffer.from("audio"), { ...format, channels: 1, durationMs: 2_000 }, signal());
      expect(result.value.text).toBe("아메리카노 한 잔 주세요");
      expect(result.usage.audioDurationMs).toBe(3_000);
      expect(fake.sttRequests.at(-1)!.config).toMatchObject({ languageCode: "ko-KR", encoding, sampleRateHertz: format.sampleRateHertz });
    }
    fake.stt.transcript = "";
    expect((await google.transcribe(Buffer.from("x"), { ...cases[0], channels: 1, durationMs: 500 }, signal())).value.text).toBe("");
    await google.close();
  });
});

describe("the tutor's voice", () => {
  function voiceWith(budgetMs: number) {
    const usage: UsageEntry[] = [];
    const store = new FsObjectStore(path.join(dir, "objects"), new UrlSigner("secret"), systemClock);
    const synthesizer = new GoogleSynthesizer("ko-KR-Neural2-A", fake.endpoint, true);
    const policy = new ProviderPolicy({ type: "tts", name: "google", modelId: "ko-KR-Neural2-A", concurrency: 4, logger: createLogger("silent"), clock: systemClock });
    const recorder = { record: (entry: UsageEntry) => usage.push(entry) } as unknown as ConstructorParameters<typeof TutorVoice>[0]["usage"];
    const voice = new TutorVoice({ synthesizer, policy, store, usage: recorder, logger: createLogger("silent"), budgetMs, urlTtlSeconds: 60 });
    return { voice, store, usage };
  }

  it("synthesises a line once, keeps it under a content hash, and hands out signed links", async () => {
    const { voice, store, usage } = voiceWith(2_000);
    const before = fake.ttsRequests.length;
    const first = await voice.audioUrl("어서 오세요!");
    const second = await voice.audioUrl("어서 오세요!");
    expect(first).toMatch(/^\/media\/tts\/google\/[0-9a-f]{40}\.mp3\?expires=\d+&signature=/);
    expect(second).toMatch(/^\/media\/tts\/google\//);
    expect(fake.ttsRequests.length - before).toBe(1);
    expect(await store.get(voice.keyFor("어서 오세요!"))).toMatchObject({ body: fake.tts.audio });
    expect(usage).toEqual([expect.objectContaining({ providerType: "tts", success: true, characters: 7 })]);
  });

  it("pre-synthesises lines in the background, skipping those already stored", async () => {
    const { voice } = voiceWith(2_000);
    const before = fake.ttsRequests.length;
    const result = await voice.presynthesize(["어서 오세요!", "주문하시겠어요?", "감사합니다", "주문하시겠어요?"]);
    expect(result).toEqual({ total: 3, stored: 3, failed: 0 });
    expect(fake.ttsRequests.length - before).toBe(2);
  });

  it("goes without audio rather than keep the learner waiting, and caches it for next time", async () => {
    const { voice } = voiceWith(100);
    fake.tts.delayMs = 400;
    try {
      expect(await voice.audioUrl("천천히 말해 주세요")).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await voice.audioUrl("천천히 말해 주세요")).toMatch(/^\/media\//);
    } finally {
      fake.tts.delayMs = undefined;
    }
  });

  it("goes without audio when the provider fails", async () => {
    const { voice, usage } = voiceWith(1_000);
    fake.tts.fail = { code: 3, message: "invalid voice" };
    try {
      expect(await voice.audioUrl("실패")).toBeUndefined();
      expect(usage.at(-1)).toMatchObject({ success: false, errorCode: "grpc_3" });
    } finally {
      fake.tts.fail = undefined;
    }
  });
});
