import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EspeakSynthesizer } from "../../services/ai/tts/EspeakSynthesizer.ts";
import { startTestServer, type SignedIn, type TestServer } from "../helpers/testServer.ts";

const ORIGIN = "https://play.koto.test";
let server: TestServer;
let owner: SignedIn;
let stranger: SignedIn;
let wav: Buffer;

beforeAll(async () => {
  server = await startTestServer({ env: { CORS_ORIGINS: ORIGIN, RATE_LIMIT_SIGNIN_PER_MINUTE: "12" } });
  owner = await server.signIn("Owner", "en");
  stranger = await server.signIn("Stranger", "id");
  wav = (await new EspeakSynthesizer("ko").synthesize("네, 여기 있어요", new AbortController().signal)).value.audio;
});
afterAll(async () => {
  await server?.stop();
});

const fixture = (name: string) => readFile(`tests/fixtures/audio/${name}`);
const auth = (who: SignedIn | string) => ({ authorization: `Bearer ${typeof who === "string" ? who : who.token}` });

async function upload(body: Buffer | string, type: string, who: SignedIn | string | null = owner) {
  const response = await fetch(`${server.baseUrl}/api/v1/audio`, {
    method: "POST",
    headers: { "content-type": type, ...(who ? auth(who) : {}) },
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
  return { status: response.status, body: (await response.json()) as { audioId?: string; error?: { code: string; message: string } } };
}

describe("identity on every endpoint", () => {
  it("refuses missing, forged, expired and malformed tokens with 401", async () => {
    const expired = await server.services.tokens.issue(owner.learner, -5);
    const forged = `${owner.token.slice(0, -4)}AAAA`;
    for (const path of ["/api/v1/me", "/api/v1/me/progress", "/api/v1/me/sessions", "/api/v1/audio/00000000-0000-4000-8000-000000000000"]) {
      expect((await fetch(`${server.baseUrl}${path}`)).status, path).toBe(401);
      for (const token of [forged, expired.token, "not.a.jwt", "Bearer"]) {
        const response = await fetch(`${server.baseUrl}${path}`, { headers: auth(token) });
        expect(response.status, `${path} ${token.slice(0, 12)}`).toBe(401);
      }
    }
    const late = await fetch(`${server.baseUrl}/api/v1/me`, { headers: auth(expired.token) });
    expect(await late.json()).toEqual({ error: { code: "token_expired", message: "Token expired; sign in again." } });
    expect((await upload(wav, "audio/wav", null)).status).toBe(401);
  });

  it("keeps the public lesson list open and sign-in open", async () => {
    expect((await fetch(`${server.baseUrl}/api/v1/lessons`)).status).toBe(200);
  });
});

describe("recordings", () => {
  it("accepts WAV, WebM/Opus (also as recorded live by browsers), Ogg/Opus and MP3, raw or multipart", async () => {
    const cases: Array<[Buffer, string]> = [
      [wav, "audio/wav"],
      [await fixture("answer.webm"), "audio/webm;codecs=opus"],
      [await fixture("answer-live.webm"), "audio/webm"],
      [await fixture("answer.ogg"), "audio/ogg; codecs=opus"],
      [await fixture("answer.mp3"), "audio/mpeg"],
    ];
    for (const [body, type] of cases) {
      const result = await upload(body, type);
      expect(result.status, type).toBe(201);
      expect(result.body.audioId).toMatch(/^[0-9a-f-]{36}$/);
    }
    const form = new FormData();
    form.append("audio", new Blob([new Uint8Array(await fixture("answer.ogg"))], { type: "audio/ogg" }), "answer.ogg");
    const multipart = await fetch(`${server.baseUrl}/api/v1/audio`, { method: "POST", headers: auth(owner), body: form });
    expect(multipart.status).toBe(201);
    expect(await multipart.json()).toMatchObject({ format: { container: "ogg", codec: "opus" } });
  });

  it("checks uploads by their bytes: oversized, truncated, mislabelled, not audio, too long", async () => {
    const big = Buffer.concat([wav, Buffer.alloc(2 * 1024 * 1024)]);
    expect((await upload(big, "audio/wav")).status).toBe(413);
    for (const name of ["answer.webm", "answer-live.webm", "answer.ogg", "answer.mp3"]) {
      const whole = await fixture(name);
      const cut = await upload(whole.subarray(0, Math.floor(whole.length * 0.6)), name.endsWith("mp3") ? "audio/mpeg" : `audio/${name.split(".")[1]}`);
      expect(cut, name).toMatchObject({ status: 422, body: { error: { code: "truncated_audio" } } });
    }
    expect(await upload(wav.subarray(0, wav.length - 1000), "audio/wav")).toMatchObject({ status: 422, body: { error: { code: "truncated_audio" } } });
    expect(await upload(wav, "audio/webm")).toMatchObject({ status: 415, body: { error: { code: "mislabelled_audio" } } });
    expect(await upload("I am not audio at all, only text.".repeat(10), "audio/webm")).toMatchObject({ status: 422, body: { error: { code: "not_audio" } } });
    expect(await upload(await fixture("long.ogg"), "audio/ogg")).toMatchObject({ status: 422, body: { error: { code: "audio_too_long" } } });
    expect(await upload(wav, "application/json")).toMatchObject({ status: 415, body: { error: { code: "unsupported_media_type" } } });
    const rows = await server.services.db.prisma.audioFile.count({ where: { ownerId: owner.learner.userId } });
    expect(rows).toBe(6);
  });

  it("lets only the owner fetch a recording, through a short-lived link", async () => {
    const { body } = await upload(wav, "audio/wav");
    const id = body.audioId!;
    const mine = await fetch(`${server.baseUrl}/api/v1/audio/${id}`, { headers: auth(owner), redirect: "manual" });
    expect(mine.status).toBe(302);
    expect(mine.headers.get("cache-control")).toBe("no-store");
    const location = mine.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^/media/recordings/${owner.learner.userId}/${id}\\.wav\\?expires=`));
    const audio = await fetch(`${server.baseUrl}${location}`);
    expect(Buffer.from(await audio.arrayBuffer())).toEqual(wav);

    expect((await fetch(`${server.baseUrl}/api/v1/audio/${id}`, { headers: auth(stranger) })).status).toBe(404);
    expect((await fetch(`${server.baseUrl}${location.split("?")[0]}`)).status).toBe(403);
    for (const bad of ["00000000-0000-4000-8000-000000000000", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "not-a-uuid"]) {
      expect((await fetch(`${server.baseUrl}/api/v1/audio/${bad}`, { headers: auth(owner) })).status, bad).toBe(404);
    }
    const traversal = await fetch(`${server.baseUrl}/media/recordings/${owner.learner.userId}/..%2F..%2Fjwt-secret?expires=9999999999&signature=x`);
    expect(traversal.status).toBe(403);
  });

  it("deletes expired recordings, object and row", async () => {
    const { body } = await upload(wav, "audio/wav");
    const row = await server.services.db.prisma.audioFile.update({ where: { id: body.audioId! }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect(await server.services.store.exists(row.objectKey)).toBe(true);
    expect((await fetch(`${server.baseUrl}/api/v1/audio/${row.id}`, { headers: auth(owner), redirect: "manual" })).status).toBe(404);
    expect(await server.services.recordings.deleteExpired()).toBeGreaterThanOrEqual(1);
    expect(await server.services.store.exists(row.objectKey)).toBe(false);
    expect(await server.services.db.prisma.audioFile.findUnique({ where: { id: row.id } })).toBeNull();
  });
});

describe("malformed requests", () => {
  it("answers malformed and oversized JSON with short errors", async () => {
    const post = (body: string) =>
      fetch(`${server.baseUrl}/api/v1/auth/guest`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(await (await post("{")).json()).toEqual({ error: { code: "malformed_json", message: "Request body is not valid JSON." } });
    const huge = await post(JSON.stringify({ name: "x".repeat(20_000), lang: "en" }));
    expect(huge.status).toBe(413);
    expect((await fetch(`${server.baseUrl}/api/v1/nope`)).status).toBe(404);
  });
});

describe("headers and origins", () => {
  it("sends security headers and allows only configured origins", async () => {
    const allowed = await fetch(`${server.baseUrl}/api/v1/lessons`, { headers: { origin: ORIGIN } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(allowed.headers.get("x-content-type-options")).toBe("nosniff");
    expect(allowed.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
    expect(allowed.headers.get("x-powered-by")).toBeNull();
    const other = await fetch(`${server.baseUrl}/api/v1/lessons`, { headers: { origin: "https://evil.example" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const matchmaking = await fetch(`${server.baseUrl}/matchmake/joinOrCreate/cafe`, { method: "OPTIONS", headers: { origin: "https://evil.example" } });
    expect(matchmaking.headers.get("access-control-allow-origin")).toBeNull();
    const friendly = await fetch(`${server.baseUrl}/matchmake/joinOrCreate/cafe`, { method: "OPTIONS", headers: { origin: ORIGIN } });
    expect(friendly.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(friendly.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
    expect(friendly.headers.get("access-control-allow-credentials")).toBeNull();
  });
});

describe("rate limits", () => {
  it("limits guest sign-ins per IP with 429 and Retry-After, and keeps serving everyone else", async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 15; i += 1) {
      const response = await fetch(`${server.baseUrl}/api/v1/auth/guest`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: `Bot${i}`, lang: "en" }),
      });
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get("retry-after");
        expect(await response.json()).toMatchObject({ error: { code: "rate_limited" } });
      }
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Learners already signed in are not affected.
    expect((await fetch(`${server.baseUrl}/api/v1/me`, { headers: auth(owner) })).status).toBe(200);
    const { Client } = await import("@colyseus/sdk");
    const sdk = new Client(server.baseUrl);
    sdk.auth.token = owner.token;
    const room = await sdk.joinOrCreate("cafe", {});
    await room.leave();
  });
});
