import { Client } from "@colyseus/sdk";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../config/config.ts";
import { loadPlayground } from "../../http/playground.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

const PRODUCTION = { NODE_ENV: "production", JWT_SECRET: "a-production-secret-of-at-least-32-chars" };

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const get = (path: string) => fetch(`${server!.baseUrl}${path}`);

describe("the Colyseus playground", () => {
  it("is absent in production, where it cannot even be asked for", async () => {
    server = await startTestServer({ database: "postgres", env: PRODUCTION });
    expect(server.services.config.playground).toBe(false);
    expect((await get("/playground/")).status).toBe(404);
    expect((await get("/playground/rooms")).status).toBe(404);
    const turnedOn = () => loadConfig({ ...PRODUCTION, MONITOR_PASSWORD: "an-operator-password", PLAYGROUND: "true" });
    expect(turnedOn).toThrow(ConfigError);
    expect(turnedOn).toThrow(/PLAYGROUND: the Colyseus playground is a development tool/);
  });

  it("is off by default outside development (the test server's NODE_ENV=test)", async () => {
    server = await startTestServer({ database: "postgres" });
    expect(server.services.config.playground).toBe(false);
    expect((await get("/playground/")).status).toBe(404);
  });

  it("answers in development, and the rooms keep their own learner-token check", async () => {
    server = await startTestServer({ database: "postgres", env: { NODE_ENV: "development" } });
    expect(server.services.config.playground).toBe(true);
    const page = await get("/playground/");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const rooms = (await (await get("/playground/rooms")).json()) as { rooms: string[] };
    expect(rooms.rooms).toEqual(expect.arrayContaining(["cafe", "airport"]));

    // Loading the playground loaded @colyseus/auth and its default onAuth: KOTO's still decides.
    const { room } = await server.join("cafe", "Jun");
    expect(room.roomId).toBeTruthy();
    await room.leave(true);
    const anonymous = new Client(server.baseUrl);
    const noToken = anonymous.joinOrCreate("cafe", {});
    await expect(noToken).rejects.toMatchObject({ code: 401 });
    await expect(noToken).rejects.toThrow(/no token/);
    const forged = new Client(server.baseUrl);
    forged.auth.token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    const badToken = forged.joinOrCreate("cafe", {});
    await expect(badToken).rejects.toMatchObject({ code: 401 });
    await expect(badToken).rejects.toThrow(/invalid token/);
  });

  it("is skipped with a warning when the package is not installed", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => lines.push(line) });
    const missing = () => Promise.reject(Object.assign(new Error("Cannot find package '@colyseus/playground'"), { code: "ERR_MODULE_NOT_FOUND" }));
    expect(await loadPlayground(logger, missing)).toBeUndefined();
    expect(lines.join("\n")).toMatch(/cannot be loaded/);
  });
});
