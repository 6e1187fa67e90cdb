import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderPolicy } from "../../services/ai/policy/ProviderPolicy.ts";
import type { UsageEntry } from "../../services/ai/usage/UsageRecorder.ts";
import { systemClock } from "../../services/clock.ts";
import { TokenService } from "../../services/identity/TokenService.ts";
import { logThrottle } from "../../services/logThrottle.ts";
import { createLogger } from "../../services/logger.ts";
import { FsObjectStore } from "../../services/storage/FsObjectStore.ts";
import { UrlSigner } from "../../services/storage/UrlSigner.ts";
import { ManualClock } from "../helpers/manualClock.ts";
import { startTestServer, type SignedIn, type TestServer } from "../helpers/testServer.ts";

const DAY_MS = 86_400_000;
const learner = { userId: "0b0f4a8e-5d1c-4c41-9d7e-2b8f1c6a9e10", name: "Minsu", lang: "en" as const };

describe("services on the injected clock", () => {
  it("issues and checks tokens by it", async () => {
    const clock = new ManualClock("2026-11-01T00:00:00Z");
    const tokens = new TokenService("a".repeat(32), 3_600, clock);
    const { token, expiresAt } = await tokens.issue(learner);
    expect(expiresAt.toISOString()).toBe("2026-11-01T01:00:00.000Z");
    expect(await tokens.verify(token)).toEqual({ ok: true, learner });
    clock.advance(3_601_000);
    expect(await tokens.verify(token)).toEqual({ ok: false, reason: "expired" });
    // By the system clock, a month later, the same token has long expired: the check reads the injected clock.
    expect(await new TokenService("a".repeat(32), 3_600, systemClock).verify(token)).toEqual({ ok: false, reason: "expired" });
  });

  it("signs file links that expire by it", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "koto-clock-"));
    try {
      const clock = new ManualClock("2026-11-01T00:00:00Z");
      const url = await new FsObjectStore(dir, new UrlSigner("secret"), clock).signedUrl("tts/a.wav", 300);
      expect(new URL(url, "http://x").searchParams.get("expires")).toBe(String(Date.parse("2026-11-01T00:05:00Z") / 1000));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("measures AI calls and their attempts by it", async () => {
    const clock = new ManualClock();
    const policy = new ProviderPolicy({ type: "eval", name: "fake", modelId: "m", concurrency: 1, logger: createLogger("silent"), clock });
    const usage: UsageEntry[] = [];
    const outcome = await policy.run(
      () => {
        clock.advance(250);
        return Promise.resolve({ value: "ok", usage: {} });
      },
      { timeoutMs: 5_000, onUsage: (entry) => usage.push(entry) },
    );
    expect(outcome).toEqual({ ok: true, value: "ok", latencyMs: 250 });
    expect(usage).toMatchObject([{ success: true, latencyMs: 250 }]);
  });

  it("throttles repeated error logs by it, logging the first one at once", () => {
    const clock = new ManualClock();
    const shouldLog = logThrottle(clock, 5_000);
    expect([shouldLog(), shouldLog()]).toEqual([true, false]);
    clock.advance(4_999);
    expect(shouldLog()).toBe(false);
    clock.advance(1);
    expect([shouldLog(), shouldLog()]).toEqual([true, false]);
  });
});

describe("the server on one clock", () => {
  // A month behind the system clock: by the system clock, tokens (7 days) and links (5 minutes)
  // made on this clock would have expired already.
  const clock = new ManualClock(new Date(systemClock.now().getTime() - 30 * DAY_MS));
  let server: TestServer;
  let minsu: SignedIn;
  const me = () => fetch(`${server.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${minsu.token}` } });

  beforeAll(async () => {
    server = await startTestServer({ overrides: { clock } });
    minsu = await server.signIn("Minsu");
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("gives tokens and recording links that hold by its time, and expire by it", async () => {
    expect((await me()).status).toBe(200);
    const uploaded = await fetch(`${server.baseUrl}/api/v1/audio`, {
      method: "POST",
      headers: { "content-type": "audio/wav", authorization: `Bearer ${minsu.token}` },
      body: new Uint8Array(await readFile("tests/fixtures/audio/answer.wav")),
    });
    expect(uploaded.status).toBe(201);
    const { audioId } = (await uploaded.json()) as { audioId: string };
    const link = await fetch(`${server.baseUrl}/api/v1/audio/${audioId}`, { headers: { authorization: `Bearer ${minsu.token}` }, redirect: "manual" });
    const location = link.headers.get("location")!;
    expect((await fetch(`${server.baseUrl}${location}`)).status).toBe(200);

    clock.advance(server.services.config.storage.urlTtlSeconds * 1000 + 1_000);
    expect((await fetch(`${server.baseUrl}${location}`)).status).toBe(403);
    clock.advance(server.services.config.jwt.ttlSeconds * 1000);
    const late = await me();
    expect(late.status).toBe(401);
    expect(await late.json()).toMatchObject({ error: { code: "token_expired" } });
  });
});
