import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../bench/serverProcess.ts";
import { createTempDatabase, type TempDatabase } from "../helpers/postgres.ts";
import { cleanEnv, npmScripts, projectFolder, REPO, start, type Started } from "./processes.ts";

const BANNER = /KOTO listening on http:\/\/localhost:(\d+)/;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track(started: Started): Started {
  cleanups.push(() => started.stop());
  return started;
}

async function scratchDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "koto-data-"));
  // The dev server's watcher process may still be storing a voice line as it stops.
  cleanups.push(() => rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }));
  return dir;
}

async function database(): Promise<TempDatabase> {
  const db = await createTempDatabase();
  cleanups.push(() => db.drop());
  return db;
}

const dotenv = (values: Record<string, string>) => Object.entries(values).map(([key, value]) => `${key}=${value}`).join("\n");
const operator = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`,
  "x-forwarded-for": "203.0.113.7",
});

describe("npm scripts and .env", () => {
  it("every script that runs KOTO code loads .env (postinstall, during npm install, does not)", async () => {
    const scripts = await npmScripts();
    const runsNode = Object.entries(scripts).filter(([name, command]) => command.startsWith("node ") && name !== "postinstall");
    expect(runsNode.length).toBeGreaterThan(10);
    expect(runsNode.filter(([, command]) => !command.includes("--env-file-if-exists=.env ")).map(([name]) => name)).toEqual([]);
  });

  it("npm start reads .env from the project folder, and the environment wins over it", { timeout: 120_000 }, async () => {
    const port = await freePort();
    const folder = await projectFolder(
      dotenv({
        PORT: String(port),
        HOST: "127.0.0.1",
        KOTO_DATA_DIR: await scratchDir(),
        DATABASE_URL: (await database()).url,
        MONITOR_USER: "from-dotenv",
        MONITOR_PASSWORD: "password-from-dotenv",
        LOG_LEVEL: "warn",
      }),
    );
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    const server = track(start("npm", ["start"], folder, cleanEnv({ MONITOR_USER: "from-environment" })));
    await server.waitFor(BANNER);
    expect(BANNER.exec(server.output())?.[1]).toBe(String(port));
    expect(server.output()).toContain('user "from-environment", password from MONITOR_PASSWORD');
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: operator("from-environment", "password-from-dotenv") });
    expect(metrics.status).toBe(200);
  });

  it("a bad value in .env stops npm start with the variable named", { timeout: 120_000 }, async () => {
    const folder = await projectFolder(dotenv({ PORT: "not-a-port", KOTO_DATA_DIR: await scratchDir() }));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    const server = track(start("npm", ["start"], folder, cleanEnv()));
    expect(await server.exited).not.toBe(0);
    expect(server.output()).toMatch(/Invalid configuration:\n\s+- PORT: /);
  });

  it("npm run dev serves the playground and restarts when a watched source folder changes", { timeout: 120_000 }, async () => {
    const scripts = await npmScripts();
    const watched = [...scripts.dev!.matchAll(/--watch-path=(\S+)/g)].map((match) => match[1]!);
    expect(watched).toEqual(expect.arrayContaining(["server", "domain", "rooms", "services", "http", "config", "content"]));
    const port = await freePort();
    // The embedded database, as a developer runs it: the restart has to reopen its folder.
    const folder = await projectFolder(dotenv({ PORT: String(port), HOST: "127.0.0.1", KOTO_DATA_DIR: await scratchDir(), LOG_LEVEL: "warn" }), watched);
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    const server = track(start("npm", ["run", "dev"], folder, cleanEnv()));
    await server.waitFor(BANNER, 1, 90_000);
    expect((await fetch(`http://127.0.0.1:${port}/playground/`)).status).toBe(200);

    await writeFile(path.join(folder, "domain", "changed.ts"), "export {};\n");
    await server.waitFor(BANNER, 2, 90_000);
    expect(server.output()).toMatch(/Restarting/);
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
  });
});

describe("an install without dev dependencies (npm ci --omit=dev)", () => {
  const HOOK = path.join(REPO, "tests/server/withoutDevDependencies.ts");

  async function serverWithoutDevDependencies(env: Record<string, string>) {
    const port = await freePort();
    const server = track(
      start(process.execPath, ["--import", HOOK, "--disable-warning=ExperimentalWarning", "server/main.ts"], REPO, cleanEnv({
        PORT: String(port),
        HOST: "127.0.0.1",
        KOTO_DATA_DIR: await scratchDir(),
        DATABASE_URL: (await database()).url,
        MONITOR_PASSWORD: "an-operator-password",
        LOG_LEVEL: "warn",
        ...env,
      })),
    );
    await server.waitFor(BANNER);
    return { server, url: (p: string) => `http://127.0.0.1:${port}${p}` };
  }

  it("starts in production without trying to load the playground", { timeout: 120_000 }, async () => {
    const { server, url } = await serverWithoutDevDependencies({ NODE_ENV: "production", JWT_SECRET: "a-production-secret-of-at-least-32-chars" });
    expect((await fetch(url("/health"))).status).toBe(200);
    expect((await fetch(url("/playground/"))).status).toBe(404);
    expect(server.output()).not.toContain("without dev dependencies: cannot resolve");
  });

  it("starts in development without the playground, and says why", { timeout: 120_000 }, async () => {
    const { server, url } = await serverWithoutDevDependencies({ NODE_ENV: "development" });
    expect((await fetch(url("/playground/"))).status).toBe(404);
    expect(server.output()).toContain("without dev dependencies: cannot resolve @colyseus/playground");
    expect(server.output()).toContain("@colyseus/playground cannot be loaded");
  });
});
