import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config/config.ts";
import { createTempDatabase, query } from "./helpers/postgres.ts";

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

describe("TRUST_PROXY", () => {
  const trust = (value: string) => loadConfig({ TRUST_PROXY: value }).trustProxy;

  it("takes every form Express's trust proxy takes", () => {
    expect(loadConfig({}).trustProxy).toEqual({ kind: "ranges", ranges: ["loopback"] });
    expect(trust("true")).toEqual({ kind: "all" });
    expect(trust("FALSE")).toEqual({ kind: "none" });
    expect(trust("2")).toEqual({ kind: "hops", hops: 2 });
    expect(trust("0")).toEqual({ kind: "hops", hops: 0 });
    expect(trust("loopback, uniquelocal,linklocal")).toEqual({ kind: "ranges", ranges: ["loopback", "uniquelocal", "linklocal"] });
    expect(trust("10.0.0.1, 172.16.0.0/12, 192.168.1.0/255.255.255.0, ::1, fd00::/8")).toEqual({
      kind: "ranges",
      ranges: ["10.0.0.1", "172.16.0.0/12", "192.168.1.0/255.255.255.0", "::1", "fd00::/8"],
    });
  });

  it("names what is wrong with a bad value, with the other problems, and no stack trace", () => {
    for (const bad of ["yes", "loopbak", "10.0.0.300", "10.0.0.0/33", "fd00::/129", "1.5", "-1", "10.0.0.1,,", "10.0.0.0/255.0.255.0"]) {
      let problems: readonly string[] = [];
      try {
        loadConfig({ TRUST_PROXY: bad, PORT: "abc" });
      } catch (error) {
        problems = (error as ConfigError).problems;
      }
      expect(problems.join("\n"), bad).toMatch(/PORT/);
      expect(problems.find((p) => p.startsWith("TRUST_PROXY")), bad).toMatch(/true, false, a number of hops, loopback, linklocal, uniquelocal/);
    }
  });

  it("stops the server before it touches the database", async () => {
    const database = await createTempDatabase("koto_config");
    try {
      const run = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", "server/main.ts"], {
        env: { ...process.env, TRUST_PROXY: "loopbak", DATABASE_URL: database.url, PORT: "0", LOG_LEVEL: "info" },
        encoding: "utf8",
        timeout: 20_000,
      });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/Invalid configuration:\n {2}- TRUST_PROXY: "loopbak" is not/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      const tables = await query(database.url, "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'");
      expect(tables[0]).toEqual({ n: 0 });
    } finally {
      await database.drop();
    }
  });
});
