import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestServer, type SignedIn, type TestServer } from "../helpers/testServer.ts";

/**
 * Recordings judged by what they contain: a header that lies about the length or the format
 * is caught by counting the samples or the frames, and a malformed form is the client's error.
 */

let server: TestServer;
let learner: SignedIn;

beforeAll(async () => {
  server = await startTestServer({ database: "postgres" });
  learner = await server.signIn("Uploader");
});
afterAll(async () => {
  await server?.stop();
});

interface WavShape {
  seconds: number;
  sampleRate?: number;
  /** What the header claims, when it lies. */
  declaredSampleRate?: number;
  declaredByteRate?: number;
  declaredBlockAlign?: number;
}

/** A 16-bit mono PCM WAV of a quiet tone, with whatever its header should claim. */
function wav(shape: WavShape): Buffer {
  const rate = shape.sampleRate ?? 16_000;
  const samples = Math.round(shape.seconds * rate);
  const file = Buffer.alloc(44 + samples * 2);
  file.write("RIFF", 0, "ascii");
  file.writeUInt32LE(36 + samples * 2, 4);
  file.write("WAVEfmt ", 8, "ascii");
  file.writeUInt32LE(16, 16);
  file.writeUInt16LE(1, 20);
  file.writeUInt16LE(1, 22);
  file.writeUInt32LE(shape.declaredSampleRate ?? rate, 24);
  file.writeUInt32LE(shape.declaredByteRate ?? rate * 2, 28);
  file.writeUInt16LE(shape.declaredBlockAlign ?? 2, 32);
  file.writeUInt16LE(16, 34);
  file.write("data", 36, "ascii");
  file.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i += 1) file.writeInt16LE(Math.round(800 * Math.sin((i * 2 * Math.PI * 220) / rate)), 44 + i * 2);
  return file;
}

/** long.ogg (35 s) with its last page claiming the stream ends after `seconds`. */
async function oggClaiming(seconds: number): Promise<Buffer> {
  const ogg = Buffer.from(await readFile("tests/fixtures/audio/long.ogg"));
  const last = ogg.lastIndexOf("OggS");
  ogg.writeBigUInt64LE(BigInt(seconds * 48_000 + 312), last + 6);
  return ogg;
}

const auth = () => ({ authorization: `Bearer ${learner.token}` });

async function upload(body: RequestInit["body"], headers: Record<string, string> = {}) {
  const response = await fetch(`${server.baseUrl}/api/v1/audio`, { method: "POST", headers: { ...auth(), ...headers }, body });
  return { status: response.status, body: (await response.json()) as { durationMs?: number; error?: { code: string; message: string } } };
}

const raw = (file: Buffer, type: string) => upload(new Uint8Array(file), { "content-type": type });

describe("recording length from the data, not the header", () => {
  it("measures a WAV by its samples: a tripled byte rate does not make 60 s look like 20 s", async () => {
    expect((await raw(wav({ seconds: 2 }), "audio/wav")).body.durationMs).toBe(2_000);
    const lying = await raw(wav({ seconds: 60, declaredByteRate: 16_000 * 2 * 3 }), "audio/wav");
    expect(lying).toMatchObject({ status: 422, body: { error: { code: "malformed_audio" } } });
    const honest = await raw(wav({ seconds: 60 }), "audio/wav");
    expect(honest).toMatchObject({ status: 422, body: { error: { code: "audio_too_long" } } });
  });

  it("refuses absurd WAV headers: sample rate 0, a block size that disagrees with the format", async () => {
    for (const shape of [
      { seconds: 2, declaredSampleRate: 0, declaredByteRate: 32_000 },
      { seconds: 2, declaredSampleRate: 0, declaredByteRate: 0 },
      { seconds: 2, declaredBlockAlign: 6 },
      { seconds: 2, declaredSampleRate: 1_000_000, declaredByteRate: 2_000_000 },
    ]) {
      const result = await raw(wav(shape), "audio/wav");
      expect(result, JSON.stringify(shape)).toMatchObject({ status: 422, body: { error: { code: "malformed_audio" } } });
    }
  });

  it("measures Ogg/Opus by its packets: a last page claiming 5 s does not hide 35 s", async () => {
    const result = await raw(await oggClaiming(5), "audio/ogg");
    expect(result).toMatchObject({ status: 422, body: { error: { code: "audio_too_long" } } });
  });

  it("still measures real recordings within a few milliseconds", async () => {
    const expected: Record<string, number> = { "answer.webm": 1_621, "answer-live.webm": 1_621, "answer.ogg": 1_594, "answer.mp3": 1_698 };
    for (const [name, ms] of Object.entries(expected)) {
      const type = name.endsWith("mp3") ? "audio/mpeg" : `audio/${name.split(".")[1]}`;
      const result = await raw(await readFile(`tests/fixtures/audio/${name}`), type);
      expect(result.status, name).toBe(201);
      expect(Math.abs(result.body.durationMs! - ms), name).toBeLessThanOrEqual(30);
    }
  });
});

describe("malformed multipart uploads", () => {
  const audioFile = () => new Blob([new Uint8Array(wav({ seconds: 1 }))], { type: "audio/wav" });

  it("answers each with a 4xx and a clear code, and logs no error", async () => {
    const errors = vi.spyOn(server.services.logger, "error");
    const twoFiles = new FormData();
    twoFiles.append("audio", audioFile(), "a.wav");
    twoFiles.append("audio", audioFile(), "b.wav");
    expect(await upload(twoFiles)).toMatchObject({ status: 400, body: { error: { code: "too_many_files" } } });

    const wrongField = new FormData();
    wrongField.append("recording", audioFile(), "a.wav");
    expect(await upload(wrongField)).toMatchObject({ status: 400, body: { error: { code: "unexpected_field" } } });

    const boundary = "----kotoCutOff";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="audio"; filename="a.wav"\r\nContent-Type: audio/wav\r\n\r\n`;
    const cut = Buffer.concat([Buffer.from(head), wav({ seconds: 1 }).subarray(0, 5_000)]);
    const cutOff = await upload(new Uint8Array(cut), { "content-type": `multipart/form-data; boundary=${boundary}` });
    expect(cutOff).toMatchObject({ status: 400, body: { error: { code: "malformed_multipart" } } });

    const noBoundary = await upload("not a form", { "content-type": "multipart/form-data" });
    expect(noBoundary).toMatchObject({ status: 400, body: { error: { code: "malformed_multipart" } } });

    const manyFields = new FormData();
    for (let i = 0; i < 8; i += 1) manyFields.append(`field${i}`, "x");
    expect(await upload(manyFields)).toMatchObject({ status: 400, body: { error: { code: "too_many_parts" } } });

    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
    // Nothing was stored by any of them, and a good form still works afterwards.
    expect(await server.services.db.prisma.audioFile.count({ where: { ownerId: learner.learner.userId, durationMs: 1_000 } })).toBe(0);
    const good = new FormData();
    good.append("audio", audioFile(), "a.wav");
    expect(await upload(good)).toMatchObject({ status: 201, body: { durationMs: 1_000 } });
  });
});
