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
