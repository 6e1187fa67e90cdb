import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Client, type Room } from "@colyseus/sdk";
import { loadConfig } from "../../config/config.ts";
import type { LearnerLang } from "../../domain/learners/learner.ts";
import { createServices, type ServiceOverrides, type Services } from "../../services/index.ts";
import { createLogger } from "../../services/logger.ts";
import { startServer, type RunningServer } from "../../server/startServer.ts";
import { createTempDatabase, type TempDatabase } from "./postgres.ts";

export const MONITOR_PASSWORD = "test-monitor-password";

export interface TestServerOptions {
  database?: "pglite" | "postgres";
  env?: Record<string, string>;
  overrides?: ServiceOverrides;
}

export interface SignedIn {
  token: string;
  learner: { userId: string; name: string; lang: LearnerLang };
}

export interface TestServer {
  readonly port: number;
  readonly baseUrl: string;
  readonly services: Services;
  readonly running: RunningServer;
  readonly database: TempDatabase | undefined;
  signIn(name: string, lang?: LearnerLang): Promise<SignedIn>;
  /** A signed-in SDK client joined to a scene. */
  join(roomName: string, name: string, lang?: LearnerLang, options?: Record<string, unknown>): Promise<JoinedLearner>;
  stop(flushTimeoutMs?: number): Promise<void>;
}

export interface JoinedLearner {
  sdk: Client;
  room: Room;
  auth: SignedIn;
}

/** Boots the real server (rooms, HTTP, database, migrations) on a free loopback port. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "koto-test-"));
  const database = options.database === "postgres" ? await createTempDatabase() : undefined;
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    KOTO_DATA_DIR: dataDir,
    MONITOR_PASSWORD,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...options.env,
  });
  const services = await createServices(config, createLogger(config.logLevel), options.overrides);
  const running = await startServer(services);
  const baseUrl = `http://127.0.0.1:${running.port}`;

  const signIn = async (name: string, lang: LearnerLang = "en"): Promise<SignedIn> => {
    const response = await fetch(`${baseUrl}/api/v1/auth/guest`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, lang }),
    });
    if (response.status !== 201) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as SignedIn;
  };

  return {
    port: running.port,
    baseUrl,
    services,
    running,
    database,
    signIn,
    async join(roomName, name, lang = "en", joinOptions = {}) {
      const auth = await signIn(name, lang);
      const sdk = new Client(baseUrl);
      sdk.auth.token = auth.token;
      const room = await sdk.joinOrCreate(roomName, { name, lang, ...joinOptions });
      return { sdk, room, auth };
    },
    async stop(flushTimeoutMs = 5_000) {
      await running.stop(flushTimeoutMs);
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
