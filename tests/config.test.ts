import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config/config.ts";

describe("configuration", () => {
  it("runs on embedded defaults with no environment at all", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 2567,
      dataDir: "./data",
      database: { url: undefined },
      redisUrl: undefined,
      monitor: { user: "admin", password: undefined },
      rooms: { reconnectSeconds: 20 },
      production: false,
    });
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", REDIS_URL: " ", ROOM_CAPACITY: "" })).toMatchObject({
      database: { url: undefined },
      redisUrl: undefined,
      rooms: { capacityOverride: undefined },
    });
  });

  it("lists every invalid variable in one error", () => {
    const attempt = () => loadConfig({ PORT: "abc", DATABASE_URL: "mysql://x", ROOM_CAPACITY: "0" });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.join("\n");
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/DATABASE_URL: must be a postgres/);
      expect(problems).toMatch(/ROOM_CAPACITY/);
    }
  });

  it("requires what the chosen providers need, and defaults to offline ones", () => {
    expect(loadConfig({}).ai).toMatchObject({ eval: { provider: "rules", budgetMs: 2_000 }, tts: { provider: "espeak", voice: "ko" }, stt: { provider: "none" } });
    expect(loadConfig({}).storage).toMatchObject({ kind: "fs", urlTtlSeconds: 300 });
    expect(() => loadConfig({ EVAL_PROVIDER: "gemini" })).toThrow(/GEMINI_API_KEY: required when EVAL_PROVIDER=gemini/);
    expect(() => loadConfig({ STORAGE: "s3", S3_ENDPOINT: "http://minio:9000" })).toThrow(/S3_ACCESS_KEY[\s\S]*S3_SECRET_KEY/);
    expect(() => loadConfig({ TTS_PROVIDER: "polly" })).toThrow(/TTS_PROVIDER/);
    expect(() => loadConfig({ GOOGLE_STT_ENDPOINT: "not an endpoint" })).toThrow(/GOOGLE_STT_ENDPOINT: must be host:port/);
    expect(loadConfig({ TTS_PROVIDER: "google" }).ai.tts.voice).toBe("ko-KR-Neural2-A");
  });

  it("refuses to start in production without real secrets", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/MONITOR_PASSWORD[\s\S]*JWT_SECRET/);
    expect(() =>
      loadConfig({ NODE_ENV: "production", MONITOR_PASSWORD: "changeme", JWT_SECRET: "x".repeat(40) }),
    ).toThrow(/MONITOR_PASSWORD/);
    expect(() =>
      loadConfig({ NODE_ENV: "production", MONITOR_PASSWORD: "a-long-operator-pass", JWT_SECRET: "short" }),
    ).toThrow(/JWT_SECRET/);
    expect(
      loadConfig({ NODE_ENV: "production", MONITOR_PASSWORD: "a-long-operator-pass", JWT_SECRET: "k".repeat(40) })
        .production,
    ).toBe(true);
  });
});
